"""「我最早什么时候能申报？」(earliest-date search): from ``as_of`` on, the first
day on which every rule of the precheck passes, and the rules that push it later
or that no date can lift."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from .calendar import WorkingCalendar
from .checks import FAIL, Check
from .dates import DATE_TEXT, add_months, month_label
from .deadlines import assessment_window, service_cutoff
from .eligibility import evaluate
from .evaluation import Basis, Evaluation, social_insurance_problems
from .parameters import ParameterSet



def when_can_apply(
    request: Mapping[str, Any], calendar: WorkingCalendar | None = None, parameters: ParameterSet | None = None
) -> dict[str, Any]:
    """「我最早什么时候能申报？」: the earliest date, from ``as_of`` on, when every rule passes.

    The person's records are taken as they are, except that social insurance is
    assumed to continue in 昆明市 with the contract unit from ``as_of``'s month
    on. Returns ``{"date", "reasons": [{"rule", "date", "message"}],
    "blocked_by": [{"rule", "message"}]}``: ``reasons`` are the rules that push
    the date past ``as_of``; ``blocked_by`` the ones no date can lift (then
    ``date`` is null).
    """
    ev, checks, bars = evaluate(request, calendar, parameters)
    failed = {check["rule"]: check for check in checks if check["status"] == FAIL}
    blocked = [{"rule": "E7", "message": bar.message} for bar in bars if bar.permanent]
    if ev.best is None:
        blocked.insert(0, {"rule": "E1", "message": failed["E1"]["message"]})
    if "E8" in failed:
        blocked.append({"rule": "E8", "message": failed["E8"]["message"]})
    if "E2" in failed and ev.person.contract_unit is None:
        blocked.append({"rule": "E2", "message": failed["E2"]["message"]})
    if blocked or ev.best is None:  # (no basis is among what blocks)
        return {"date": None, "reasons": [], "blocked_by": blocked}

    waits = _waiting_rules(ev, ev.best, failed)
    day = ev.as_of
    while True:
        later = max(clears_from(day) for _rule, clears_from, _message in waits)
        if later == day:
            break
        day = later
    reasons = []
    for rule, clears_from, message in waits:
        cleared = clears_from(ev.as_of)
        if cleared > ev.as_of:
            reasons.append({"rule": rule, "date": DATE_TEXT[cleared], "message": message(cleared)})
    return {"date": DATE_TEXT[day], "reasons": reasons, "blocked_by": []}


_Wait = tuple[str, Callable[[datetime.date], datetime.date], Callable[[datetime.date], str]]


def _waiting_rules(ev: Evaluation, best: Basis, failed: Mapping[str, Check]) -> list[_Wait]:
    """Per rule: the first day on or after a given day on which it passes, and how to say so
    (``best``: the basis whose years are met first)."""
    waits: list[_Wait] = [
        ("E1", lambda day: _years_clear_from(ev, best, day), lambda day: f"任职年限于{DATE_TEXT[best.met_on]}满足，{DATE_TEXT[day]}起可申报")
    ]
    if "E2" in failed:
        rule = ev.day.social_insurance()
        months, city = rule.months, rule.city
        _window, problems = social_insurance_problems(ev)
        worst = max(month for found in problems.values() for month in found)
        clear = add_months(datetime.date.fromisoformat(f"{worst}-01"), months + 1)
        waits.append(
            (
                "E2",
                lambda day: max(day, clear),
                lambda day: (
                    f"假定自{month_label(ev.as_of)}起每月在{city}由劳动合同签订单位参保，{DATE_TEXT[day]}起最近{months}个月参保记录符合要求"
                ),
            )
        )
    if ev.person.refused_in_years and ev.in_workplace["review_returns.limit"]:

        def after_refusal(day: datetime.date) -> datetime.date:
            while day.year in ev.person.refused_in_years:
                day = datetime.date(day.year + 1, 1, 1)
            return day

        waits.append(("E7", after_refusal, lambda day: f"被拒绝受理的年度结束后，{DATE_TEXT[day]}起可重新申报"))
    if ev.person.credit_record_until is not None:
        cleared = ev.person.credit_record_until + datetime.timedelta(days=1)
        waits.append(("E7", lambda day: max(day, cleared), lambda day: f"诚信档案记录期满，{DATE_TEXT[day]}起可申报"))
    if ev.request.route == "assessment":

        def assessment_opens(day: datetime.date) -> datetime.date:
            window = assessment_window(day, ev.workplace)
            return window.next_opens_on or day  # (none while the window is open)

        waits.append(("T5", assessment_opens, lambda day: f"考核定职按受理月份，{DATE_TEXT[day]}起受理"))
    return waits


def _years_clear_from(ev: Evaluation, best: Basis, day: datetime.date) -> datetime.date:
    """E1: the first date on or after ``day`` whose cut-off (T4) reaches the years' met date.

    A cut-off set by the plan holds for ``as_of``'s year only; later years use
    T4 for a review and the application day itself for 考核定职.
    """
    met = best.met_on

    def cutoff(on: datetime.date) -> datetime.date:
        planned = ev.request.service_cutoff if on.year == ev.as_of.year else None
        return service_cutoff(
            ev.request.region_level, ev.request.route, on, planned, ev.committee, ev.workplace
        ).date

    if met <= cutoff(day):
        return day
    planned_binds = ev.request.service_cutoff is not None and day.year == ev.as_of.year
    if ev.request.route == "assessment":
        return max(met, datetime.date(day.year + 1, 1, 1)) if planned_binds else met
    year = max(day.year + 1, met.year)
    while cutoff(datetime.date(year, 1, 1)) < met:
        year += 1
    return datetime.date(year, 1, 1)
