"""The working calendar as the system uses it: the packaged holiday data plus the
administrator's overrides and loaded years, read from the database on each use so
that every app process sees the same calendar."""

from zhicheng.rules import WorkingCalendar

from .models import CalendarOverride, CalendarYear


def working_calendar() -> WorkingCalendar:
    return WorkingCalendar(
        overrides=dict(CalendarOverride.objects.values_list("day", "is_working_day")),
        covered_years=CalendarYear.objects.values_list("year", flat=True),
    )
