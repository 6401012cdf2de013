"""The meeting through its services: the draw (C3), opening (T2, quorum), the secret ballot,
recusals, the result and the ceiling (C2), the minutes."""

import datetime

import pytest

from tests.meetings import scene as s
from zhicheng.applications.models import Notification, State
from zhicheng.applications.services import WorkflowError
from zhicheng.audit.models import Event
from zhicheng.audit.trail import events_for
from zhicheng.meetings import services
from zhicheng.meetings.models import Meeting, PanelDraw, Recusal, Tally, VoteReceipt, redraw
from zhicheng.review.models import TitleConfirmation

pytestmark = pytest.mark.django_db


def refused(call, **arguments) -> str:
    with pytest.raises(WorkflowError) as error:
        call(**arguments)
    return str(error.value)


def state_of(application):
    application.refresh_from_db()
    return application.state


# -- the draw ---------------------------------------------------------------------------

def test_draw_rerun_from_its_record_gives_the_same_panel():
    built = s.scene(experts=25)
    meeting = s.drawn(built, size=11)
    draw = PanelDraw.objects.get(meeting=meeting)

    assert redraw(draw) == draw.drawn
    assert sorted(meeting.members.values_list("expert_id", flat=True)) == sorted(draw.drawn)
    assert [entry["expert"] for entry in draw.pool] == sorted(e.pk for e in built.experts)
    assert len(draw.drawn) == 11 and draw.size == 11


def test_draw_record_altered_no_longer_reruns_the_same():
    built = s.scene(experts=25)
    draw = PanelDraw.objects.get(meeting=s.drawn(built, size=11))

    draw.seed = "0" * 16

    assert redraw(draw) != draw.drawn


def test_draw_pool_only_experts_whose_term_covers_the_meeting_day():
    built = s.scene(experts=11)
    lapsed = s.add_expert(built, term=(datetime.date(2019, 1, 1), datetime.date(2021, 12, 31)))
    meeting = s.drawn(built, size=11)

    pool = [entry["expert"] for entry in PanelDraw.objects.get(meeting=meeting).pool]

    assert lapsed.pk not in pool and len(pool) == 11


def test_draw_even_size_refused_and_nothing_drawn():
    built = s.scene(experts=13)
    meeting = s.meeting(built)

    message = refused(services.panel_draw, meeting_id=meeting.pk, actor=built.office, size=12)

    assert "须为单数" in message
    assert not PanelDraw.objects.filter(meeting=meeting).exists() and not meeting.members.exists()


def test_draw_below_minimum_of_senior_committee_by_series_refused():
    built = s.scene(experts=25, level="province")
    meeting = s.meeting(built)

    message = refused(services.panel_draw, meeting_id=meeting.pk, actor=built.office, size=23)

    assert "按系列组建的高级评委会评审专家不少于25人" in message


def test_draw_twice_refused():
    built = s.scene(experts=13)
    meeting = s.drawn(built, size=11)

    assert "不能重抽" in refused(services.panel_draw, meeting_id=meeting.pk, actor=built.office, size=13)


def test_draw_by_another_committees_office_refused():
    built, other = s.scene(), s.scene()
    meeting = s.meeting(built)

    assert "组建单位" in refused(services.panel_draw, meeting_id=meeting.pk, actor=other.office, size=11)


# -- opening --------------------------------------------------------------------------------

def present_all(built, meeting):
    services.attendance_record(meeting_id=meeting.pk, actor=built.office, present=list(meeting.members.values_list("pk", flat=True)))
    return meeting.members.first().pk


def test_meeting_without_pre_meeting_filing_cannot_open():
    built = s.scene(filing=False)
    meeting = s.drawn(built)
    chair = present_all(built, meeting)

    message = refused(services.meeting_open, meeting_id=meeting.pk, actor=built.office, chair=chair, today=s.MEETING_DAY)

    assert "未报送会前备案材料" in message
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.SCHEDULED and not meeting.tallies.exists()


def test_meeting_with_unacknowledged_filing_cannot_open():
    built = s.scene(acknowledged=False)
    meeting = s.drawn(built)
    chair = present_all(built, meeting)

    message = refused(services.meeting_open, meeting_id=meeting.pk, actor=built.office, chair=chair, today=s.MEETING_DAY)

    assert "尚未经人社部门备案" in message


def test_meeting_outside_committee_filing_period_cannot_open():
    built = s.scene()
    meeting = s.drawn(built)
    chair = present_all(built, meeting)
    built.committee.filing_valid_until = datetime.date(2022, 11, 21)
    built.committee.save()

    assert "核准备案有效期" in refused(services.meeting_open, meeting_id=meeting.pk, actor=built.office, chair=chair, today=s.MEETING_DAY)


def test_meeting_opens_only_on_its_day():
    built = s.scene()
    meeting = s.drawn(built)
    chair = present_all(built, meeting)

    message = refused(services.meeting_open, meeting_id=meeting.pk, actor=built.office, chair=chair, today=datetime.date(2022, 11, 21))

    assert "2022年11月22日" in message


def test_meeting_with_25_members_and_16_present_has_no_quorum_17_has():
    built = s.scene(experts=25, level="province")
    meeting = s.drawn(built, size=25)
    seats = list(meeting.members.values_list("pk", flat=True))

    services.attendance_record(meeting_id=meeting.pk, actor=built.office, present=seats[:16])
    message = refused(services.meeting_open, meeting_id=meeting.pk, actor=built.office, chair=seats[0], today=s.MEETING_DAY)
    services.attendance_record(meeting_id=meeting.pk, actor=built.office, present=seats[:17])
    services.meeting_open(meeting_id=meeting.pk, actor=built.office, chair=seats[0], today=s.MEETING_DAY)

    assert "出席专家16人，不足本次会议专家25人的2/3" in message
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.OPEN


def test_meeting_chair_must_be_present():
    built = s.scene()
    meeting = s.drawn(built)
    seats = list(meeting.members.values_list("pk", flat=True))
    services.attendance_record(meeting_id=meeting.pk, actor=built.office, present=seats[1:])

    assert "主任委员" in refused(services.meeting_open, meeting_id=meeting.pk, actor=built.office, chair=seats[0], today=s.MEETING_DAY)


def test_meeting_one_live_meeting_per_plan():
    built = s.scene()
    s.meeting(built)

    assert "尚未确认结果" in refused(s.meeting, built=built)


# -- recusal ------------------------------------------------------------------------------------

def test_same_unit_expert_recused_automatically_and_cannot_vote_on_that_applicant():
    built = s.scene(experts=11, candidates=0)
    colleague = built.experts[0]
    own = s.add_candidate(built, employer=colleague.unit)
    other = s.add_candidate(built)
    meeting = s.opened(built)

    message = refused(s.vote, meeting=meeting, expert=colleague, application=own, choice="yes")
    s.vote(meeting, colleague, other, "yes")

    assert "须回避" in message
    assert Recusal.objects.get(member__expert=colleague).application == own
    assert Tally.objects.get(meeting=meeting, application=own).ballots == 0
    drawn_event = events_for(meeting).get(action="meeting.panel_drawn")
    assert drawn_event.details["same_unit_recusals"] == [[colleague.pk, own.pk]]


def test_declared_relation_recuses_and_the_trail_shows_it():
    built = s.scene()
    meeting = s.opened(built)
    expert, candidate = built.experts[1], built.candidates[0]

    services.relation_declare(meeting_id=meeting.pk, actor=expert, application_id=candidate.pk, relation="近亲属")

    assert "须回避" in refused(s.vote, meeting=meeting, expert=expert, application=candidate, choice="no")
    event = events_for(meeting).get(action="meeting.recusal")
    assert (event.actor, event.details["application"], event.details["reason"]) == (expert, candidate.pk, "declared")


def test_declared_relation_after_voting_refused():
    built = s.scene()
    meeting = s.opened(built)
    expert, candidate = built.experts[1], built.candidates[0]
    s.vote(meeting, expert, candidate, "yes")

    message = refused(services.relation_declare, meeting_id=meeting.pk, actor=expert, application_id=candidate.pk, relation="师生")

    assert "已对" in message and not Recusal.objects.exists()


def test_result_recused_member_not_counted_among_those_present_for_that_candidate():
    # 11 present, one recused: 10 may vote; 7 yes is 2/3 of 10 (but not of 11).
    built = s.scene(experts=11, candidates=0)
    candidate = s.add_candidate(built, employer=built.experts[0].unit)
    meeting = s.opened(built)
    for expert in built.experts[1:8]:
        s.vote(meeting, expert, candidate, "yes")

    [result] = services.results(meeting)

    assert (result.present, result.recused, result.tally.yes, result.passes) == (10, 1, 7, True)


# -- the ballot -----------------------------------------------------------------------------------

def test_ballot_twice_refused():
    built = s.scene()
    meeting = s.opened(built)
    expert, candidate = built.experts[0], built.candidates[0]
    s.vote(meeting, expert, candidate, "yes")

    message = refused(s.vote, meeting=meeting, expert=expert, application=candidate, choice="no")

    assert "不能重复投票" in message
    tally = Tally.objects.get(meeting=meeting)
    assert (tally.yes, tally.no) == (1, 0)


def test_ballot_by_someone_not_on_the_panel_refused():
    built = s.scene(experts=12)
    meeting = s.drawn(built, size=11)
    outsider = next(e for e in built.experts if not meeting.members.filter(expert=e).exists())

    message = refused(services.ballot_cast, meeting_id=meeting.pk, actor=outsider, application_id=built.candidates[0].pk, choice="yes")

    assert "不能代为投票" in message


def test_ballot_office_cannot_vote_for_an_expert():
    built = s.scene()
    meeting = s.opened(built)

    message = refused(s.vote, meeting=meeting, expert=built.office, application=built.candidates[0], choice="yes")

    assert "不能代为投票" in message and Tally.objects.get(meeting=meeting).ballots == 0


def test_ballot_before_studying_the_standard_refused():
    built = s.scene()
    meeting = s.opened(built, studied=False)

    message = refused(s.vote, meeting=meeting, expert=built.experts[0], application=built.candidates[0], choice="yes")

    assert "学习评价标准" in message and not VoteReceipt.objects.exists()


def test_ballot_by_absent_member_refused():
    built = s.scene(experts=11)
    meeting = s.opened(built, present=built.experts[:10])
    services.standard_study_confirm(meeting_id=meeting.pk, actor=built.experts[10])

    assert "未登记出席" in refused(s.vote, meeting=meeting, expert=built.experts[10], application=built.candidates[0], choice="yes")


def test_ballot_after_voting_closed_refused():
    built = s.scene()
    meeting = s.opened(built)
    services.voting_close(meeting_id=meeting.pk, actor=built.office)

    message = refused(s.vote, meeting=meeting, expert=built.experts[0], application=built.candidates[0], choice="yes")

    assert "表决已结束" in message


def test_ballot_unknown_choice_refused():
    built = s.scene()
    meeting = s.opened(built)

    assert "表决意见" in refused(s.vote, meeting=meeting, expert=built.experts[0], application=built.candidates[0], choice="maybe")


def test_ballot_on_candidate_with_unconfirmed_title_refused():
    built = s.scene()
    candidate = built.candidates[0]
    TitleConfirmation.objects.create(
        application=candidate, issuer="四川省工程系列中级评委会", title_name="助理工程师", level="助理级",
        obtained_on=datetime.date(2015, 1, 1),
    )
    meeting = s.opened(built)

    message = refused(s.vote, meeting=meeting, expert=built.experts[0], application=candidate, choice="yes")

    assert "待确认" in message and "§一(五)" in message


def test_ballot_audit_event_names_the_voter_and_candidate_never_the_choice():
    built = s.scene()
    meeting = s.opened(built)
    s.vote(meeting, built.experts[0], built.candidates[0], "yes")
    s.vote(meeting, built.experts[1], built.candidates[0], "no")
    s.vote(meeting, built.experts[2], built.candidates[0], "abstain")

    events = list(Event.objects.filter(action="meeting.ballot_cast"))

    assert [e.details for e in events] == [{"application": built.candidates[0].pk}] * 3
    for event in events:
        text = f"{event.opinion}{event.details}{event.from_state}{event.to_state}"
        assert not any(word in text for word in ("yes", "no", "abstain", "同意", "弃权"))
    assert not Event.objects.filter(subject_type="applications.application", action="meeting.ballot_cast").exists()


def test_ballot_tally_and_receipt_cannot_link_an_expert_to_a_choice():
    tally_fields = {f.name for f in Tally._meta.get_fields()}
    receipt_fields = {f.name for f in VoteReceipt._meta.get_fields()}

    assert tally_fields == {"id", "meeting", "application", "yes", "no", "abstain"}
    assert receipt_fields == {"id", "member", "application"}


# -- results ---------------------------------------------------------------------------------------

def test_results_17_present_12_yes_passes_11_yes_and_6_abstentions_does_not():
    built = s.scene(experts=25, candidates=2, level="province")
    present = built.experts[:17]
    meeting = s.opened(built, present=present)
    first, second = built.candidates
    for number, expert in enumerate(present):
        s.vote(meeting, expert, first, "yes" if number < 12 else "no")
        s.vote(meeting, expert, second, "yes" if number < 11 else "abstain")

    s.close_and_confirm(built, meeting)

    assert (state_of(first), state_of(second)) == (State.PASSED, State.NOT_PASSED)
    assert Notification.objects.filter(recipient=first.applicant, application=first, message__contains="评审通过").exists()
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.CONFIRMED and meeting.confirmed_by == built.office


def test_results_members_present_who_did_not_vote_count_as_present():
    built = s.scene(experts=11)
    meeting = s.opened(built)
    for expert in built.experts[:7]:
        s.vote(meeting, expert, built.candidates[0], "yes")

    [result] = services.results(meeting)

    assert (result.present, result.outstanding, result.passes) == (11, 4, False)


def test_results_above_the_ceiling_cannot_be_confirmed():
    built = s.scene(candidates=3, ceiling=60)
    meeting = s.opened(built)
    for candidate in built.candidates:
        for expert in built.experts:
            s.vote(meeting, expert, candidate, "yes")
    services.voting_close(meeting_id=meeting.pk, actor=built.office)

    message = refused(services.results_confirm, meeting_id=meeting.pk, actor=built.office)

    assert "通过率100.0%，超过评审计划规定的通过率上限60%" in message
    assert [state_of(c) for c in built.candidates] == [State.ON_MEETING_LIST] * 3
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.VOTING_CLOSED


def test_results_confirm_refused_while_voting_open():
    built = s.scene()
    meeting = s.opened(built)

    assert "不能确认评审结果" in refused(services.results_confirm, meeting_id=meeting.pk, actor=built.office)


def test_results_candidate_who_could_not_be_voted_on_not_passed_with_the_reason():
    built = s.scene(candidates=2)
    blocked, voted = built.candidates
    TitleConfirmation.objects.create(
        application=blocked, issuer="四川省工程系列中级评委会", title_name="助理工程师", level="助理级",
        obtained_on=datetime.date(2015, 1, 1), status=TitleConfirmation.Status.REFUSED,
    )
    meeting = s.opened(built)
    for expert in built.experts:
        s.vote(meeting, expert, voted, "no")

    s.close_and_confirm(built, meeting)

    assert state_of(blocked) == State.NOT_PASSED
    assert "不予确认" in events_for(blocked).get(action="application.meeting_fail").opinion


def test_results_applicant_trail_never_names_an_expert():
    built = s.scene(ceiling=100)
    meeting = s.opened(built)
    for expert in built.experts:
        s.vote(meeting, expert, built.candidates[0], "yes")
    s.close_and_confirm(built, meeting)

    names = {e.real_name for e in built.experts}

    assert not {event.actor_name for event in events_for(built.candidates[0])} & names


# -- minutes ---------------------------------------------------------------------------------------

def test_minutes_signed_by_the_chair_only_after_confirmation():
    built = s.scene(ceiling=100)
    meeting = s.opened(built)
    chair, other = built.experts[0], built.experts[1]
    too_early = refused(services.minutes_sign, meeting_id=meeting.pk, actor=chair)
    for expert in built.experts:
        s.vote(meeting, expert, built.candidates[0], "yes")
    s.close_and_confirm(built, meeting)

    not_chair = refused(services.minutes_sign, meeting_id=meeting.pk, actor=other)
    services.minutes_sign(meeting_id=meeting.pk, actor=chair)

    assert "不能签署会议记录" in too_early and "主任委员" in not_chair
    meeting.refresh_from_db()
    assert meeting.chair == chair and meeting.minutes_signed_at is not None
    assert events_for(meeting).filter(action="meeting.minutes_signed", actor=chair).exists()
