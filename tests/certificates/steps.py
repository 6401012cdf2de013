"""Steps from qualification to results, for the tests: each one the real service call."""

import datetime
from types import SimpleNamespace

from django.db import transaction

from tests.applications import flow
from tests.factories import UnitFactory, UserFactory, engineering_committee, pdf_file, ready_engineer, review_plan
from zhicheng.accounts.models import Role
from zhicheng.applications import committee, publicity, services
from zhicheng.applications.attachments import attachment_upload
from zhicheng.applications.models import CreditCommitment
from zhicheng.catalog.models import Specialty
from zhicheng.applications.services import change_state, locked
from zhicheng.certificates import services as results
from zhicheng.review import services as review

SEPT_29 = datetime.date(2022, 9, 29)  # National Day follows: 10-01 to 10-07 are holidays, 10-08 and 10-09 working days


def cast(clock):
    """A city engineering committee of Dongchuan with its 2022 plan (meeting 2022-09-20),
    its office, the district bureau, one employer and one ready applicant."""
    unit = UnitFactory(name="昆明市东川区水利水电勘测设计院")
    committee = engineering_committee("city", name="昆明市工程系列中级职称评审委员会")
    committee.filed_on, committee.filing_valid_until = datetime.date(2021, 1, 1), datetime.date(2023, 12, 31)
    committee.contact_phone = "0871-62138554"
    committee.save()
    plan = review_plan(committee, receiving_from=datetime.date(2022, 8, 1), receiving_until=datetime.date(2022, 8, 31),
                       meeting_on=datetime.date(2022, 9, 20))
    office = UserFactory(role=Role.COMMITTEE, real_name="熊德华")
    committee.office_staff.add(office)
    bureau = UserFactory(role=Role.BUREAU, unit=UnitFactory(name="昆明市东川区人力资源和社会保障局", kind="government"), real_name="李春梅")
    applicant = ready_engineer(unit)
    applicant.real_name = "韦明辉"
    applicant.save()
    return SimpleNamespace(
        unit=unit, committee=committee, plan=plan, office=office, bureau=bureau, applicant=applicant, clock=clock,
        officer=UserFactory(role=Role.EMPLOYER, unit=unit, real_name="黎艳芳"),
        specialty=Specialty.objects.create(series="engineering", name="水利工程"),
    )


def qualified(applicant, plan, specialty, officer, office, clock, *, day, route="review"):
    """An application taken through the employer, its unit publicity and the committee's
    qualification review, starting on ``day``."""
    clock.move_to(datetime.datetime.combine(day, datetime.time(9)))
    application = services.application_start(
        applicant=applicant, plan=plan, specialty=specialty, level="intermediate", route=route, today=day
    )
    CreditCommitment.objects.create(application=application, commitment_number="KM2022-0001")
    attachment_upload(application=application, kind="commitment", uploaded=pdf_file("承诺书.pdf"), actor=applicant)
    flow.submit(application, day)
    flow.approve(application, officer)
    shown = flow.publicise([application], officer, day + datetime.timedelta(days=1))
    publicity.publicity_close(actor=officer, publicity=shown, today=shown.ends_on + datetime.timedelta(days=1))
    flow.recommend(application, officer)
    flow.fresh(application)
    committee.committee_qualify(application_id=application.pk, actor=office, expected_version=application.version, text="符合条件",
                                today=day)
    return flow.fresh(application)


def passed_at_meeting(plan, applications, office, bureau, *, filed_on, verdict="meeting_pass"):
    """The pre-meeting filing, acknowledged by the bureau, then the meeting's verdict.  The
    meeting itself belongs to ``zhicheng.meetings``; its "passed" (or ``verdict``) is the
    workflow move."""
    filing = review.pre_meeting_file(
        plan=plan, actor=office, work_plan="评审工作方案", publicity_summary="资格审核结果已公示5个工作日，无异议",
        admitted=applications, today=filed_on,
    )
    review.filing_acknowledge(filing=filing, actor=bureau, today=filed_on)
    for application in applications:
        with transaction.atomic():
            change_state(locked(application.pk, None), verdict, actor=office)
    return [flow.fresh(application) for application in applications]


def failed(cast):
    """The applicant, not passed at the meeting of 2022-09-20."""
    application = qualified(cast.applicant, cast.plan, cast.specialty, cast.officer, cast.office, cast.clock, day=datetime.date(2022, 8, 1))
    (application,) = passed_at_meeting(cast.plan, [application], cast.office, cast.bureau, filed_on=datetime.date(2022, 8, 22),
                                       verdict="meeting_fail")
    return application


def publicise(plan, applications, office, starts_on, ends_on=None):
    return results.result_publicity_start(
        actor=office, plan=plan, application_ids=[a.pk for a in applications], starts_on=starts_on, ends_on=ends_on,
        place="评委会组建单位网站",
    )


def confirm(applications, actor, today):
    return results.result_confirm(actor=actor, application_ids=[a.pk for a in applications], today=today)


def passed(cast):
    """The applicant, passed at the meeting of 2022-09-20."""
    application = qualified(cast.applicant, cast.plan, cast.specialty, cast.officer, cast.office, cast.clock, day=datetime.date(2022, 8, 1))
    (application,) = passed_at_meeting(cast.plan, [application], cast.office, cast.bureau, filed_on=datetime.date(2022, 8, 22))
    return application


def in_publicity(cast, application):
    """The result publicised from 2022-09-29 to 2022-10-10."""
    publicise(cast.plan, [application], cast.office, SEPT_29)
    return flow.fresh(application)


def certificate(cast, application):
    """Confirmed by the bureau on 2022-10-11."""
    (issued,) = confirm([application], cast.bureau, datetime.date(2022, 10, 11))
    return issued
