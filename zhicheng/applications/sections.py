"""The applicant's own sections of an application, and the employer's section-by-section review."""

from zhicheng.sections import Section

from . import forms
from .models import Achievement, AnnualAssessment, ContinuingEducation, Opinion
from .workflow import REVIEW_SECTIONS


def latest_section_opinions(application) -> dict[str, Opinion]:
    """The newest opinion on each section since the application was last submitted."""
    latest = {}
    opinions = application.opinions.filter(kind=Opinion.Kind.SECTION)
    if application.submitted_at:
        opinions = opinions.filter(created_at__gte=application.submitted_at)
    for opinion in opinions.order_by("created_at", "pk"):
        latest[opinion.section] = opinion
    return latest


def sections_still_open(application) -> list[str]:
    latest = latest_section_opinions(application)
    return [slug for slug in REVIEW_SECTIONS if slug not in latest or not latest[slug].passed]


APPLICATION_SECTIONS = {
    section.slug: section
    for section in (
        Section("achievements", "业绩成果", Achievement, forms.AchievementForm,
                ("kind", "title", "achieved_on", "role"), "application"),
        Section("assessments", "年度考核", AnnualAssessment, forms.AnnualAssessmentForm,
                ("year", "result"), "application", form_needs_owner=True),
        Section("continuing_education", "继续教育", ContinuingEducation, forms.ContinuingEducationForm,
                ("year", "hours", "provider"), "application", form_needs_owner=True),
    )
}
