"""学信网 online verification codes (L11, §二(八)): the 《教育部学历证书电子注册备案表》 is
verifiable online for the months the parameter sets; the applicant is warned the days ahead
the parameter sets, and a code that has expired is refused at submission."""

import datetime

from zhicheng.display import chinese_date
from zhicheng.rules import parameter

from .models import Education, EducationProof


def verification_message(education: Education, today: datetime.date) -> str:
    """The warning for one education record: expired, about to expire, or '' when fine."""
    expires = education.verification_expires_on
    if education.proof_kind != EducationProof.CHSI or expires is None:
        return ""
    if expires < today:
        months = parameter("education_proof.verification_valid_months", today).value
        return (f"{education.school}的学信网在线验证码已于{chinese_date(expires)}过期（在线验证有效期为{months}个月），"
                f"请重新下载《教育部学历证书电子注册备案表》并在个人档案中更新验证码和有效期")
    lead = parameter("education_proof.verification_warning_days", today).value
    if (expires - today).days <= lead:
        return f"{education.school}的学信网在线验证码将于{chinese_date(expires)}过期，过期后不能提交申报，请及时重新下载备案表并更新验证码"
    return ""


def expired_verifications(profile, today: datetime.date) -> list[Education]:
    """The profile's 学信网 records whose online verification has lapsed by ``today``."""
    return [education for education in profile.education_set.all()
            if education.proof_kind == EducationProof.CHSI and education.verification_expires_on is not None
            and education.verification_expires_on < today]
