"""The profile as it stood at submission, frozen into the application: later edits of the
profile do not change what was submitted."""

import datetime

from zhicheng.catalog.vocabulary import Degree, Level
from zhicheng.display import chinese_date, display_value
from zhicheng.profiles.models import ApplicantProfile, Education, EducationProof
from zhicheng.profiles.sections import SECTIONS

DEGREE_RANK = list(Degree.values)
LEVEL_RANK = list(Level.values)


def profile_snapshot(profile: ApplicantProfile) -> dict:
    user, unit = profile.user, profile.contract_unit
    return {
        "basic": {
            "姓名": user.real_name,
            "性别": user.gender_display,
            "出生日期": chinese_date(user.birth_date),
            "人事劳动合同签订单位": unit.name if unit else "",
            "单位性质": unit.get_kind_display() if unit else "",
            "单位在乡镇（街道）": "是" if unit and unit.in_township else "否",
        },
        "sections": {
            slug: {
                "title": section.title,
                "columns": [str(section.model._meta.get_field(column).verbose_name) for column in section.columns],
                "rows": [[display_value(record, column) for column in section.columns] for record in section.records(profile)],
            }
            for slug, section in SECTIONS.items()
        },
        "facts": profile_facts(profile),
        # the 学信网 codes' validity, row by row of the education section, for reviewers' 「已过期」
        "verification_expires_on": [
            record.verification_expires_on.isoformat() if record.proof_kind == EducationProof.CHSI and record.verification_expires_on else None
            for record in SECTIONS["education"].records(profile)
        ],
    }


def snapshot_on(snapshot: dict | None, today: datetime.date) -> dict | None:
    """The frozen profile as a reviewer reads it on ``today``: a 学信网 code whose online
    verification lapsed before ``today`` reads 「已过期」 beside its validity (L11, §二(八))."""
    expires = (snapshot or {}).get("verification_expires_on")
    if not expires:
        return snapshot
    education = snapshot["sections"]["education"]
    column = education["columns"].index(str(Education._meta.get_field("verification_expires_on").verbose_name))
    rows = [list(row) for row in education["rows"]]
    for row, day in zip(rows, expires):
        if day and datetime.date.fromisoformat(day) < today:
            row[column] = f"{row[column]}（已过期）"
    return {**snapshot, "sections": {**snapshot["sections"], "education": {**education, "rows": rows}}}


def profile_facts(profile: ApplicantProfile) -> dict:
    """The few structured facts the publicity form (D1) needs, as they stood at submission."""
    educations = sorted(profile.education_set.all(), key=lambda e: DEGREE_RANK.index(e.degree))
    titles = sorted(profile.titlerecord_set.all(), key=lambda t: (LEVEL_RANK.index(t.level), t.obtained_on))
    qualifications = sorted(profile.qualificationrecord_set.all(), key=lambda q: q.obtained_on)
    work = sorted((w for w in profile.workrecord_set.all() if w.professional_work), key=lambda w: w.started_on)
    top_education, top_title = (educations[-1] if educations else None), (titles[-1] if titles else None)
    current = (
        {"name": top_title.title_name, "obtained_on": top_title.obtained_on.isoformat()} if top_title
        else {"name": qualifications[-1].name, "obtained_on": qualifications[-1].obtained_on.isoformat()} if qualifications
        else None
    )
    return {
        "gender": profile.user.gender_display,
        "birth_date": profile.user.birth_date.isoformat(),
        "education": {
            "degree": top_education.get_degree_display(), "school": top_education.school, "major": top_education.major,
            "graduated_on": top_education.graduated_on.isoformat(),
        } if top_education else None,
        "current_title": current,
        "professional_work_since": work[0].started_on.isoformat() if work else None,
    }
