"""What each person has to do next, gathered for their home page.  Only questions to the
domain (states, deadlines recorded on plans and requests, the workflow table); no rule here."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Q

from zhicheng.applications.access import visible_applications
from zhicheng.applications.models import Application, CorrectionRequest, State, UnitPublicity
from zhicheng.applications.workflow import AWAITING_QUALIFICATION, CLOSED_STATES, next_step, open_steps
from zhicheng.display import chinese_date
from zhicheng.meetings import services as meeting_services
from zhicheng.meetings.models import PanelMember
from zhicheng.rules.catalogue import list_series
from zhicheng.review.models import NoticeFiling, PreMeetingFiling, ReviewPlan, TitleConfirmation

from .charts import bar_chart, timeline


@dataclass
class Task:
    """One application as its applicant sees it on the home page."""

    application: Application
    holder: str
    what: str
    deadline_label: str
    deadline: datetime.date | None
    action: str


ACTION_LABELS = {
    State.DRAFT: "继续填写并提交",
    State.RETURNED: "按审核意见修改",
    State.CORRECTION_REQUESTED: "提交补正材料",
    State.RESULT_PUBLICITY: "查看评审结果",
}


def _deadline(application, open_correction) -> tuple[str, datetime.date | None]:
    if application.state == State.CORRECTION_REQUESTED and open_correction is not None:
        return "补正期限", open_correction.deadline
    if "edit" in open_steps(application.state, "applicant"):
        return "网上申报截止", application.plan.window[1]
    if application.state == State.RESULT_PUBLICITY:
        return "结果公示结束（此前可申请复查）", application.plan.result_publicity_to
    if application.state in (State.QUALIFIED, State.ON_MEETING_LIST):
        return "评审会议", application.plan.meeting_on
    return "", None


def applicant_home(user) -> dict:
    applications = list(
        visible_applications(user).select_related("plan__committee", "specialty", "employer", "applicant").order_by("-pk")
    )
    corrections = {
        request.application_id: request
        for request in CorrectionRequest.objects.filter(application__in=applications, resolved_at=None, abandoned_at=None)
    }
    tasks, ended = [], []
    for application in applications:
        if application.state in CLOSED_STATES:
            ended.append(application)
            continue
        holder, what = next_step(application) or ("", "")
        label, deadline = _deadline(application, corrections.get(application.pk))
        tasks.append(Task(application, holder, what, label, deadline, ACTION_LABELS.get(application.state, "查看办理进度")))
    return {"tasks": tasks, "ended": ended}


def employer_home(user, today) -> dict:
    applications = visible_applications(user)
    by_state = dict(applications.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    oldest = applications.filter(state=State.SUBMITTED).aggregate(first=Min("submitted_at"))["first"]
    publicities = UnitPublicity.objects.filter(unit=user.unit, closed_at=None).annotate(people=Count("entries")).order_by("ends_on")
    due = (
        applications.filter(state=State.PUBLICITY_DONE).values("plan__committee__name", "plan__receiving_until")
        .annotate(people=Count("pk")).order_by("plan__receiving_until")
    )
    return {
        "to_review": by_state.get(State.SUBMITTED, 0),
        "waiting": applications.filter(state=State.SUBMITTED).select_related("applicant", "specialty").order_by("submitted_at")[:10],
        "oldest_submitted": oldest,
        "to_publicise": by_state.get(State.EMPLOYER_APPROVED, 0),
        "returned": by_state.get(State.RETURNED, 0) + by_state.get(State.CORRECTION_REQUESTED, 0),
        "publicities": [{"publicity": p, "ending_in": (p.ends_on - today).days} for p in publicities],
        "recommendations_due": list(due),
    }


PLAN_MILESTONES = [
    ("notice_published_on", "通知发布"),
    ("applications_open_on", "网上申报开始"),
    ("receiving_until", "截止收审材料"),
    ("qualification_publicity_from", "资格审核公示"),
    ("pre_meeting_publicity_from", "会前公示"),
    ("meeting_on", "评审会议"),
    ("result_publicity_from", "结果公示开始"),
    ("result_publicity_to", "结果公示结束"),
]


def plan_milestones(plan) -> list[tuple[datetime.date, str]]:
    closes = plan.window[1]
    found = [(getattr(plan, field), label) for field, label in PLAN_MILESTONES if getattr(plan, field)]
    if closes:
        found.append((closes, "网上申报截止"))
    filing = getattr(plan, "pre_meeting_filing", None)
    if filing is not None:
        found.append((filing.filed_on, "会前备案报送"))
    return sorted(found, key=lambda item: item[0])


def committee_home(user, today) -> dict:
    plans = (
        ReviewPlan.objects.filter(committee__office_staff=user, year__gte=today.year - 1)
        .select_related("committee").order_by("-year", "committee__name")
    )
    queue = visible_applications(user)
    counts = dict(queue.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    soonest = (
        CorrectionRequest.objects.filter(application__in=queue, resolved_at=None, abandoned_at=None)
        .aggregate(first=Min("deadline"))["first"]
    )
    return {
        "plans": [{"plan": plan, "milestones": plan_milestones(plan), "picture": timeline(plan_milestones(plan), today),
                   "undecided": [label for field, label in PLAN_MILESTONES if not getattr(plan, field)]} for plan in plans],
        "to_qualify": sum(counts.get(state, 0) for state in AWAITING_QUALIFICATION),
        "waiting": queue.filter(state__in=AWAITING_QUALIFICATION).select_related("applicant", "specialty", "employer").order_by("pk")[:10],
        "awaiting_correction": counts.get(State.CORRECTION_REQUESTED, 0),
        "soonest_correction": soonest,
        "qualified": counts.get(State.QUALIFIED, 0),
        "on_list": counts.get(State.ON_MEETING_LIST, 0),
        "to_publicise_results": counts.get(State.PASSED, 0),
    }


def expert_home(user, today) -> dict:
    seats = (
        PanelMember.objects.filter(expert=user, meeting__held_on__gte=today - datetime.timedelta(days=30))
        .select_related("meeting__plan__committee").order_by("meeting__held_on")
    )
    upcoming = []
    for seat in seats:
        steps = meeting_services.meeting_steps(seat.meeting)
        if not steps:
            continue
        upcoming.append({
            "seat": seat,
            "meeting": seat.meeting,
            "to_study": "study" in steps and seat.studied_standard_at is None,
            "standards": meeting_services.standards_to_study(seat.meeting) if "study" in steps else [],
            "may_declare": "declare" in steps,
            "to_sign": "sign" in steps and seat.meeting.chair_id == user.pk and seat.meeting.minutes_signed_at is None,
        })
    return {"upcoming": upcoming}


def bureau_home(user, today) -> dict:
    regions = user.unit.region.subtree()
    in_region = Q(plan__committee__region_id__in=regions)
    applications = Application.objects.filter(in_region).exclude(state=State.DRAFT)
    per_committee = list(
        applications.values("plan__committee__name")
        .annotate(total=Count("pk"), passed=Count("pk", filter=Q(state__in=PASSED_STATES)),
                  decided=Count("pk", filter=Q(state__in=PASSED_STATES | FAILED_STATES)))
        .order_by("plan__committee__name")
    )
    per_series = list(
        applications.values("specialty__series")
        .annotate(total=Count("pk"), passed=Count("pk", filter=Q(state__in=PASSED_STATES)),
                  decided=Count("pk", filter=Q(state__in=PASSED_STATES | FAILED_STATES)))
        .order_by("specialty__series")
    )
    for row in per_committee + per_series:
        row["rate"] = round(100 * row["passed"] / row["decided"], 1) if row["decided"] else None
    names = {series.code: series.name for series in list_series(today)}
    for row in per_series:
        row["name"] = names.get(row["specialty__series"], row["specialty__series"])
    for row in per_committee:
        row["name"] = row["plan__committee__name"]
    return {
        "notices_waiting": NoticeFiling.objects.filter(in_region, acknowledged_on=None).count(),
        "filings_waiting": PreMeetingFiling.objects.filter(in_region, acknowledged_on=None).count(),
        "confirmations_waiting": TitleConfirmation.objects.filter(
            application__plan__committee__region_id__in=regions, decided_on=None).count(),
        "results_waiting": applications.filter(state=State.RESULT_PUBLICITY).count(),
        "assessments_waiting": applications.filter(state=State.QUALIFIED, route="assessment").count(),
        "per_committee": per_committee,
        "per_series": per_series,
        "applications_chart": bar_chart([(row["name"], row["total"]) for row in per_committee], "申报人数（人）"),
        "outcomes_chart": bar_chart([(row["name"], row["passed"]) for row in per_committee], "评审通过人数（人）"),
        "rates_chart": bar_chart([(row["name"], row["rate"] or 0) for row in per_series], "通过率（%）", maximum=100),
    }


PASSED_STATES = frozenset({State.PASSED, State.RESULT_PUBLICITY, State.CONFIRMED})
FAILED_STATES = frozenset({State.NOT_PASSED, State.REVOKED})


def soon(day: datetime.date | None, today: datetime.date) -> str:
    """「2026年12月8日（还有7天）」."""
    if day is None:
        return ""
    left = (day - today).days
    tail = "今天" if left == 0 else (f"还有{left}天" if left > 0 else f"已过{-left}天")
    return f"{chinese_date(day)}（{tail}）"


def admin_home(today) -> dict:
    """What needs setting up: next year's holidays, committee filings that lapse soon."""
    from zhicheng.catalog.calendar import working_calendar
    from zhicheng.catalog.models import Committee

    calendar = working_calendar()
    horizon = today + datetime.timedelta(days=180)
    return {
        "calendar_missing": [year for year in (today.year, today.year + 1) if not calendar.covers(year)],
        "lapsing": Committee.objects.filter(filing_valid_until__lte=horizon).order_by("filing_valid_until"),
        "unfiled": Committee.objects.filter(filing_valid_until=None).order_by("name"),
    }
