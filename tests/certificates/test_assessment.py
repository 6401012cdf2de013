"""考核定职 (§三, T5): decided by the responsible HR bureau without a meeting, then the
same result publicity and confirmation as any other result."""

import datetime

import pytest

from tests.certificates import steps
from tests.certificates.steps import SEPT_29
from zhicheng.applications.models import State
from zhicheng.applications.services import WorkflowError
from zhicheng.certificates import services
from zhicheng.profiles.models import TitleRecord

JULY_15 = datetime.date(2022, 7, 15)


@pytest.fixture
def assessment(cast):
    """A 考核定职 application made in July (an assessment month) and qualified by the committee."""
    return steps.qualified(cast.applicant, cast.plan, cast.specialty, cast.officer, cast.office, cast.clock, day=JULY_15, route="assessment")


def decide(application, bureau, passed, reason=""):
    application.refresh_from_db()
    return services.assessment_decide(actor=bureau, application_id=application.pk, expected_version=application.version,
                                      passed=passed, reason=reason)


def test_assessment_decided_by_bureau_without_meeting(cast, assessment):
    decide(assessment, cast.bureau, True, "考核合格")
    steps.publicise(cast.plan, [assessment], cast.office, SEPT_29)
    (certificate,) = steps.confirm([assessment], cast.bureau, datetime.date(2022, 10, 11))

    assessment.refresh_from_db()
    assert assessment.state == State.CONFIRMED
    assert not hasattr(cast.plan, "pre_meeting_filing")  # no meeting, no meeting filing
    assert (certificate.method, certificate.get_method_display()) == ("assessment", "考核认定（考核定职）")
    assert TitleRecord.objects.get(certificate_number=certificate.number).method == "assessment"


def test_assessment_failed_needs_a_reason_and_ends_not_passed(cast, assessment):
    with pytest.raises(WorkflowError, match="考核认定未通过须写明理由"):
        decide(assessment, cast.bureau, False)

    decide(assessment, cast.bureau, False, "近三年业绩不足")

    assessment.refresh_from_db()
    assert assessment.state == State.NOT_PASSED


def test_review_route_application_is_not_decided_by_bureau(cast, clock):
    application = steps.qualified(cast.applicant, cast.plan, cast.specialty, cast.officer, cast.office, clock, day=datetime.date(2022, 8, 1))

    with pytest.raises(WorkflowError, match="须经评审会议评审"):
        decide(application, cast.bureau, True)


def test_assessment_by_bureau_of_another_region_refused(cast, assessment, other_bureau):
    with pytest.raises(WorkflowError, match="只有评委会所在地区的人力资源社会保障部门"):
        decide(assessment, other_bureau, True)

    assessment.refresh_from_db()
    assert assessment.state == State.QUALIFIED
