"""The application from draft to the committee's door: SPEC L1–L6, with the counting of
review opinions (§一(四)) at its edges."""

import datetime

import pytest
import time_machine

from tests.factories import pdf_file, UnitFactory, UserFactory, engineering_committee, ready_engineer, review_plan
from zhicheng.accounts.models import Role
from zhicheng.applications import services
from zhicheng.applications.attachments import attachment_stamp, attachment_upload
from zhicheng.applications.models import Application, CreditCommitment, RefusalForYear, State
from zhicheng.applications.workflow import REVIEW_SECTIONS
from zhicheng.catalog.models import Specialty
from zhicheng.profiles.models import Education

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2022, 8, 1)


@pytest.fixture(autouse=True)
def in_august_2022():
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False):
        yield


@pytest.fixture
def world():
    unit = UnitFactory()
    officer = UserFactory(role=Role.EMPLOYER, unit=unit)
    plan = review_plan(engineering_committee("city"))
    specialty = Specialty.objects.create(series="engineering", name="建筑工程")
    return unit, officer, plan, specialty


def start(applicant, plan, specialty, today=TODAY):
    application = services.application_start(
        applicant=applicant, plan=plan, specialty=specialty, level="intermediate", route="review", today=today
    )
    CreditCommitment.objects.create(application=application, commitment_number="KM2022-0001")
    attachment_upload(application=application, kind="commitment", uploaded=pdf_file("承诺书.pdf"), actor=applicant)
    return application


def submit(application):
    application.refresh_from_db()
    return services.application_submit(
        application_id=application.pk, actor=application.applicant, expected_version=application.version, today=TODAY
    )


def pass_all_sections(application, officer):
    for section in REVIEW_SECTIONS:
        services.employer_section_opinion(application_id=application.pk, actor=officer, section=section, passed=True, text="无误")


def approve(application, officer):
    pass_all_sections(application, officer)
    for attachment in application.attachments.filter(replaced_by__isnull=True):
        attachment_stamp(attachment=attachment, actor=officer, opinion="与原件一致", originals_seen=True, originals_seen_where="单位人事科")
    application.refresh_from_db()
    services.employer_approve(application_id=application.pk, actor=officer, expected_version=application.version, text="同意推荐")


def give_back(application, officer, text="请补充业绩证明", reset=False):
    application.refresh_from_db()
    services.employer_return(
        application_id=application.pk, actor=officer, expected_version=application.version, text=text, today=TODAY, reset=reset
    )
    application.refresh_from_db()
    return application


def test_returns_before_approval_are_not_counted(world):
    unit, officer, plan, specialty = world
    application = start(ready_engineer(unit), plan, specialty)

    for _ in range(5):
        submit(application)
        give_back(application, officer)
    give_back(submit(application), officer, reset=True)

    assert application.state == State.RETURNED
    assert application.counted_opinions == 0
    assert application.opinions.filter(counted=True).count() == 0


def test_three_counted_returns_allowed_and_the_next_problem_refuses_for_the_year(world):
    unit, officer, plan, specialty = world
    applicant = ready_engineer(unit)
    application = start(applicant, plan, specialty)
    submit(application)
    approve(application, officer)

    for expected in (1, 2, 3):
        give_back(application, officer)
        assert (application.state, application.counted_opinions) == (State.RETURNED, expected)
        submit(application)

    give_back(application, officer, text="业绩证明仍不完整")

    assert application.state == State.REFUSED_FOR_YEAR
    assert application.counted_opinions == 3
    refusal = RefusalForYear.objects.get(person=applicant)
    assert refusal.year == 2022 and "业绩证明仍不完整" in refusal.reason


def test_refused_person_cannot_apply_elsewhere_that_year_but_can_next_year(world):
    unit, officer, plan, specialty = world
    applicant = ready_engineer(unit)
    application = start(applicant, plan, specialty)
    submit(application)
    approve(application, officer)
    for _ in range(4):
        give_back(application, officer)
        if application.state == State.RETURNED:
            submit(application)
    other_plan = review_plan(engineering_committee("district"))

    with pytest.raises(services.WorkflowError, match="本年度各评委会不再受理"):
        start(applicant, other_plan, specialty)

    next_year_plan = review_plan(engineering_committee("city"), year=2023)
    with time_machine.travel(datetime.datetime(2023, 8, 1, 10, 0), tick=False):
        later = services.application_start(
            applicant=applicant, plan=next_year_plan, specialty=specialty, level="intermediate", route="review",
            today=datetime.date(2023, 8, 1),
        )
    assert later.state == State.DRAFT


def test_refusal_for_year_also_fails_precheck_e7(world):
    unit, officer, plan, specialty = world
    applicant = ready_engineer(unit)
    first = start(applicant, plan, specialty)
    RefusalForYear.objects.create(person=applicant, year=2022, application=first, reason="测试")
    second_plan = review_plan(engineering_committee("district"))
    second = Application.objects.create(
        applicant=applicant, plan=second_plan, employer=unit, series="engineering", specialty=specialty, level="intermediate"
    )

    decision = services.precheck_for(second, TODAY)

    e7 = next(check for check in decision["checks"] if check["rule"] == "E7")
    assert e7["status"] == "fail"


def test_double_submission_makes_one_submission(world):
    unit, _officer, plan, specialty = world
    application = start(ready_engineer(unit), plan, specialty)
    version = application.version

    for _ in range(2):  # a double click: both posts carry the version the page showed
        services.application_submit(application_id=application.pk, actor=application.applicant, expected_version=version, today=TODAY)

    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.version == version + 1


def test_stale_page_cannot_act(world):
    unit, officer, plan, specialty = world
    application = start(ready_engineer(unit), plan, specialty)
    submit(application)
    application.refresh_from_db()
    stale = application.version
    give_back(application, officer)

    with pytest.raises(services.Conflict):
        services.employer_return(
            application_id=application.pk, actor=officer, expected_version=stale, text="再次退回", today=TODAY
        )
    application.refresh_from_db()
    assert application.opinions.filter(text="再次退回").count() == 0


def test_submission_blocked_by_failing_rule_with_clause(world):
    unit, _officer, plan, specialty = world
    applicant = ready_engineer(unit, insured_until=datetime.date(2022, 5, 1))  # June and July missing
    application = start(applicant, plan, specialty)

    with pytest.raises(services.WorkflowError) as refused:
        submit(application)

    assert "E2" in str(refused.value) and "2022年职称申报评审工作通知 二(三)" in str(refused.value)
    application.refresh_from_db()
    assert application.state == State.DRAFT


def test_submission_needs_credit_commitment(world):
    unit, _officer, plan, specialty = world
    application = start(ready_engineer(unit), plan, specialty)
    CreditCommitment.objects.filter(application=application).delete()

    with pytest.raises(services.WorkflowError, match="承诺书"):
        submit(application)


def test_closed_window_cannot_be_chosen(world):
    unit, _officer, _plan, specialty = world
    closed = review_plan(engineering_committee("district"), applications_open_on=datetime.date(2022, 5, 1), receiving_until=datetime.date(2022, 7, 31))

    with pytest.raises(services.WorkflowError, match="今天不能选择该评委会"):
        start(ready_engineer(unit), closed, specialty)


def test_provincial_window_follows_t3(world):
    unit, _officer, _plan, specialty = world
    provincial = review_plan(
        engineering_committee("province"), receiving_from=datetime.date(2022, 8, 15),
        receiving_until=datetime.date(2022, 8, 30), unified_submission=True,
    )

    assert provincial.window == (datetime.date(2022, 8, 8), datetime.date(2022, 8, 27))
    with pytest.raises(services.WorkflowError, match="2022年8月8日 至 2022年8月27日24:00"):
        start(ready_engineer(unit), provincial, specialty)


def test_draft_not_accepted_after_window_closes(world):
    unit, _officer, plan, specialty = world
    application = start(ready_engineer(unit), plan, specialty)

    with time_machine.travel(datetime.datetime(2022, 9, 16, 9, 0), tick=False):
        with pytest.raises(services.WorkflowError, match="现已关闭"):
            services.application_submit(
                application_id=application.pk, actor=application.applicant, expected_version=application.version,
                today=datetime.date(2022, 9, 16),
            )


def test_snapshot_frozen_at_submission(world):
    unit, _officer, plan, specialty = world
    applicant = ready_engineer(unit)
    application = start(applicant, plan, specialty)
    submit(application)

    Education.objects.filter(profile=applicant.profile).update(school="云南大学")

    application.refresh_from_db()
    rows = application.snapshot["sections"]["education"]["rows"]
    assert rows[0][1] == "昆明理工大学"


def test_approval_needs_every_section_reviewed(world):
    unit, officer, plan, specialty = world
    application = start(ready_engineer(unit), plan, specialty)
    submit(application)
    services.employer_section_opinion(application_id=application.pk, actor=officer, section="basic", passed=True, text="无误")
    application.refresh_from_db()

    with pytest.raises(services.WorkflowError, match="学历学位及证明"):
        services.employer_approve(application_id=application.pk, actor=officer, expected_version=application.version, text="同意")


def test_other_units_officer_cannot_review(world):
    unit, _officer, plan, specialty = world
    application = start(ready_engineer(unit), plan, specialty)
    submit(application)
    stranger = UserFactory(role=Role.EMPLOYER, unit=UnitFactory())

    with pytest.raises(services.WorkflowError):
        services.employer_section_opinion(application_id=application.pk, actor=stranger, section="basic", passed=True, text="x")


def test_withdraw_closes_and_allows_a_new_application(world):
    unit, _officer, plan, specialty = world
    applicant = ready_engineer(unit)
    application = start(applicant, plan, specialty)
    submit(application)
    application.refresh_from_db()

    services.application_withdraw(application_id=application.pk, actor=applicant, expected_version=application.version, reason="材料准备不足")

    application.refresh_from_db()
    assert application.state == State.WITHDRAWN
    assert start(applicant, plan, specialty).state == State.DRAFT


def test_assessment_received_only_in_its_months(world):
    unit, _officer, plan, specialty = world
    applicant = ready_engineer(unit)

    with pytest.raises(services.WorkflowError, match="考核定职仅在1月、4月、7月、10月受理，下次受理从2022年10月1日开始"):
        services.application_start(applicant=applicant, plan=plan, specialty=specialty, level="intermediate", route="assessment", today=TODAY)

    july = services.application_start(
        applicant=applicant, plan=plan, specialty=specialty, level="intermediate", route="assessment", today=datetime.date(2022, 7, 15)
    )
    assert july.route == "assessment"


def test_service_counted_to_the_review_year_even_when_applying_in_january(world):
    _unit, _officer, plan, _specialty = world

    assert plan.service_cutoff_for("review", datetime.date(2023, 1, 5)) == datetime.date(2022, 12, 31)
    assert plan.service_cutoff_for("assessment", datetime.date(2023, 1, 5)) == datetime.date(2023, 1, 5)


def test_withdrawing_and_starting_again_does_not_reset_the_count(world):
    unit, officer, plan, specialty = world
    applicant = ready_engineer(unit)
    first = start(applicant, plan, specialty)
    submit(first)
    approve(first, officer)
    for round_ in range(3):
        if round_:
            submit(first)
        give_back(first, officer)
    assert (first.state, first.counted_opinions) == (State.RETURNED, 3)
    services.application_withdraw(application_id=first.pk, actor=applicant, expected_version=first.version, reason="重新申报")
    second = start(applicant, plan, specialty)
    submit(second)
    approve(second, officer)

    give_back(second, officer, text="仍有问题")

    assert second.state == State.REFUSED_FOR_YEAR
