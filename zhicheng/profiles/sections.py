"""The editable sections of a profile, listed once for the pages that show and edit them."""

from dataclasses import dataclass

from django import forms
from django.db import models

from . import forms as profile_forms
from .models import Education, InsuranceMonth, QualificationRecord, TitleRecord, WorkRecord


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    model: type[models.Model]
    form: type[forms.ModelForm]
    columns: tuple[str, ...]
    form_needs_profile: bool = False

    def records(self, profile):
        return getattr(profile, f"{self.model._meta.model_name}_set").all()

    def make_form(self, profile, *args, **kwargs):
        if self.form_needs_profile:
            kwargs["profile"] = profile
        return self.form(*args, **kwargs)


SECTIONS = {
    section.slug: section
    for section in (
        Section(
            "education",
            "学历学位",
            Education,
            profile_forms.EducationForm,
            ("degree", "school", "major", "graduated_on", "proof_kind", "verification_expires_on"),
        ),
        Section(
            "work",
            "工作经历",
            WorkRecord,
            profile_forms.WorkRecordForm,
            ("unit_name", "position", "started_on", "ended_on", "professional_work"),
        ),
        Section(
            "titles",
            "已取得职称",
            TitleRecord,
            profile_forms.TitleRecordForm,
            ("series", "level", "obtained_on", "method", "origin", "issued_by", "certificate_number"),
        ),
        Section(
            "qualifications",
            "职业资格",
            QualificationRecord,
            profile_forms.QualificationRecordForm,
            ("name", "certificate_number", "obtained_on"),
        ),
        Section(
            "insurance",
            "社会保险参保记录",
            InsuranceMonth,
            profile_forms.InsuranceMonthForm,
            ("month", "city", "insuring_unit_name", "insuring_unit_code"),
            form_needs_profile=True,
        ),
    )
}
