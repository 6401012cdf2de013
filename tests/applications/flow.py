"""Steps of the application flow, for the tests: each one the real service call."""

import datetime
from typing import NamedTuple

from django.utils import timezone

from tests.factories import UnitFactory, UserFactory, engineering_committee, pdf_file, ready_engineer, review_plan
from zhicheng.accounts.models import Role, Unit, User
from zhicheng.applications import committee, publicity, services
from zhicheng.applications.attachments import attachment_stamp, attachment_upload
from zhicheng.applications.models import CreditCommitment
from zhicheng.applications.workflow import REVIEW_SECTIONS
from zhicheng.catalog.calendar import working_calendar
from zhicheng.catalog.models import Specialty
from zhicheng.review.models import ReviewPlan


def fresh(application):
    application.refresh_from_db()
    return application


def start(applicant, plan, specialty, today):
    application = services.application_start(
        applicant=applicant, plan=plan, specialty=specialty, level="intermediate", route="review", today=today
    )
    return start_papers(application)


def start_papers(application):
    """The credit commitment an application needs before it is submitted: its number and the file."""
    CreditCommitment.objects.create(application=application, commitment_number="KM2022-0001")
    attachment_upload(application=application, kind="commitment", uploaded=pdf_file("承诺书.pdf"), actor=application.applicant)
    return application


class CityPlanCast(NamedTuple):
    unit: Unit
    officer: User
    office: User
    plan: ReviewPlan
    specialty: Specialty


def city_plan_cast(specialty="水利工程") -> CityPlanCast:
    """An employer with its officer, a city engineering committee's 2022 plan with its
    office, and an engineering ``specialty``: the people an application meets on its way."""
    unit = UnitFactory()
    officer = UserFactory(role=Role.EMPLOYER, unit=unit)
    plan = review_plan(engineering_committee("city"))
    office = UserFactory(role=Role.COMMITTEE)
    plan.committee.office_staff.add(office)
    return CityPlanCast(unit, officer, office, plan, Specialty.objects.create(series="engineering", name=specialty))


def submitted_to_a_city_plan(today, attachments=()):
    """An engineer's application to a city committee's plan, submitted on ``today`` (the
    clock set to it by the caller) with ``attachments`` (kind, file name) besides the
    commitment: (application, the unit's officer, the committee office)."""
    cast = city_plan_cast("建筑工程")
    application = start(ready_engineer(cast.unit), cast.plan, cast.specialty, today)
    for kind, name in attachments:
        attachment_upload(application=application, kind=kind, uploaded=pdf_file(name), actor=application.applicant)
    submit(application, today)
    return application, cast.officer, cast.office


def submit(application, today):
    fresh(application)
    return services.application_submit(
        application_id=application.pk, actor=application.applicant, expected_version=application.version, today=today
    )


def approve(application, officer):
    for section in REVIEW_SECTIONS:
        services.employer_section_opinion(application_id=application.pk, actor=officer, section=section, passed=True, text="无误")
    for attachment in application.attachments.filter(replaced_by__isnull=True):
        attachment_stamp(attachment=attachment, actor=officer, opinion="与原件一致", originals_seen=True, originals_seen_where="单位人事科")
    fresh(application)
    services.employer_approve(application_id=application.pk, actor=officer, expected_version=application.version, text="同意推荐")


def publicise(applications, officer, starts_on, ends_on=None):
    return publicity.publicity_start(
        actor=officer, application_ids=[a.pk for a in applications], starts_on=starts_on, ends_on=ends_on, place="单位公示栏"
    )


def recommend(application, officer):
    fresh(application)
    publicity.recommend(
        actor=officer, application_id=application.pk, expected_version=application.version, today=timezone.localdate(),
        evaluation="业务能力强，完成多项工程设计", method="单位职称推荐小组评议", participants="单位领导班子及技术骨干",
        participant_count=9, opinion="同意推荐", formation="应到9人，实到9人，同意9票",
    )


def request_correction(application, office, today, items=("achievements",), deadline=None, reason=""):
    fresh(application)
    committee.committee_request_correction(
        application_id=application.pk, actor=office, expected_version=application.version, items=list(items),
        free_text="请补充项目验收证明", today=today,
        deadline=deadline or working_calendar().next_working_day(today + datetime.timedelta(days=10)),
        late_addition_reason=reason,
    )
    return fresh(application)
