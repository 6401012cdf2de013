"""The profile as it stood at submission, frozen into the application: later edits of the
profile do not change what was submitted."""

from zhicheng.display import chinese_date, display_value
from zhicheng.profiles.models import ApplicantProfile
from zhicheng.profiles.sections import SECTIONS


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
    }
