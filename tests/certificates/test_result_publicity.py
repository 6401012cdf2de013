"""The result publicity (C4, T7): its length in working days, objections, re-examinations,
and the confirmation that waits for all of them."""

import datetime

import pytest

from tests.certificates import steps
from tests.certificates.steps import SEPT_29
from zhicheng.applications.models import Notification, State
from zhicheng.applications.services import WorkflowError
from zhicheng.certificates import services
from zhicheng.certificates.models import Certificate, Reexamination, ResultEntry

OCT_10, OCT_11 = datetime.date(2022, 10, 10), datetime.date(2022, 10, 11)


def fresh(application):
    application.refresh_from_db()
    return application


def test_result_publicity_shorter_than_five_working_days_refused_with_earliest_end(cast, passed):
    with pytest.raises(WorkflowError) as refused:
        steps.publicise(cast.plan, [passed], cast.office, SEPT_29, datetime.date(2022, 10, 9))

    assert "公示期2022年9月29日至2022年10月9日不足5个工作日" in str(refused.value)
    assert "最早可于2022年10月10日结束" in str(refused.value)
    assert fresh(passed).state == State.PASSED


def test_result_publicity_end_defaults_to_earliest_working_end(cast, passed):
    publicity = steps.publicise(cast.plan, [passed], cast.office, SEPT_29)

    assert (publicity.starts_on, publicity.ends_on) == (SEPT_29, OCT_10)
    assert fresh(passed).state == State.RESULT_PUBLICITY
    assert Notification.objects.filter(recipient=cast.applicant, message__contains="2022年9月29日至2022年10月10日").exists()


def test_result_publicity_started_by_another_office_refused(cast, passed):
    from tests.factories import UserFactory
    from zhicheng.accounts.models import Role

    stranger = UserFactory(role=Role.COMMITTEE)

    with pytest.raises(WorkflowError, match="只有该评委会组建单位的经办人"):
        steps.publicise(cast.plan, [passed], stranger, SEPT_29)


def test_result_confirmation_before_period_ends_refused(cast, in_publicity):
    with pytest.raises(WorkflowError) as refused:
        steps.confirm([in_publicity], cast.bureau, OCT_10)

    assert "结果公示至2022年10月10日结束，2022年10月11日起才能确认" in str(refused.value)
    assert fresh(in_publicity).state == State.RESULT_PUBLICITY
    assert not Certificate.objects.exists()


def test_upheld_objection_overturns_result(cast, in_publicity):
    entry = ResultEntry.objects.get(application=in_publicity)
    objection = services.result_objection_record(actor=cast.office, entry=entry, received_on=datetime.date(2022, 9, 30),
                                                 content="业绩证明中的项目负责人另有其人")

    services.result_objection_settle(actor=cast.office, objection=objection, upheld=True, settlement="经核实，异议属实",
                                     today=datetime.date(2022, 10, 9))

    assert fresh(in_publicity).state == State.NOT_PASSED
    with pytest.raises(WorkflowError):
        steps.confirm([in_publicity], cast.bureau, OCT_11)


def test_unsettled_objection_blocks_confirmation_dismissed_one_does_not(cast, in_publicity):
    entry = ResultEntry.objects.get(application=in_publicity)
    objection = services.result_objection_record(actor=cast.office, entry=entry, received_on=datetime.date(2022, 9, 30), content="年限不足")

    with pytest.raises(WorkflowError, match="还有未处理的公示异议"):
        steps.confirm([in_publicity], cast.bureau, OCT_11)
    services.result_objection_settle(actor=cast.office, objection=objection, upheld=False, settlement="经核对档案，年限符合", today=OCT_11)
    steps.confirm([in_publicity], cast.bureau, OCT_11)

    assert fresh(in_publicity).state == State.CONFIRMED


def test_objection_received_outside_period_refused(cast, in_publicity):
    entry = ResultEntry.objects.get(application=in_publicity)

    with pytest.raises(WorkflowError, match="收到日期应在公示期2022年9月29日至2022年10月10日之内"):
        services.result_objection_record(actor=cast.office, entry=entry, received_on=OCT_11, content="迟到的异议")


def test_pending_reexamination_blocks_confirmation(cast, in_publicity):
    request = services.reexamination_request(actor=cast.applicant, application_id=in_publicity.pk,
                                             reason="公示名单中专业有误", today=datetime.date(2022, 10, 8))

    with pytest.raises(WorkflowError, match="还有未办结的复查申请"):
        steps.confirm([in_publicity], cast.bureau, OCT_11)
    services.reexamination_decide(actor=cast.office, reexamination=request, overturned=False, text="已更正专业，维持评审结果", today=OCT_11)
    steps.confirm([in_publicity], cast.bureau, OCT_11)

    request.refresh_from_db()
    assert (request.outcome, request.outcome_text, request.decided_by) == (Reexamination.Outcome.UPHELD, "已更正专业，维持评审结果", cast.office)
    assert fresh(in_publicity).state == State.CONFIRMED


def test_reexamination_overturned_ends_not_passed(cast, in_publicity):
    request = services.reexamination_request(actor=cast.applicant, application_id=in_publicity.pk, reason="请复查", today=SEPT_29)

    services.reexamination_decide(actor=cast.office, reexamination=request, overturned=True, text="复查发现论文系代写", today=OCT_10)

    assert fresh(in_publicity).state == State.NOT_PASSED


def test_reexamination_after_the_period_or_by_someone_else_refused(cast, in_publicity):
    from tests.factories import ApplicantFactory

    with pytest.raises(WorkflowError, match="复查申请应在公示期"):
        services.reexamination_request(actor=cast.applicant, application_id=in_publicity.pk, reason="请复查", today=OCT_11)
    with pytest.raises(WorkflowError, match="只能对本人的评审结果申请复查"):
        services.reexamination_request(actor=ApplicantFactory(), application_id=in_publicity.pk, reason="请复查", today=SEPT_29)


def test_review_result_without_acknowledged_pre_meeting_filing_cannot_be_confirmed(cast, clock):
    from zhicheng.review import services as review
    from django.db import transaction
    from zhicheng.applications.services import change_state, locked

    application = steps.qualified(cast.applicant, cast.plan, cast.specialty, cast.officer, cast.office, clock, day=datetime.date(2022, 8, 1))
    review.pre_meeting_file(plan=cast.plan, actor=cast.office, work_plan="方案", publicity_summary="已公示", admitted=[application],
                            today=datetime.date(2022, 8, 22))
    with transaction.atomic():
        change_state(locked(application.pk, None), "meeting_pass", actor=cast.office)
    steps.publicise(cast.plan, [application], cast.office, SEPT_29)

    with pytest.raises(WorkflowError, match="会前备案材料尚未经人社部门备案"):
        steps.confirm([application], cast.bureau, OCT_11)


def test_office_of_the_organising_unit_may_confirm_too(cast, in_publicity):
    (issued,) = steps.confirm([in_publicity], cast.office, OCT_11)

    assert issued.holder == cast.applicant


def test_confirmation_by_bureau_of_another_region_refused(cast, in_publicity, other_bureau):
    with pytest.raises(WorkflowError, match="只有评委会所在地区的人力资源社会保障部门"):
        steps.confirm([in_publicity], other_bureau, OCT_11)

    assert fresh(in_publicity).state == State.RESULT_PUBLICITY
