"""The working calendar as the system uses it: the packaged holiday data plus the
administrator's overrides and imported years, read from the database on each use so
that every app process sees the same calendar; the import of a year's arrangement
(年度节假日安排); and what a page shows while a year is not loaded yet."""

import datetime
import threading
from collections.abc import Iterable

from django.db import connection

from zhicheng.transactions import atomic
from django.db.models import Q
from django.utils import timezone

from zhicheng import rules
from zhicheng.audit.trail import record_event
from zhicheng.display import chinese_date
from zhicheng.rules.calendar import ArrangedDay, check_arrangement

from .models import CalendarOverride, CalendarYear


class _Built:
    """The calendar this process built last, with the rows it was built from: whichever
    process changed the tables, a calendar is only ever reused for the same rows."""

    lock = threading.Lock()
    overrides: dict | None = None
    years: frozenset | None = None
    calendar: rules.WorkingCalendar | None = None


def calendar_rows() -> tuple[dict[datetime.date, bool], frozenset[int]]:
    """The overrides and the imported years, as they are now (one query)."""
    overrides, years = {}, set()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT day, is_working_day, NULL FROM {CalendarOverride._meta.db_table}"
            f" UNION ALL SELECT NULL, NULL, year FROM {CalendarYear._meta.db_table}")
        for day, working, year in cursor.fetchall():
            if year is not None:
                years.add(int(year))
            else:  # SQLite gives the date as text and the flag as 0 or 1
                overrides[day if isinstance(day, datetime.date) else datetime.date.fromisoformat(day)] = bool(working)
    return overrides, frozenset(years)


def working_calendar() -> rules.WorkingCalendar:
    """The calendar of the tables as they are now: read on each use, built again only when
    what was read differs from what this process built its last one from."""
    overrides, years = calendar_rows()
    with _Built.lock:
        if _Built.calendar is not None and _Built.overrides == overrides and _Built.years == years:
            return _Built.calendar
    calendar = rules.WorkingCalendar(overrides=overrides, covered_years=years)
    with _Built.lock:
        _Built.overrides, _Built.years, _Built.calendar = overrides, years, calendar
    return calendar


def calendar_gap(days: Iterable[datetime.date | None]) -> str | None:
    """The message naming the first year of ``days`` the calendar does not know, or None:
    what a page shows in place of a date it cannot compute yet."""
    calendar = working_calendar()
    for year in sorted({day.year for day in days if day}):
        if not calendar.covers(year):
            return str(rules.CalendarYearNotCovered(year))
    return None


def require_working_day(day: datetime.date, what: str, calendar: rules.WorkingCalendar | None = None) -> str | None:
    """Why ``day`` cannot be ``what`` (a meeting, a deadline), or None: a day off is refused
    with the next working day offered; a day in an unknown year with the calendar's message."""
    calendar = calendar or working_calendar()
    try:
        if calendar.is_working_day(day):
            return None
        offered = calendar.next_working_day(day)
    except rules.CalendarYearNotCovered as error:
        return str(error)
    return f"{what}{chinese_date(day)}是休息日（法定节假日或周末），请改为工作日，例如下一个工作日{chinese_date(offered)}"


# -- importing a year (年度节假日安排) ------------------------------------------------------

def arrangement_months(year: int, days: list[ArrangedDay]) -> list[tuple[int, int]]:
    """The working days of each month of ``year`` once ``days`` replace what is loaded for it."""
    overrides = dict(CalendarOverride.objects.exclude(day__year=year).values_list("day", "is_working_day"))
    overrides.update({entry.day: entry.is_working_day for entry in days})
    years = {*CalendarYear.objects.values_list("year", flat=True), year}
    return rules.WorkingCalendar(overrides=overrides, covered_years=years).working_days_by_month(year)


@atomic
def calendar_year_import(*, year: int, notice: str, days: list[ArrangedDay], actor) -> CalendarYear:
    """Load ``year``'s arrangement: its holidays and adjusted working days replace every
    override of that year, and the year counts as known from now on.  A year without a
    holiday is refused: this is the only way a year becomes known."""
    check_arrangement(days, year)
    replaced = CalendarOverride.objects.filter(day__year=year).count()
    CalendarOverride.objects.filter(day__year=year).delete()
    CalendarOverride.objects.bulk_create(
        [CalendarOverride(day=entry.day, is_working_day=entry.is_working_day, note=entry.note or notice) for entry in days]
    )
    imported, _ = CalendarYear.objects.update_or_create(
        year=year, defaults={"notice": notice, "imported_by": actor, "imported_at": timezone.now()}
    )
    record_event(action="calendar.year_imported", subject=imported, actor=actor, details={
        "year": year, "notice": notice, "replaced_overrides": replaced,
        "days_off": [entry.day.isoformat() for entry in days if not entry.is_working_day],
        "adjusted_working_days": [entry.day.isoformat() for entry in days if entry.is_working_day],
    })
    return imported


def next_year_warning(today: datetime.date) -> str | None:
    """From the date the parameter sets (1 November), while next year is not loaded and a
    review plan already has a date in it: the administrator's reminder."""
    start = rules.parameter("calendar.next_year_warning_from", today).value
    if today < datetime.date(today.year, start["month"], start["day"]):
        return None
    following = today.year + 1
    if working_calendar().covers(following):
        return None
    from zhicheng.review.models import ReviewPlan

    dated = Q(year__gte=following)
    for field in ReviewPlan.DATE_FIELDS:
        dated |= Q(**{f"{field}__year__gte": following})
    plans = ReviewPlan.objects.filter(dated).select_related("committee")
    if not plans.exists():
        return None
    names = "、".join(f"{plan.committee.name}{plan.year}年度" for plan in plans[:5])
    more = f"等{plans.count()}个" if plans.count() > 5 else ""
    return (
        f"{following}年的法定节假日安排尚未导入，{names}{more}评审计划已用到{following}年的日期，"
        f"相关期限暂不能计算。请在国务院办公厅公布后尽快导入。"
    )
