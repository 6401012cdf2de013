"""The applicant's own sections of an application, and the employer's section-by-section review."""

from zhicheng.sections import Section

from . import forms
from .models import Achievement, AnnualAssessment, ContinuingEducation, Opinion
from .workflow import REVIEW_SECTIONS


def latest_section_opinions(application, opinions: list[Opinion] | None = None) -> dict[str, Opinion]:
    """The newest opinion on each section since the application was last submitted;
    ``opinions``: all of the application's, oldest first, when they are read already."""
    latest = {}
    if opinions is None:
        opinions = application.opinions.filter(kind=Opinion.Kind.SECTION)
        if application.submitted_at:
            opinions = opinions.filter(created_at__gte=application.submitted_at)
        opinions = opinions.order_by("created_at", "pk")
    else:
        since = application.submitted_at
        opinions = [o for o in opinions if o.kind == Opinion.Kind.SECTION and (not since or o.created_at >= since)]
    for opinion in opinions:
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
