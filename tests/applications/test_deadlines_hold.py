"""Every deadline holds on every path (§二(二), §二(七), §二(八)): refused over HTTP, and a
refusal changes nothing — not the state, not the version, not the trail."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.applications import flow
from tests.factories import ready_engineer
from zhicheng.applications import publicity
from zhicheng.applications.models import Application, Recommendation, State, UnitPublicity
from zhicheng.applications.services import employer_return
from zhicheng.audit.models import Event

pytestmark = pytest.mark.django_db

# The 2022 plan of the factories: window 2022-07-11 to 2022-09-15, the material deadline.
D = datetime.date


def at(clock, day):
    clock.move_to(datetime.datetime(day.year, day.month, day.day, 10, 0))


@pytest.fixture
def clock():
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def cast(clock):
    return flow.city_plan_cast()


def publicised(cast):
    """Applied, approved and publicised in the first week of September 2022, the result recorded on the 8th."""
    unit, officer, _office, plan, specialty = cast
    application = flow.start(ready_engineer(unit, insured_until=D(2022, 9, 1)), plan, specialty, D(2022, 9, 1))
    flow.submit(application, D(2022, 9, 1))
    flow.approve(application, officer)
    shown = flow.publicise([application], officer, D(2022, 9, 1))
    publicity.publicity_close(actor=officer, publicity=shown, today=D(2022, 9, 8))
    return application


def snapshot(application):
    application.refresh_from_db()
    return application.state, application.version, Event.objects.count()


def test_a_back_dated_unit_publicity_is_refused_and_one_recorded_from_the_approval_on_is_allowed(client, clock, cast):
    unit, officer, _office, plan, specialty = cast
    application = flow.start(ready_engineer(unit, insured_until=D(2022, 9, 1)), plan, specialty, D(2022, 8, 1))
    flow.submit(application, D(2022, 8, 1))
    at(clock, D(2022, 8, 3))
    flow.approve(application, officer)
    client.force_login(officer)
    assert "不能早于审核通过之日" in client.get(reverse("web:publicities")).content.decode()  # the form says so
    before = snapshot(application)

    response = client.post(reverse("web:publicities"), {
        "applications": [application.pk], "starts_on": "2022-07-25", "place": "单位公示栏"})

    assert response.status_code == 200
    assert "于2022年8月3日经单位审核通过" in response.content.decode()
    assert snapshot(application) == before and not UnitPublicity.objects.exists()

    at(clock, D(2022, 8, 12))  # recorded after the fact, from the day of the approval
    client.force_login(officer)  # a session of the day: sessions expire
    response = client.post(reverse("web:publicities"), {
        "applications": [application.pk], "starts_on": "2022-08-03", "place": "单位公示栏"})
    assert response.status_code == 302
    assert UnitPublicity.objects.get().ends_on == D(2022, 8, 9)  # 3, 4, 5, 8 and 9 August
    assert flow.fresh(application).state == State.IN_PUBLICITY


def test_a_resubmission_after_the_window_closed_is_refused(client, clock, cast):
    unit, officer, _office, plan, specialty = cast
    application = flow.start(ready_engineer(unit, insured_until=D(2022, 9, 1)), plan, specialty, D(2022, 8, 1))
    flow.submit(application, D(2022, 8, 1))
    at(clock, D(2022, 9, 14))
    flow.fresh(application)
    employer_return(application_id=application.pk, actor=officer, expected_version=application.version,
                    text="请补充继续教育证明", today=D(2022, 9, 14))
    at(clock, D(2022, 9, 16))
    client.force_login(application.applicant)
    before = snapshot(application)

    response = client.post(reverse("web:application_submit", args=[application.pk]), {"version": before[1]}, follow=True)

    assert "2022年7月11日 至 2022年9月15日24:00，现已关闭，不再受理" in response.content.decode()
    assert snapshot(application) == before and before[0] == State.RETURNED


def test_a_recommendation_after_the_material_deadline_is_refused(client, clock, cast):
    _unit, officer, _office, _plan, _specialty = cast
    application = publicised(cast)
    at(clock, D(2022, 9, 16))
    client.force_login(officer)
    before = snapshot(application)

    response = client.post(reverse("web:application_recommend", args=[application.pk]), {
        "version": before[1], "evaluation": "技术扎实", "method": "推荐小组评议", "participants": "班子成员",
        "participant_count": 7, "opinion": "同意推荐", "formation": "7票同意"})

    assert response.status_code == 200
    assert "截止收审材料日期为2022年9月15日，逾期不再办理，不能推荐报送" in response.content.decode()
    assert snapshot(application) == before and before[0] == State.PUBLICITY_DONE
    assert not Recommendation.objects.exists()


def test_a_correction_within_its_own_deadline_is_received_after_the_material_deadline(clock, cast):
    _unit, officer, office, _plan, _specialty = cast
    application = publicised(cast)
    at(clock, D(2022, 9, 8))
    flow.recommend(application, officer)
    flow.request_correction(application, office, D(2022, 9, 14), deadline=D(2022, 9, 23))
    at(clock, D(2022, 9, 20))

    from zhicheng.applications.committee import correction_resubmit
    correction_resubmit(application_id=application.pk, actor=application.applicant,
                        expected_version=flow.fresh(application).version, today=D(2022, 9, 20))

    assert flow.fresh(application).state == State.COMMITTEE_REVIEW


def test_a_correction_deadline_on_a_day_off_is_refused_with_the_next_working_day(clock, cast):
    _unit, officer, office, _plan, _specialty = cast
    application = publicised(cast)
    at(clock, D(2022, 9, 8))
    flow.recommend(application, officer)
    before = snapshot(application)

    with pytest.raises(Exception) as refused:
        flow.request_correction(application, office, D(2022, 9, 26), deadline=D(2022, 10, 3))

    assert "2022年10月3日是休息日" in str(refused.value) and "2022年10月8日" in str(refused.value)  # 国庆, then a working Saturday
    assert snapshot(application) == before


def test_an_expired_verification_code_is_refused_at_submission_with_its_date(client, clock, cast):
    unit, _officer, _office, plan, specialty = cast
    applicant = ready_engineer(unit, insured_until=D(2022, 9, 1))
    applicant.profile.education_set.update(verification_expires_on=D(2022, 7, 31))
    application = flow.start(applicant, plan, specialty, D(2022, 8, 1))
    client.force_login(applicant)
    before = snapshot(application)

    response = client.post(reverse("web:application_submit", args=[application.pk]), {"version": before[1]}, follow=True)

    page = response.content.decode()
    assert "学信网在线验证码已于2022年7月31日过期（在线验证有效期为6个月）" in page
    assert snapshot(application) == before and before[0] == State.DRAFT


def test_the_applicant_is_warned_ahead_and_reviewers_see_the_validity_beside_the_code(client, clock, cast):
    unit, officer, _office, plan, specialty = cast
    applicant = ready_engineer(unit, insured_until=D(2022, 9, 1))
    applicant.profile.education_set.update(verification_code="A1B2C3D4E5F6G7H8", verification_expires_on=D(2022, 8, 20))
    client.force_login(applicant)

    assert "学信网在线验证码将于2022年8月20日过期，过期后不能提交申报" in client.get(reverse("web:profile")).content.decode()

    application = flow.start(applicant, plan, specialty, D(2022, 8, 1))
    flow.submit(application, D(2022, 8, 1))
    client.force_login(officer)
    page = client.get(reverse("web:application", args=[application.pk])).content.decode()
    assert "A1B2C3D4E5F6G7H8" in page and "2022年8月20日" in page
    assert page.index("A1B2C3D4E5F6G7H8") < page.index("2022年8月20日")


def test_reviewers_see_a_code_past_its_validity_marked_expired(client, clock, cast):
    unit, officer, office, plan, specialty = cast
    applicant = ready_engineer(unit, insured_until=D(2022, 9, 1))
    applicant.profile.education_set.update(verification_code="A1B2C3D4E5F6G7H8", verification_expires_on=D(2022, 9, 5))
    application = flow.start(applicant, plan, specialty, D(2022, 9, 1))
    flow.submit(application, D(2022, 9, 1))
    flow.approve(application, officer)
    shown = flow.publicise([application], officer, D(2022, 9, 1))
    publicity.publicity_close(actor=officer, publicity=shown, today=D(2022, 9, 8))
    at(clock, D(2022, 9, 5))  # the last day of its validity: not expired yet
    client.force_login(officer)
    assert "2022年9月5日（已过期）" not in client.get(reverse("web:application", args=[application.pk])).content.decode()

    at(clock, D(2022, 9, 9))
    flow.recommend(application, officer)
    for reviewer in (officer, office):
        client.force_login(reviewer)
        page = client.get(reverse("web:application", args=[application.pk])).content.decode()
        assert "A1B2C3D4E5F6G7H8" in page and "2022年9月5日（已过期）" in page


def test_a_committee_outside_its_filing_receives_nothing(clock, cast):
    unit, _officer, _office, plan, specialty = cast
    plan.committee.filing_valid_until = D(2022, 7, 31)
    plan.committee.save()
    applicant = ready_engineer(unit, insured_until=D(2022, 9, 1))

    with pytest.raises(Exception) as refused:
        flow.start(applicant, plan, specialty, D(2022, 8, 1))

    assert "2022年8月1日不在备案有效期内" in str(refused.value)
    assert not Application.objects.exists()


def at_the_committee(clock, cast):
    """Recommended on 2022-09-09: with the committee for its qualification review (资格审查)."""
    _unit, officer, _office, _plan, _specialty = cast
    application = publicised(cast)
    at(clock, D(2022, 9, 9))
    flow.recommend(application, officer)
    return flow.fresh(application)


QUALIFICATION_STEPS = {
    "web:committee_qualify": {"text": "经审核，符合申报条件"},
    "web:committee_correction": {"items": ["achievements"], "free_text": "请补充项目竣工验收证明", "deadline": "2022-09-23"},
    "web:committee_reject": {"text": "任职年限不足"},
}


def lapse_filing(plan):
    plan.committee.filing_valid_until = D(2022, 9, 11)
    plan.committee.save()


def retire_experts(plan):
    plan.committee.experts.update(term_until=D(2022, 9, 11))


@pytest.mark.parametrize("step", QUALIFICATION_STEPS)
@pytest.mark.parametrize("lapse, refusal", [(lapse_filing, "2022年9月13日不在备案有效期内，不能受理和评审"),
                                            (retire_experts, "在2022年9月13日任期内的评审专家仅0人")],
                         ids=["filing-ended", "no-expert-in-term"])
def test_qualification_review_outside_the_filing_or_without_experts_in_term_is_refused_over_http(client, clock, cast, step, lapse,
                                                                                                  refusal):
    _unit, _officer, office, plan, _specialty = cast
    application = at_the_committee(clock, cast)
    lapse(plan)
    at(clock, D(2022, 9, 13))
    client.force_login(office)
    before = snapshot(application)

    response = client.post(reverse(step, args=[application.pk]), {"version": application.version, **QUALIFICATION_STEPS[step]},
                           follow=True)

    assert refusal in response.content.decode()
    assert snapshot(application) == before
    assert application.state == State.COMMITTEE_REVIEW


def test_qualification_review_inside_the_filing_goes_on(client, clock, cast):
    _unit, _officer, office, _plan, _specialty = cast
    application = at_the_committee(clock, cast)
    at(clock, D(2022, 9, 13))
    client.force_login(office)

    client.post(reverse("web:committee_qualify", args=[application.pk]), {"version": application.version, "text": "符合申报条件"})

    assert flow.fresh(application).state == State.QUALIFIED


def test_pre_meeting_filing_outside_the_committee_filing_is_refused_and_changes_nothing(client, clock, cast):
    from zhicheng.review.models import PreMeetingFiling

    _unit, _officer, office, plan, _specialty = cast
    application = at_the_committee(clock, cast)
    client.force_login(office)
    client.post(reverse("web:committee_qualify", args=[application.pk]), {"version": application.version, "text": "符合申报条件"})
    lapse_filing(plan)
    at(clock, D(2022, 9, 13))
    client.force_login(office)
    before = snapshot(application)

    response = client.post(reverse("web:pre_meeting_file", args=[plan.pk]), {
        "work_plan": "评审工作方案", "publicity_summary": "资格审核结果已公示", "admitted": [application.pk]}, follow=True)

    assert "不在备案有效期内" in response.content.decode()
    assert snapshot(application) == before and not PreMeetingFiling.objects.exists()


def test_exceptional_vetting_outside_the_filing_is_refused_over_http_and_changes_nothing(client, clock):
    from tests.applications.test_routes import at_the_committee as exceptional_at_the_committee

    application, office = exceptional_at_the_committee("exceptional")
    committee = application.plan.committee
    committee.filing_valid_until = D(2022, 7, 31)
    committee.save()
    client.force_login(office)
    before = snapshot(application)

    response = client.post(reverse("web:committee_exceptional_vet", args=[application.pk]), {
        "version": application.version, "recommenders": "张某某，正高级工程师\n李某某，正高级工程师", "text": "推荐意见齐全"}, follow=True)

    assert "2022年8月1日不在备案有效期内，不能受理和评审" in response.content.decode()
    assert snapshot(application) == before
