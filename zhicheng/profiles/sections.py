"""The editable sections of a profile, listed once for the pages that show and edit them."""

from zhicheng.sections import Section

from . import forms as profile_forms
from .models import Education, InsurancePeriod, PostRecord, QualificationRecord, TitleRecord, WorkRecord


SECTIONS = {
    section.slug: section
    for section in (
        Section(
            "education",
            "学历学位",
            Education,
            profile_forms.EducationForm,
            ("degree", "school", "major", "graduated_on", "proof_kind", "verification_code", "verification_expires_on"),
            "profile",
        ),
        Section(
            "work",
            "工作经历",
            WorkRecord,
            profile_forms.WorkRecordForm,
            ("unit_name", "position", "started_on", "ended_on", "professional_work"),
            "profile",
        ),
        Section(
            "titles",
            "已取得职称",
            TitleRecord,
            profile_forms.TitleRecordForm,
            ("series", "level", "obtained_on", "method", "origin", "issued_by", "certificate_number"),
            "profile",
        ),
        Section(
            "posts",
            "岗位聘任",
            PostRecord,
            profile_forms.PostRecordForm,
            ("series", "level", "post_name", "started_on", "ended_on"),
            "profile",
        ),
        Section(
            "qualifications",
            "职业资格",
            QualificationRecord,
            profile_forms.QualificationRecordForm,
            ("name", "certificate_number", "obtained_on"),
            "profile",
        ),
        Section(
            "insurance",
            "社会保险参保记录",
            InsurancePeriod,
            profile_forms.InsurancePeriodForm,
            ("from_month", "to_month", "city", "insuring_unit_name", "insuring_unit_code"),
            "profile",
            form_needs_owner=True,
        ),
    )
}
