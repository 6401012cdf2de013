"""The main pages of each role, as a person of that role reaches them in the demo data:
their home page, their lists, and one of each kind of record they open from a list."""

from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.applications.access import visible_applications
from zhicheng.applications.models import UnitPublicity
from zhicheng.meetings.models import Meeting
from zhicheng.review.models import ReviewPlan

LISTS = {
    Role.APPLICANT: ["web:home", "web:profile", "web:insurance_import", "web:eligibility", "web:my_applications", "web:application_new", "web:my_results", "web:notifications"],
    Role.EMPLOYER: ["web:home", "web:unit_applications", "web:publicities", "web:unit_staff", "web:notifications"],
    Role.COMMITTEE: ["web:home", "web:committee_queue", "web:plans", "web:office_meetings", "web:result_plans", "web:committee_home"],
    Role.EXPERT: ["web:home", "web:expert_meetings", "web:expert_home"],
    Role.BUREAU: ["web:home", "web:bureau_home", "web:bureau_filings", "web:bureau_confirmations", "web:bureau_assessments", "web:bureau_certificates", "web:bureau_qualifications"],
    Role.ADMIN: ["web:home", "web:admin_home"],
}


def main_pages(user) -> list[str]:
    """The paths to open for this person: each list, then a record of each kind."""
    paths = [reverse(name) for name in LISTS[user.role]]
    application = visible_applications(user).order_by("-pk").first()
    if application is not None and user.role in (Role.APPLICANT, Role.EMPLOYER, Role.COMMITTEE):
        paths.append(reverse("web:application", args=[application.pk]))
    if user.role == Role.APPLICANT:
        paths.append(reverse("web:eligibility") + "?title=engineering.intermediate&route=review&region_level=city")
    if user.role == Role.EMPLOYER:
        publicity = UnitPublicity.objects.filter(unit=user.unit).order_by("-pk").first()
        if publicity is not None:
            paths.append(reverse("web:publicity", args=[publicity.pk]))
    if user.role == Role.COMMITTEE:
        # the replayed 2022 plan and this year's, whose dates are computed from today
        plans = ReviewPlan.objects.filter(committee__office_staff=user)
        for year in (2022, timezone.localdate().year):
            for plan in plans.filter(year=year).order_by("pk")[:1]:
                paths += [reverse("web:plan", args=[plan.pk]), reverse("web:plan_results", args=[plan.pk])]
        meeting = Meeting.objects.filter(plan__committee__office_staff=user).order_by("-held_on").first()
        if meeting is not None:
            paths.append(reverse("web:office_meeting", args=[meeting.pk]))
    if user.role == Role.EXPERT:
        meeting = Meeting.objects.filter(members__expert=user).order_by("-held_on").first()
        if meeting is not None:
            paths.append(reverse("web:expert_meeting", args=[meeting.pk]))
    return list(dict.fromkeys(paths))
