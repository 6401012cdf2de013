"""The demo date (演示日期): the demo's system date, kept in one database row so that every
process of the demo (the web workers, the document worker, the periodic jobs) lives on the
same day.  It exists only where the demo runs (ZHICHENG_DEMO); elsewhere nothing here reads
the database or touches the clock.

Each demo process runs its whole clock on the demo date (time-machine, ticking in real
time), timestamps included: an approval recorded today, the unit publicity that must start
on or after it, a submission and the window it must fall in, the trail's order, sessions
and lockouts are all on one clock, whether the demo date is behind or ahead of the real
one.  A process takes the stored date at the start of every request and of every job
(`follow`); the date only moves forward (`demo_date_move`)."""

import datetime

import time_machine
from django.conf import settings
from django.utils import timezone

from zhicheng import rules
from zhicheng.applications.services import WorkflowError
from zhicheng.audit.trail import record_event
from zhicheng.catalog.calendar import working_calendar
from zhicheng.display import chinese_date
from zhicheng.transactions import atomic

from .models import DemoClock


class ProcessClock:
    """This process's travel onto the demo date, and how far it is from the real date."""

    travel: time_machine.travel | None = None
    traveller = None
    offset = 0


process = ProcessClock()


def run_at(offset: int) -> None:
    """Puts this process's clock ``offset`` days from the real one."""
    if offset == process.offset:
        return
    if process.traveller is None:
        process.travel = time_machine.travel(timezone.now() + datetime.timedelta(days=offset), tick=True)
        process.traveller = process.travel.start()
    else:
        process.traveller.shift(datetime.timedelta(days=offset - process.offset))
    process.offset = offset


def release() -> None:
    """Back on the real clock (a test that ran the demo's clock ends with it)."""
    if process.travel is not None:
        process.travel.stop()
    process.travel = process.traveller = None
    process.offset = 0


def follow(**_signal) -> None:
    """The demo's processes take the stored demo date at the start of each request and job."""
    if settings.DEMO:
        run_at(DemoClock.objects.values_list("offset_days", flat=True).first() or 0)


def real_today() -> datetime.date:
    return timezone.localdate(timezone.now() - datetime.timedelta(days=process.offset))


def demo_date_differs() -> bool:
    return settings.DEMO and process.offset != 0


def demo_date_start(choose) -> datetime.date:
    """Runs this process on the demo date and gives it: the one kept if there is one, else
    the day ``choose()`` gives (`load-demo` does this once)."""
    kept = DemoClock.objects.first()
    if kept is None:
        kept = DemoClock.objects.create(offset_days=(choose() - timezone.localdate()).days)
    run_at(kept.offset_days)
    return timezone.localdate()


@atomic
def demo_date_move(*, to: datetime.date, actor) -> datetime.date:
    """Moves the demo date forward to ``to``, for every process of the demo; never back, and
    never into a year whose holidays the calendar does not know."""
    clock = DemoClock.objects.select_for_update().first()
    if not settings.DEMO or clock is None:
        raise WorkflowError("只有演示系统可以调整演示日期")
    today = real_today() + datetime.timedelta(days=clock.offset_days)
    if to <= today:
        raise WorkflowError(f"演示日期只能向后调整：所选日期{chinese_date(to)}不晚于当前演示日期{chinese_date(today)}，请选择以后的日期")
    if not working_calendar().covers(to.year):
        raise WorkflowError(str(rules.CalendarYearNotCovered(to.year)))
    record_event(action="demo.date_moved", subject=clock, actor=actor,
                 details={"from": today.isoformat(), "to": to.isoformat()})
    clock.offset_days += (to - today).days
    clock.moved_at = timezone.now()
    clock.save()
    run_at(clock.offset_days)
    return to


def next_working_day() -> datetime.date:
    """The working day after the demo date, or the calendar's message when it lies in an
    unknown year."""
    try:
        return working_calendar().next_working_day(timezone.localdate() + datetime.timedelta(days=1))
    except rules.CalendarYearNotCovered as error:
        raise WorkflowError(str(error)) from error
