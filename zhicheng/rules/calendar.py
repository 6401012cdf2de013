"""Working days of mainland China (工作日历：法定节假日与调休).

Data comes from the ``chinesecalendar`` package (State Council holiday notices,
2004–2026 in version 1.11) plus an override table that the caller passes in:
``{datetime.date: bool}``, True for a working day, False for a day off. The
Django side loads the table an administrator edits; overrides always win.

Which years are covered (已覆盖年度)
------------------------------------
A year is covered when the package knows it, or when the caller lists it in
``covered_years``: listing a year is the administrator's statement "this year's
State Council notice has been loaded into the overrides". In a listed year that
the package does not know, the days not overridden follow the week (Monday to
Friday working), and the overrides carry the holidays and the adjusted working
weekends (调休). Overrides alone never make a year covered: a single corrected
day must not turn a whole unknown year into Monday–Friday. An override in a
year that is not covered is kept but inert; every question about that year
raises :class:`CalendarYearNotCovered`, as does any question about a year the
package does not know and nobody declared. There is no silent fallback.

All work is precomputed when the calendar is built: a sorted list of the
ordinals of every working day in the covered years and a set of the same, so
each operation is one set look-up or one or two bisections.
"""

from __future__ import annotations

import bisect
import datetime
import functools
from collections.abc import Iterable, Mapping

import chinese_calendar

from .errors import CalendarYearNotCovered

PACKAGE_YEARS = frozenset(range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1))


@functools.cache
def _package_working_ordinals() -> frozenset[int]:
    """Ordinals of every working day the package knows (built once per process)."""
    first = datetime.date(min(PACKAGE_YEARS), 1, 1).toordinal()
    last = datetime.date(max(PACKAGE_YEARS), 12, 31).toordinal()
    return frozenset(
        ordinal for ordinal in range(first, last + 1) if chinese_calendar.is_workday(datetime.date.fromordinal(ordinal))
    )


def _weekday_ordinals(year: int) -> set[int]:
    """Monday-to-Friday ordinals of ``year``: the base of a declared year."""
    first = datetime.date(year, 1, 1).toordinal()
    last = datetime.date(year, 12, 31).toordinal()
    return {o for o in range(first, last + 1) if datetime.date.fromordinal(o).weekday() < 5}


class WorkingCalendar:
    """Mainland China working days (工作日) with administrator overrides.

    ``overrides`` maps a date to True (working day) or False (day off);
    ``covered_years`` lists years beyond the package that the overrides
    complete (see the module docstring). Every method raises
    :class:`CalendarYearNotCovered` for a date in a year that is not covered.
    """

    def __init__(
        self,
        overrides: Mapping[datetime.date, bool] | None = None,
        covered_years: Iterable[int] | None = None,
    ):
        overrides = dict(overrides or {})
        for day, working in overrides.items():
            if type(day) is not datetime.date or not isinstance(working, bool):
                raise TypeError("overrides must map datetime.date to bool")
        self._covered = PACKAGE_YEARS | frozenset(covered_years or ())
        working = set(_package_working_ordinals())
        for year in self._covered - PACKAGE_YEARS:
            working |= _weekday_ordinals(year)
        for day, is_working in overrides.items():
            if day.year not in self._covered:
                continue
            if is_working:
                working.add(day.toordinal())
            else:
                working.discard(day.toordinal())
        self._ordinals = sorted(working)
        self._ordinal_set = frozenset(working)

    @property
    def covered_years(self) -> frozenset[int]:
        """Years this calendar can answer for."""
        return self._covered

    def covers(self, year: int) -> bool:
        """Whether ``year``'s holidays are known."""
        return year in self._covered

    def is_working_day(self, day: datetime.date) -> bool:
        """Whether ``day`` is a working day (adjusted weekends included)."""
        if day.year not in self._covered:
            raise CalendarYearNotCovered(day.year)
        return day.toordinal() in self._ordinal_set

    def count_working_days(self, first: datetime.date, last: datetime.date) -> int:
        """Working days in the closed range ``first``..``last`` (0 if ``last < first``)."""
        if last < first:
            return 0
        self._require_years(first.year, last.year)
        return bisect.bisect_right(self._ordinals, last.toordinal()) - bisect.bisect_left(
            self._ordinals, first.toordinal()
        )

    def add_working_days(self, day: datetime.date, n: int) -> datetime.date:
        """The ``n``-th working day after ``day`` (``n > 0``) or before it (``n < 0``).

        ``day`` itself is never counted, so it does not matter whether it is a
        working day: ``add_working_days(meeting, -12)`` is the 12th working day
        counted back from the meeting. The result is always a working day,
        except for ``n == 0``, which returns ``day`` unchanged.
        """
        if day.year not in self._covered:
            raise CalendarYearNotCovered(day.year)
        ordinal = day.toordinal()
        if n > 0:
            index = bisect.bisect_right(self._ordinals, ordinal) + n - 1
        elif n < 0:
            index = bisect.bisect_left(self._ordinals, ordinal) + n
        else:
            return day
        return self._working_day_at(index, day)

    def nth_working_day_from(self, day: datetime.date, n: int) -> datetime.date:
        """The ``n``-th working day of a period that starts on ``day`` (``n >= 1``).

        ``day`` counts as the first when it is a working day: the earliest end
        of a publicity period of ``n`` working days starting on ``day``.
        """
        if n < 1:
            raise ValueError("n must be at least 1")
        if day.year not in self._covered:
            raise CalendarYearNotCovered(day.year)
        index = bisect.bisect_left(self._ordinals, day.toordinal()) + n - 1
        return self._working_day_at(index, day)

    def _working_day_at(self, index: int, origin: datetime.date) -> datetime.date:
        """The working day at ``index``, checking every year walked through from ``origin``."""
        if index < 0:
            self._require_years(origin.year, min(self._covered) - 1)
        if index >= len(self._ordinals):
            self._require_years(origin.year, max(self._covered) + 1)
        result = datetime.date.fromordinal(self._ordinals[index])
        self._require_years(origin.year, result.year)
        return result

    def _require_years(self, from_year: int, to_year: int) -> None:
        """Raise for the first uncovered year met walking from ``from_year`` to ``to_year``."""
        step = 1 if to_year >= from_year else -1
        for year in range(from_year, to_year + step, step):
            if year not in self._covered:
                raise CalendarYearNotCovered(year)


@functools.cache
def default_calendar() -> WorkingCalendar:
    """The calendar of the package alone, without overrides (cached)."""
    return WorkingCalendar()
