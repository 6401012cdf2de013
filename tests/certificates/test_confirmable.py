"""The one-query answer to "whose results can be confirmed" agrees with the per-entry
check the confirmation itself makes."""

import datetime

import pytest

from tests.web.test_query_counts import result_publicity
from zhicheng.applications.models import Route, State
from zhicheng.certificates.models import ResultEntry
from zhicheng.review.models import PreMeetingFiling
from zhicheng.certificates.services import confirmable_applications, confirmable_counts, confirmation_blocker

pytestmark = pytest.mark.django_db


def test_confirmable_applications_are_those_without_a_blocker():
    _, _, plan = result_publicity(8)
    publicity = plan.result_publicities.get()
    entries = list(ResultEntry.objects.filter(publicity=publicity).order_by("pk"))
    # settle the objections of the first six; decide the re-examinations of 0 and 2 (0, 2, 4, 6 have one)
    for entry in entries[:6]:
        entry.objections.update(upheld=False, settled_on=datetime.date(2022, 11, 30), settlement="经核实异议不成立")
    for entry in entries[:3]:
        entry.reexaminations.update(outcome="upheld", outcome_text="维持")
    entries[1].application.state = State.CONFIRMED
    entries[1].application.save()
    # the plan's meeting has no acknowledged pre-meeting filing: only 考核定职 results can be confirmed
    for entry in entries[1:]:
        entry.application.route = Route.ASSESSMENT
        entry.application.save()
    entries[5].application.route = Route.EXCEPTIONAL  # 破格 is reviewed at the meeting too
    entries[5].application.save()
    after = publicity.ends_on + datetime.timedelta(days=1)

    expected = {e.application_id for e in ResultEntry.objects.filter(publicity=publicity) if confirmation_blocker(e, after) is None}

    assert set(confirmable_applications(publicity, after).values_list("pk", flat=True)) == expected
    assert expected == {entries[2].application_id, entries[3].application_id}
    assert not confirmable_applications(publicity, publicity.ends_on).exists()
    # the count a page of publicities shows, all in one query, is the same
    assert confirmable_counts([publicity], after) == {publicity.pk: 2}
    assert confirmable_counts([publicity], publicity.ends_on) == {publicity.pk: 0}


def test_confirmable_counts_follow_the_meeting_filing():
    """Once the plan's meeting is recognised (its pre-meeting filing acknowledged), every
    route's result can be confirmed, not only 考核定职's: the count of each publicity follows the
    list, whatever it lists."""
    bureau, office, plan = result_publicity(6)
    other = result_publicity(3)[2].result_publicities.get()
    publicity = plan.result_publicities.get()
    entries = list(ResultEntry.objects.filter(publicity=publicity).order_by("pk"))
    for entry in entries[:4]:
        entry.objections.update(upheld=False, settled_on=datetime.date(2022, 11, 30), settlement="经核实异议不成立")
        entry.reexaminations.update(outcome="upheld", outcome_text="维持")
    entries[0].application.route = Route.ASSESSMENT
    entries[0].application.save()
    after = publicity.ends_on + datetime.timedelta(days=1)
    assert confirmable_counts([publicity, other], after) == {publicity.pk: 1, other.pk: 0}

    PreMeetingFiling.objects.create(
        plan=plan, filed_on=datetime.date(2022, 11, 1), filed_by=office, work_plan="评审工作方案",
        qualification_summary="申报、通过情况", publicity_summary="已公示5个工作日", applied_count=6, passed_count=6,
        failed_count=0, acknowledged_by=bureau, acknowledged_on=datetime.date(2022, 11, 2))
    publicity = plan.result_publicities.select_related("plan__committee", "plan__pre_meeting_filing").get()
    expected = {e.application_id for e in ResultEntry.objects.filter(publicity=publicity) if confirmation_blocker(e, after) is None}
    assert len(expected) == 4
    assert confirmable_counts([publicity, other], after) == {publicity.pk: 4, other.pk: 0}
    assert set(confirmable_applications(publicity, after).values_list("pk", flat=True)) == expected
