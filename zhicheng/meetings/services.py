"""Every step of the review meeting (评审会议): one function each, one transaction each, one
audit event each, messages after commit.  The numbers come from ``counting`` (C2, C3),
the pre-meeting filing and title-confirmation checks from ``zhicheng.review.services``.

Events about experts (the draw, recusals, votes) are recorded on the meeting, never on an
application: an application's trail is shown to the applicant, and the panel is not."""

import datetime
import secrets
from collections import Counter
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from zhicheng.accounts.models import User
from zhicheng.applications.models import Application, State
from zhicheng.applications.notifications import notify, notify_committee_office
from zhicheng.applications.services import WorkflowError, change_state, locked
from zhicheng.audit.trail import record_event
from zhicheng.catalog.models import ExpertMembership
from zhicheng.display import chinese_date
from zhicheng.review.models import ReviewPlan
from zhicheng.review.services import meeting_blocker, require_office, vote_blocker, vote_blockers
from zhicheng.rules.catalogue import get_series, get_standard
from zhicheng.transactions import atomic

from . import counting
from .models import Meeting, PanelDraw, PanelMember, Recusal, Tally, VoteReceipt, draw_experts

CHOICES = {"yes": "同意", "no": "不同意", "abstain": "弃权"}
LIVE_STATES = (Meeting.State.SCHEDULED, Meeting.State.OPEN, Meeting.State.VOTING_CLOSED)


def _locked(meeting_id: int) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",), no_key=True).select_related("plan__committee", "chair").get(pk=meeting_id)


def _require_state(meeting: Meeting, *states: str, doing: str):
    if meeting.state not in states:
        raise WorkflowError(f"会议当前状态为“{meeting.get_state_display()}”，不能{doing}")


def _seat(meeting: Meeting, actor: User) -> PanelMember:
    """The actor's own seat: a vote or declaration is always the logged-in expert's own."""
    seat = meeting.members.filter(expert=actor).first()
    if seat is None:
        raise WorkflowError("只有本次会议抽取的评审专家本人可以办理，不能代为投票或申报")
    return seat


# -- what the meeting is about ---------------------------------------------------------------

def candidates(meeting: Meeting) -> list[Application]:
    """评审对象: once voting opens, the candidates are fixed by their tallies; before, they
    are the plan's applications on the meeting list (filed under T2)."""
    if meeting.state == Meeting.State.SCHEDULED:
        found = meeting.plan.applications.filter(state=State.ON_MEETING_LIST)
    else:
        found = Application.objects.filter(pk__in=meeting.tallies.values("application"))
    return list(found.select_related("applicant", "employer", "specialty", "plan__committee").order_by("applicant__real_name", "pk"))


def expert_pool(meeting: Meeting) -> list[ExpertMembership]:
    """C3: the committee's experts whose term covers the meeting day."""
    return list(
        ExpertMembership.objects.filter(
            committee=meeting.committee, term_from__lte=meeting.held_on, term_until__gte=meeting.held_on, expert__is_active=True,
        ).select_related("expert__unit", "specialty").order_by("expert_id")
    )


def standards_to_study(meeting: Meeting) -> list[str]:
    """C2: the evaluation standards of the levels on the meeting list."""
    series = get_series(meeting.committee.series, meeting.held_on)
    if series is None:
        return []
    listed = {application.level for application in candidates(meeting)}
    sources = [
        standard.source for level in series.levels
        if level.code in listed and (standard := get_standard(series, level.code, meeting.held_on))
    ]
    return sources or [series.source]


@dataclass(frozen=True)
class CandidateResult:
    """One candidate's ballot as counted so far.  ``present`` is the members present who
    may vote on this candidate: a member who recused himself left the room for this
    candidate (回避), so he is not among "those present" at its vote.  Counting him
    would weigh his conflict as a silent "no" against the candidate."""

    tally: Tally
    present: int
    recused: int
    blocker: str | None
    passes: bool

    @property
    def application(self) -> Application:
        return self.tally.application

    @property
    def outstanding(self) -> int:
        return self.present - self.tally.ballots


@dataclass(frozen=True)
class PassRate:
    passed: int
    decided: int
    ceiling: int

    @property
    def over_ceiling(self) -> bool:
        return counting.over_ceiling(self.passed, self.decided, self.ceiling)

    @property
    def label(self) -> str:
        return counting.percent_label(self.passed, self.decided)


def results(meeting: Meeting) -> list[CandidateResult]:
    """Each candidate's result from the counters as they stand: live while voting is open,
    final once it is closed."""
    present = set(meeting.members.filter(present=True).values_list("pk", flat=True))
    recused_by_candidate = Counter(
        Recusal.objects.filter(member__meeting=meeting, member_id__in=present).values_list("application_id", flat=True)
    )
    found = []
    tallies = list(meeting.tallies.select_related(
        "application__applicant", "application__employer", "application__specialty", "application__plan"
    ))
    blockers = vote_blockers([tally.application for tally in tallies])
    for tally in tallies:
        recused = recused_by_candidate[tally.application_id]
        voters = len(present) - recused
        blocker = blockers.get(tally.application_id)
        passes = blocker is None and counting.candidate_passes(tally.yes, voters, meeting.held_on)
        found.append(CandidateResult(tally, voters, recused, blocker, passes))
    return found


def pass_rate(meeting: Meeting, found: list[CandidateResult]) -> PassRate:
    """C2: passed over the candidates voted on; one who could not be voted on (§一(五)) is
    not reviewed by this meeting and does not count."""
    decided = [result for result in found if result.blocker is None]
    return PassRate(sum(result.passes for result in decided), len(decided), meeting.plan.pass_rate_ceiling)


def _same_unit_recusals(meeting: Meeting, applications: list[Application]) -> list[list[int]]:
    """C3: an expert of the applicant's own unit recuses himself, without being asked."""
    made = []
    for seat in meeting.members.select_related("expert"):
        for application in applications:
            if seat.expert.unit_id == application.employer_id:
                _, created = Recusal.objects.get_or_create(
                    member=seat, application=application, defaults={"reason": Recusal.Reason.SAME_UNIT}
                )
                if created:
                    made.append([seat.expert_id, application.pk])
    return made


# -- the committee office --------------------------------------------------------------------

@atomic
def meeting_create(*, plan: ReviewPlan, actor: User, held_on: datetime.date, place: str) -> Meeting:
    require_office(plan, actor)
    ReviewPlan.objects.select_for_update(no_key=True).get(pk=plan.pk)  # one live meeting per plan, even when two click at once
    if plan.meeting_on != held_on:
        raise WorkflowError(
            f"会议日期：评审计划定于{chinese_date(plan.meeting_on) or '（未定）'}召开评审会议，会前备案按该日期计算（§一(六)）；"
            f"如需改期，请先修改评审计划"
        )
    if plan.meetings.filter(state__in=LIVE_STATES).exists():
        raise WorkflowError("该评审计划已有尚未确认结果的评审会议，请在原会议中办理")
    meeting = Meeting.objects.create(plan=plan, held_on=held_on, place=place, created_by=actor)
    record_event(action="meeting.create", subject=meeting, actor=actor, details={"plan": plan.pk, "held_on": held_on})
    return meeting


@atomic
def panel_draw(*, meeting_id: int, actor: User, size: int) -> PanelDraw:
    """随机抽取 (C3): once per meeting, from the pool as it stands, recorded so that
    ``models.redraw`` gives the same panel."""
    meeting = _locked(meeting_id)
    require_office(meeting.plan, actor)
    _require_state(meeting, Meeting.State.SCHEDULED, doing="抽取专家")
    if PanelDraw.objects.filter(meeting=meeting).exists():
        raise WorkflowError("本次会议的专家已抽取，抽取结果不能重抽；可按记录复核")
    pool = expert_pool(meeting)
    problem = counting.panel_size_problem(meeting.committee, size, len(pool), meeting.held_on)
    if problem:
        raise WorkflowError(problem)
    seed = secrets.token_hex(8)
    drawn = draw_experts(seed, [membership.expert_id for membership in pool], size)
    draw = PanelDraw.objects.create(
        meeting=meeting, seed=seed, size=size, drawn=drawn, drawn_by=actor,
        pool=[{"expert": m.expert_id, "specialty": m.specialty.name, "unit": m.expert.unit.name} for m in pool],
    )
    PanelMember.objects.bulk_create([PanelMember(meeting=meeting, expert_id=expert_id) for expert_id in drawn])
    recusals = _same_unit_recusals(meeting, candidates(meeting))
    for membership in pool:
        if membership.expert_id in drawn:
            notify(membership.expert, None, f"您已被抽取为{meeting}的评审专家。请在会前登录系统学习评价标准并确认（§一(七)）；专家名单不得对外透露")
    record_event(
        action="meeting.panel_drawn", subject=meeting, actor=actor,
        details={"seed": seed, "size": size, "pool": len(pool), "drawn": drawn, "same_unit_recusals": recusals},
    )
    return draw


@atomic
def attendance_record(*, meeting_id: int, actor: User, present: list[int]) -> Meeting:
    """出席: ``present`` lists the panel members (PanelMember ids) who came."""
    meeting = _locked(meeting_id)
    require_office(meeting.plan, actor)
    _require_state(meeting, Meeting.State.SCHEDULED, doing="登记出席情况")
    seats = meeting.members.all()
    unknown = set(present) - set(seats.values_list("pk", flat=True))
    if unknown:
        raise WorkflowError("出席专家：所选人员不是本次会议抽取的专家")
    seats.update(present=False)
    seats.filter(pk__in=present).update(present=True)
    record_event(action="meeting.attendance", subject=meeting, actor=actor,
                 details={"present": sorted(seats.filter(present=True).values_list("expert_id", flat=True))})
    return meeting


@atomic
def meeting_open(*, meeting_id: int, actor: User, chair: int, today: datetime.date) -> Meeting:
    """开会表决: on the meeting day, only with the acknowledged pre-meeting filing inside
    the committee's filing period (T2, C3), with a quorum present (C3)."""
    meeting = _locked(meeting_id)
    require_office(meeting.plan, actor)
    _require_state(meeting, Meeting.State.SCHEDULED, doing="开始表决")
    if today != meeting.held_on:
        raise WorkflowError(f"会议定于{chinese_date(meeting.held_on)}召开，今天（{chinese_date(today)}）不能开始表决")
    blocker = meeting_blocker(meeting.plan, meeting.held_on)
    if blocker:
        raise WorkflowError(blocker)
    if not PanelDraw.objects.filter(meeting=meeting).exists():
        raise WorkflowError("请先随机抽取评审专家（C3）")
    members = meeting.members.count()
    present = meeting.members.filter(present=True)
    share = counting.quorum(meeting.held_on)
    if not counting.quorum_reached(present.count(), members, meeting.held_on):
        raise WorkflowError(
            f"出席专家{present.count()}人，不足本次会议专家{members}人的{counting.share_label(share.value)}，会议不能开始表决（{share.source}）"
        )
    seat = present.filter(pk=chair).select_related("expert").first()
    if seat is None:
        raise WorkflowError("主任委员：须从出席的评审专家中指定")
    applications = candidates(meeting)
    if not applications:
        raise WorkflowError("上会名单中没有待评审的申报")
    Tally.objects.bulk_create([Tally(meeting=meeting, application=application) for application in applications])
    recusals = _same_unit_recusals(meeting, applications)
    meeting.state, meeting.chair, meeting.opened_at = Meeting.State.OPEN, seat.expert, timezone.now()
    meeting.save(update_fields=["state", "chair", "opened_at"])
    record_event(
        action="meeting.open", subject=meeting, actor=actor,
        details={"present": present.count(), "members": members, "chair": seat.expert_id,
                 "candidates": [a.pk for a in applications], "same_unit_recusals": recusals},
    )
    return meeting


@atomic
def voting_close(*, meeting_id: int, actor: User) -> Meeting:
    """结束表决: no ballot is accepted afterwards (C3)."""
    meeting = _locked(meeting_id)
    require_office(meeting.plan, actor)
    _require_state(meeting, Meeting.State.OPEN, doing="结束表决")
    meeting.state, meeting.closed_at = Meeting.State.VOTING_CLOSED, timezone.now()
    meeting.save(update_fields=["state", "closed_at"])
    record_event(action="meeting.voting_closed", subject=meeting, actor=actor)
    return meeting


@atomic
def results_confirm(*, meeting_id: int, actor: User) -> Meeting:
    """确认评审结果: each candidate passes or not (C3), never above the ceiling (C2), and
    never without the pre-meeting filing (T2)."""
    meeting = _locked(meeting_id)
    require_office(meeting.plan, actor)
    _require_state(meeting, Meeting.State.VOTING_CLOSED, doing="确认评审结果")
    blocker = meeting_blocker(meeting.plan, meeting.held_on)
    if blocker:
        raise WorkflowError(blocker)
    found = results(meeting)
    rate = pass_rate(meeting, found)
    if rate.over_ceiling:
        raise WorkflowError(
            f"本次会议表决{rate.decided}人，通过{rate.passed}人，通过率{rate.label}，超过评审计划规定的通过率上限{rate.ceiling}%，"
            f"不能确认评审结果（§一(七)）"
        )
    share = counting.share_label(counting.pass_share(meeting.held_on).value)
    for result in found:
        application = locked(result.application.pk, None)
        if result.blocker:
            opinion = result.blocker
        elif result.passes:
            opinion = f"经评审会议无记名投票，同意票达到出席专家的{share}，评审通过"
        else:
            opinion = f"经评审会议无记名投票，同意票未达到出席专家的{share}，评审未通过"
        change_state(
            application, "meeting_pass" if result.passes else "meeting_fail", actor=actor, opinion=opinion,
            details={"meeting": meeting.pk, "yes": result.tally.yes, "no": result.tally.no,
                     "abstain": result.tally.abstain, "present": result.present},
        )
        verdict = "评审通过，将进行评审结果公示" if result.passes else "评审未通过"
        notify(application.applicant, application, f"您的{application.title_name}申报经{meeting}表决：{verdict}")
    meeting.state, meeting.confirmed_by, meeting.confirmed_at = Meeting.State.CONFIRMED, actor, timezone.now()
    meeting.save(update_fields=["state", "confirmed_by", "confirmed_at"])
    notify(meeting.chair, None, f"{meeting}的评审结果已确认，请审阅并签署会议记录")
    record_event(
        action="meeting.results_confirmed", subject=meeting, actor=actor,
        details={"passed": rate.passed, "decided": rate.decided, "ceiling": rate.ceiling},
    )
    return meeting


# -- the experts -----------------------------------------------------------------------------

@atomic
def standard_study_confirm(*, meeting_id: int, actor: User) -> PanelMember:
    """C2: the expert confirms, before voting, that he has studied the standard."""
    meeting = _locked(meeting_id)
    seat = _seat(meeting, actor)
    _require_state(meeting, Meeting.State.SCHEDULED, Meeting.State.OPEN, doing="确认学习评价标准")
    if seat.studied_standard_at is None:
        seat.studied_standard_at = timezone.now()
        seat.save(update_fields=["studied_standard_at"])
        record_event(action="meeting.standard_studied", subject=meeting, actor=actor,
                     details={"standards": standards_to_study(meeting)})
    return seat


@atomic
def relation_declare(*, meeting_id: int, actor: User, application_id: int, relation: str) -> Recusal:
    """申报回避: a relation with a candidate (kin, teacher, co-author…) takes the expert out of
    that candidate's vote; it cannot be declared after voting on him."""
    meeting = _locked(meeting_id)
    seat = _seat(meeting, actor)
    _require_state(meeting, Meeting.State.SCHEDULED, Meeting.State.OPEN, doing="申报回避")
    application = next((a for a in candidates(meeting) if a.pk == application_id), None)
    if application is None:
        raise WorkflowError("评审对象：该申报不在本次会议的评审名单中")
    if not relation.strip():
        raise WorkflowError("关系说明：请写明与申报人的关系")
    if VoteReceipt.objects.filter(member=seat, application=application).exists():
        raise WorkflowError(f"您已对{application.applicant.real_name}投票，不能再申报回避")
    if Recusal.objects.filter(member=seat, application=application).exists():
        raise WorkflowError(f"您已对{application.applicant.real_name}回避")
    recusal = Recusal.objects.create(member=seat, application=application, reason=Recusal.Reason.DECLARED, relation=relation.strip())
    record_event(action="meeting.recusal", subject=meeting, actor=actor,
                 details={"application": application.pk, "reason": recusal.reason, "relation": recusal.relation})
    return recusal


@atomic
def ballot_cast(*, meeting_id: int, actor: User, application_id: int, choice: str) -> None:
    """无记名投票 (C3): the logged-in expert's own ballot, present, having studied the
    standard (C2), not recused, on a candidate who may be voted on, while voting is open,
    once.  The choice goes into the candidate's counters and nowhere else."""
    if choice not in CHOICES:
        raise WorkflowError("表决意见：请选择同意、不同意或弃权")
    meeting = _locked(meeting_id)
    seat = _seat(meeting, actor)
    _require_state(meeting, Meeting.State.OPEN, doing="投票")
    if not seat.present:
        raise WorkflowError("您未登记出席本次会议，不能投票")
    if seat.studied_standard_at is None:
        raise WorkflowError("请先确认已学习评价标准，再参加表决（§一(七)）")
    tally = Tally.objects.select_for_update(of=("self",), no_key=True).select_related("application").filter(meeting=meeting, application_id=application_id).first()
    if tally is None:
        raise WorkflowError("评审对象：该申报不在本次会议的评审名单中")
    if Recusal.objects.filter(member=seat, application_id=application_id).exists():
        raise WorkflowError("您对该申报人须回避，不能投票")
    blocker = vote_blocker(tally.application)
    if blocker:
        raise WorkflowError(blocker)
    try:
        with transaction.atomic():
            VoteReceipt.objects.create(member=seat, application_id=application_id)
    except IntegrityError:
        raise WorkflowError("您已对该申报人投过票，不能重复投票") from None
    Tally.objects.filter(pk=tally.pk).update(**{choice: F(choice) + 1})
    record_event(action="meeting.ballot_cast", subject=meeting, actor=actor, details={"application": application_id})


@atomic
def minutes_sign(*, meeting_id: int, actor: User) -> Meeting:
    """会议记录 signed by the chair, once the results are confirmed."""
    meeting = _locked(meeting_id)
    if meeting.chair_id != actor.pk:
        raise WorkflowError("会议记录只能由本次会议的主任委员签字")
    _require_state(meeting, Meeting.State.CONFIRMED, doing="签署会议记录")
    if meeting.minutes_signed_at:
        raise WorkflowError("会议记录已签字")
    meeting.minutes_signed_at = timezone.now()
    meeting.save(update_fields=["minutes_signed_at"])
    notify_committee_office(meeting.committee, None, f"{meeting}的会议记录已由主任委员签字")
    record_event(action="meeting.minutes_signed", subject=meeting, actor=actor)
    return meeting
