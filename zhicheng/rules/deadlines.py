"""The time rules T1–T7 (时间规则) and the plan check of issue 3.

Each rule is computed from the dated parameters in force on the rule's own
anchor date (the notice date for T1, the meeting date for T2, …) and shown as
concrete dates. Working days come from :mod:`zhicheng.rules.calendar`.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._input import Record
from .calendar import WorkingCalendar, default_calendar
from .dates import add_months
from .errors import RuleInputError
from .jurisdiction import committee_chain
from .parameters import ParameterSet, default_parameters
from .terms import PUBLICITY_KINDS, REGION_LEVELS

_PLAN_DATES = (
    "notice_filed_on",
    "notice_published_on",
    "applications_open_on",
    "receiving_from",
    "receiving_until",
    "meeting_on",
    "pre_meeting_filed_on",
    "confirmation_list_sent_on",
    "pre_meeting_publicity_from",
    "confirmation_done_on",
)


def earliest_applications_open(
    notice_published_on: datetime.date, parameters: ParameterSet | None = None
) -> datetime.date:
    """T1 (§一(三)): applications may open one calendar month after the notice, at the earliest."""
    lead = (parameters or default_parameters()).get("notice.lead_months", notice_published_on)
    return add_months(notice_published_on, lead.value)


def latest_pre_meeting_filing(
    meeting_on: datetime.date, calendar: WorkingCalendar, parameters: ParameterSet | None = None
) -> datetime.date:
    """T2 (§一(六)): the 12th working day counted back from the meeting, the meeting day not counted."""
    working_days = (parameters or default_parameters()).get("pre_meeting_filing.working_days", meeting_on)
    return calendar.add_working_days(meeting_on, -working_days.value)


def application_window(
    region_level: str,
    *,
    applications_open_on: datetime.date | None,
    receiving_from: datetime.date | None,
    receiving_until: datetime.date | None,
    unified_submission: bool | None,
    parameters: ParameterSet | None = None,
) -> tuple[datetime.date | None, datetime.date | None]:
    """T3 (§二(二)): first and last day of the online window (it closes at 24:00 of the last day).

    Provincial committee: opens 7 days before ``receiving_from``; closes 3 days
    before ``receiving_until`` with unified submission (统一报送), else 1 day
    before. City and district committees: ``applications_open_on`` to
    ``receiving_until``. A day that cannot be computed from the input is None.
    """
    if region_level != "province":
        return applications_open_on, receiving_until
    parameters = parameters or default_parameters()
    first = last = None
    if receiving_from is not None:
        opens = parameters.get("provincial_window.opens_days_before_receiving", receiving_from).value
        first = receiving_from - datetime.timedelta(days=opens)
    if receiving_until is not None and unified_submission is not None:
        name = "closes_days_before_until_unified" if unified_submission else "closes_days_before_until"
        closes = parameters.get(f"provincial_window.{name}", receiving_until).value
        last = receiving_until - datetime.timedelta(days=closes)
    return first, last


@dataclass(frozen=True)
class ServiceCutoff:
    """The date up to which years of service are counted (任职年限截止日, T4)."""

    date: datetime.date
    explanation: str
    source: str | None  # None when the date does not come from a parameter


@functools.lru_cache(maxsize=16_384)  # the same few answers for every request of a day
def service_cutoff(
    region_level: str,
    route: str,
    as_of: datetime.date,
    planned: datetime.date | None = None,
    parameters: ParameterSet | None = None,
    applicant: ParameterSet | None = None,
) -> ServiceCutoff:
    """T4 (§二(四)): the cut-off for an application made on ``as_of``.

    A cut-off set by the committee's plan always wins. Otherwise, for a review
    (评审) it is the date set in the committee's chain ``parameters`` (昆明市:
    31 December of ``as_of``'s year, the rule of city and district
    committees); a provincial committee that has set no date of its own is
    counted as the applicant's chain ``applicant`` sets it. For 考核定职 years
    are counted to ``as_of`` itself.
    """
    if planned is not None:
        return ServiceCutoff(planned, "评委会评审计划规定的任职年限计算截止日", None)
    if route == "assessment":
        return ServiceCutoff(as_of, "考核定职计算至申报之日", None)
    parameters = parameters or default_parameters()
    rule = parameters.find("service_cutoff.month_day", as_of)
    if rule is None and region_level == "province" and applicant is not None:
        rule = applicant.find("service_cutoff.month_day", as_of)
    if rule is None:
        raise parameters.not_in_force("service_cutoff.month_day", as_of)
    cutoff = datetime.date(as_of.year, rule.value["month"], rule.value["day"])
    if region_level == "province":
        explanation = f"省级评委会未单独规定截止日，按评审年度{cutoff.month}月{cutoff.day}日计算"
    else:
        explanation = f"{REGION_LEVELS[region_level]}评委会任职时间计算截至评审年度{cutoff.month}月{cutoff.day}日"
    return ServiceCutoff(cutoff, explanation, rule.source)


@dataclass(frozen=True)
class AssessmentWindow:
    """Whether 考核定职 is received on a date (T5), and when it next opens."""

    is_open: bool
    next_opens_on: datetime.date | None
    months: tuple[int, ...]
    source: str

    @functools.cached_property
    def months_label(self) -> str:
        return "、".join(f"{month}月" for month in self.months)


def assessment_window(on: datetime.date, parameters: ParameterSet | None = None) -> AssessmentWindow:
    """T5 (§三): 考核定职 is applied for in January, April, July and October only;
    outside them, ``next_opens_on`` is the first day of the next such month."""
    rule = (parameters or default_parameters()).get("assessment.months", on)
    months = tuple(rule.value)
    if on.month in months:
        return AssessmentWindow(True, None, months, rule.source)
    ahead = next(step for step in range(1, 13) if (on.month - 1 + step) % 12 + 1 in months)
    return AssessmentWindow(False, add_months(on.replace(day=1), ahead), months, rule.source)


def publicity_earliest_end(
    start: datetime.date, calendar: WorkingCalendar, parameters: ParameterSet | None = None
) -> datetime.date:
    """T7 (O40, §二(七)): the earliest last day of a publicity starting on ``start``,
    so that it contains at least 5 working days (both ends included)."""
    minimum = (parameters or default_parameters()).get("publicity.min_working_days", start)
    return calendar.nth_working_day_from(start, minimum.value)


@dataclass(frozen=True)
class Publicity:
    kind: str
    first: datetime.date
    last: datetime.date


@dataclass(frozen=True)
class Plan:
    """An annual review plan (评审计划, C1) as the plan check reads it, with the
    chain of the committee's region its procedure is resolved in."""

    region_level: str
    committee: ParameterSet
    unified_submission: bool | None
    dates: dict[str, datetime.date | None]
    publicity: tuple[Publicity, ...]


def parse_plan(data: Mapping[str, Any], parameters: ParameterSet | None = None) -> Plan:
    """Validate a plan dict of the issue-3 contract; raises :class:`RuleInputError`.

    ``region`` (optional) is the layer of the committee's seat; left out, the
    home layer, as for a precheck (see ``request``)."""
    plan = Record(data, "", {"region_level", "region", "unified_submission", "publicity", *_PLAN_DATES})
    publicity = []
    for item in plan.records("publicity", {"kind", "from", "to"}):
        entry = Publicity(item.choice("kind", PUBLICITY_KINDS), item.date("from"), item.date("to"))
        if entry.last < entry.first:
            raise RuleInputError(item.field("to"), "公示结束日期不得早于开始日期")
        publicity.append(entry)
    region_level = plan.choice("region_level", REGION_LEVELS)
    return Plan(
        region_level=region_level,
        committee=committee_chain(plan, region_level, parameters or default_parameters()),
        unified_submission=plan.boolean("unified_submission", required=False, default=None),
        dates={name: plan.date(name, required=False) for name in _PLAN_DATES},
        publicity=tuple(publicity),
    )


def plan_check(
    plan: Mapping[str, Any], calendar: WorkingCalendar | None = None, parameters: ParameterSet | None = None
) -> dict[str, Any]:
    """Check a plan against T1, T2, T3, T6 and T7 (C1).

    Every rule is the committee's procedure, resolved in the chain of its
    region: a rule a lower layer adds (T1, T2 and T6 by 东川区) binds only the
    committees seated in that layer. T3's provincial window, where the
    province's own layer sets none, is as the home chain announces it.
    Returns ``{"ok", "computed": {...}, "violations": [{"rule", "message", "dates"}]}``
    with ISO dates; a rule whose dates are missing is not checked. Raises
    :class:`RuleInputError` for invalid input and :class:`CalendarYearNotCovered`
    for a date in a year the calendar does not know.
    """
    calendar = calendar or default_calendar()
    home = parameters or default_parameters()
    checked = parse_plan(plan, home)
    parameters = checked.committee
    day = checked.dates
    violations: list[dict[str, Any]] = []

    def violation(rule: str, message: str, source: str, **dates: datetime.date) -> None:
        violations.append(
            {
                "rule": rule,
                "message": f"{message}（依据：{source}）",
                "dates": {k: v.isoformat() for k, v in dates.items()},
            }
        )

    earliest_open = None
    published = day["notice_published_on"]
    lead = parameters.find("notice.lead_months", published) if published else None
    if published and lead is not None:
        earliest_open = earliest_applications_open(published, parameters)
        opens = day["applications_open_on"]
        if opens and opens < earliest_open:
            violation(
                "T1",
                f"评审通知于{published}发布，须至少提前{lead.value}个月，申报最早可于{earliest_open}开始，"
                f"计划{opens}开始过早",
                lead.source,
                notice_published_on=published,
                applications_open_on=opens,
                earliest_applications_open=earliest_open,
            )
        filed = day["notice_filed_on"]
        if filed and filed > published:
            violation(
                "T1",
                f"评审通知须在发布前报区人力资源和社会保障局备案，备案日期{filed}晚于发布日期{published}",
                lead.source,
                notice_filed_on=filed,
                notice_published_on=published,
            )

    latest_filing = None
    meeting = day["meeting_on"]
    filing_days = parameters.find("pre_meeting_filing.working_days", meeting) if meeting else None
    if meeting and filing_days is not None:
        latest_filing = latest_pre_meeting_filing(meeting, calendar, parameters)
        filed = day["pre_meeting_filed_on"]
        if filed and filed > latest_filing:
            violation(
                "T2",
                f"评审会议定于{meeting}，须在会前{filing_days.value}个工作日即{latest_filing}（含）之前"
                f"报区人力资源和社会保障局备案，计划备案日期{filed}过晚；未经备案的评审行为不予认可",
                filing_days.source,
                meeting_on=meeting,
                pre_meeting_filed_on=filed,
                latest_pre_meeting_filing=latest_filing,
            )

    window_rules = parameters if parameters.names("provincial_window.") else home
    first, last = application_window(
        checked.region_level,
        applications_open_on=day["applications_open_on"],
        receiving_from=day["receiving_from"],
        receiving_until=day["receiving_until"],
        unified_submission=checked.unified_submission,
        parameters=window_rules,
    )
    if first and last and last < first:
        violation(
            "T3",
            f"网上申报通道{first}开通、{last} 24:00关闭，关闭日期早于开通日期",
            window_rules.get("provincial_window.opens_days_before_receiving", first).source,
            window_first_day=first,
            window_last_day=last,
        )

    sent, publicity_from = day["confirmation_list_sent_on"], day["pre_meeting_publicity_from"]
    confirmation = parameters.find("title_confirmation.origins", publicity_from) if publicity_from else None
    if sent and publicity_from and confirmation and not sent < publicity_from:
        violation(
            "T6",
            f"职称资格确认人员名单（附件6）须在会前公示开始（{publicity_from}）之前报人社部门，计划报送日期{sent}过晚",
            confirmation.source,
            confirmation_list_sent_on=sent,
            pre_meeting_publicity_from=publicity_from,
        )
    done, meeting = day["confirmation_done_on"], day["meeting_on"]
    confirmation = parameters.find("title_confirmation.origins", meeting) if meeting else None
    if done and meeting and confirmation and not done < meeting:
        violation(
            "T6",
            f"人社部门须在评委会开评（{meeting}）之前将确认结果通知评委会，计划确认日期{done}过晚",
            confirmation.source,
            confirmation_done_on=done,
            meeting_on=meeting,
        )

    earliest_ends = []
    for entry in checked.publicity:
        minimum = parameters.get("publicity.min_working_days", entry.first)
        earliest_end = publicity_earliest_end(entry.first, calendar, parameters)
        earliest_ends.append(
            {"kind": entry.kind, "from": entry.first.isoformat(), "earliest_end": earliest_end.isoformat()}
        )
        working_days = calendar.count_working_days(entry.first, entry.last)
        if working_days < minimum.value:
            violation(
                "T7",
                f"{PUBLICITY_KINDS[entry.kind]}期{entry.first}至{entry.last}仅含{working_days}个工作日，"
                f"至少需要{minimum.value}个工作日，最早可于{earliest_end}结束",
                minimum.source,
                **{"from": entry.first, "to": entry.last, "earliest_end": earliest_end},
            )

    def iso(value: datetime.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "ok": not violations,
        "computed": {
            "window_first_day": iso(first),
            "window_last_day": iso(last),
            "latest_pre_meeting_filing": iso(latest_filing),
            "earliest_applications_open": iso(earliest_open),
            "publicity_earliest_end": earliest_ends,
        },
        "violations": violations,
    }
