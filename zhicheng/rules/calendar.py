"""Working days of mainland China (工作日历：法定节假日与调休).

Data comes from the ``chinesecalendar`` package (State Council holiday notices,
2004–2026 in version 1.11) plus an override table that the caller passes in:
``{datetime.date: bool}``, True for a working day, False for a day off. The
Django side loads the table an administrator edits; overrides always win.

Which years are covered (已覆盖年度)
------------------------------------
A year is covered when the package knows it, or when the caller lists it in
``covered_years``: listing a year is the administrator's statement "this year's
State Council notice has been loaded into the overrides" (see
:func:`parse_arrangement`). A listed year is defined by its overrides alone,
whether or not the package knows it: the days not overridden follow the week
(Monday to Friday working), and the overrides carry the holidays and the
adjusted working weekends (调休). So an imported year never mixes with the
package's data. Overrides alone never make a year covered: a single corrected
day must not turn a whole unknown year into Monday–Friday. An override in a
year that is not covered is kept but inert; every question about that year
raises :class:`CalendarYearNotCovered`, as does any question about a year the
package does not know and nobody declared. There is no silent fallback.

All work is precomputed when the calendar is built: the set of the ordinals of
every working day in the covered years, the working days in order, and for every
day from the first covered year to the last how many working days come before it.
So each operation is one set look-up or two list look-ups and a subtraction.
"""

from __future__ import annotations

import calendar as calendar_module
import csv
import datetime
import functools
import itertools
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import chinese_calendar

from .errors import CalendarYearNotCovered, RuleInputError

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
        for day, is_working in overrides.items():
            if type(day) is not datetime.date or not isinstance(is_working, bool):
                raise TypeError("overrides must map datetime.date to bool")
        declared = frozenset(covered_years or ())
        self._covered = PACKAGE_YEARS | declared
        working = set(_package_working_ordinals())
        for year in declared:
            first, last = datetime.date(year, 1, 1).toordinal(), datetime.date(year, 12, 31).toordinal()
            working -= set(range(first, last + 1))
            working |= _weekday_ordinals(year)
        for day, is_working in overrides.items():
            if day.year not in self._covered:
                continue
            if is_working:
                working.add(day.toordinal())
            else:
                working.discard(day.toordinal())
        self._ordinal_set = frozenset(working)
        self._days = [datetime.date.fromordinal(ordinal) for ordinal in sorted(working)]
        # _before[o - _base]: the working days before ordinal o, for every o of the covered span
        self._base = datetime.date(min(self._covered), 1, 1).toordinal()
        end = datetime.date(max(self._covered), 12, 31).toordinal()
        self._before = list(itertools.accumulate((o in working for o in range(self._base, end + 1)), initial=0))
        self._gapless = self._covered == frozenset(range(min(self._covered), max(self._covered) + 1))

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
        if not self._spans_covered(first.year, last.year):
            self._require_years(first.year, last.year)
        return self._before[last.toordinal() - self._base + 1] - self._before[first.toordinal() - self._base]

    def add_working_days(self, day: datetime.date, n: int) -> datetime.date:
        """The ``n``-th working day after ``day`` (``n > 0``) or before it (``n < 0``).

        ``day`` itself is never counted, so it does not matter whether it is a
        working day: ``add_working_days(meeting, -12)`` is the 12th working day
        counted back from the meeting. The result is always a working day,
        except for ``n == 0``, which returns ``day`` unchanged.
        """
        if day.year not in self._covered:
            raise CalendarYearNotCovered(day.year)
        if n > 0:
            index = self._before[day.toordinal() - self._base + 1] + n - 1
        elif n < 0:
            index = self._before[day.toordinal() - self._base] + n
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
        index = self._before[day.toordinal() - self._base] + n - 1
        return self._working_day_at(index, day)

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """``day`` itself when it is a working day, else the first working day after it:
        the day to offer when a meeting or deadline falls on a day off."""
        return self.nth_working_day_from(day, 1)

    def working_days_by_month(self, year: int) -> list[tuple[int, int]]:
        """``(month, working days)`` for the twelve months of ``year``."""
        self._require_years(year, year)
        return [
            (month, self.count_working_days(datetime.date(year, month, 1), _month_end(year, month)))
            for month in range(1, 13)
        ]

    def _working_day_at(self, index: int, origin: datetime.date) -> datetime.date:
        """The working day at ``index``, checking every year walked through from ``origin``."""
        if 0 <= index < len(self._days):
            result = self._days[index]
            if self._spans_covered(origin.year, result.year):
                return result
        if index < 0:
            self._require_years(origin.year, min(self._covered) - 1)
        if index >= len(self._days):
            self._require_years(origin.year, max(self._covered) + 1)
        result = self._days[index]
        self._require_years(origin.year, result.year)
        return result

    def _spans_covered(self, from_year: int, to_year: int) -> bool:
        """Whether every year from ``from_year`` to ``to_year`` is covered (the quick answer)."""
        covered = self._covered
        return from_year in covered and (to_year == from_year or (self._gapless and to_year in covered))

    def _require_years(self, from_year: int, to_year: int) -> None:
        """Raise for the first uncovered year met walking from ``from_year`` to ``to_year``."""
        step = 1 if to_year >= from_year else -1
        for year in range(from_year, to_year + step, step):
            if year not in self._covered:
                raise CalendarYearNotCovered(year)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar_module.monthrange(year, month)[1])


# -- a year's arrangement (年度节假日安排), as an administrator imports it ----------------

ARRANGEMENT_KINDS = {"休": False, "班": True}
RANGE_SEPARATOR = "~"


@dataclass(frozen=True)
class ArrangedDay:
    """One day of a year's arrangement: a day off (休) or an adjusted working day (班)."""

    day: datetime.date
    is_working_day: bool
    note: str


def parse_arrangement(text: str, year: int) -> list[ArrangedDay]:
    """A year's holidays and adjusted working days from the import format (CSV, UTF-8).

    One line per day or range of days: ``日期,安排,说明``, the date as ``YYYY-MM-DD`` or
    a range ``YYYY-MM-DD~YYYY-MM-DD`` (both ends included), the kind ``休`` (day off)
    or ``班`` (adjusted working day), and what it is (元旦, 春节调休上班…). Blank lines,
    lines starting with ``#`` and a header line starting with ``日期`` are skipped.
    Every date must lie in ``year``; a day listed twice, an adjusted working day that
    is not a weekend day, and a year without any holiday on a weekday are refused with
    :class:`RuleInputError` naming the line.
    """
    days: dict[datetime.date, tuple[ArrangedDay, int]] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"))), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#") or cells[0] == "日期":
            continue
        where = f"第{number}行"
        if len(cells) < 2 or cells[1] not in ARRANGEMENT_KINDS:
            raise RuleInputError(where, "每行应为“日期,休或班,说明”，例如“2027-01-01,休,元旦”")
        first, last = _parse_range(cells[0], where)
        for ordinal in range(first.toordinal(), last.toordinal() + 1):
            day = datetime.date.fromordinal(ordinal)
            if day.year != year:
                raise RuleInputError(where, f"{day.year}年{day.month}月{day.day}日不在{year}年内")
            if day in days:
                raise RuleInputError(where, f"{day.month}月{day.day}日已在第{days[day][1]}行列出")
            working = ARRANGEMENT_KINDS[cells[1]]
            if working and day.weekday() < 5:
                raise RuleInputError(where, f"{day.month}月{day.day}日本是工作日，调休上班日应为周六或周日")
            days[day] = (ArrangedDay(day, working, cells[2] if len(cells) > 2 else ""), number)
    arranged = sorted((entry for entry, _ in days.values()), key=lambda entry: entry.day)
    check_arrangement(arranged, year)
    return arranged


def check_arrangement(days: Iterable[ArrangedDay], year: int) -> None:
    """A year's arrangement lies in the year and has at least one holiday on a weekday:
    a year without holidays is never a real State Council notice."""
    days = list(days)
    if any(entry.day.year != year for entry in days):
        raise RuleInputError("安排", f"安排中有不属于{year}年的日期")
    if not any(not entry.is_working_day and entry.day.weekday() < 5 for entry in days):
        raise RuleInputError("安排", f"{year}年的安排中没有任何工作日放假的法定节假日，请按国务院办公厅通知完整填写")


def _parse_range(text: str, where: str) -> tuple[datetime.date, datetime.date]:
    try:
        parts = [datetime.date.fromisoformat(part.strip()) for part in text.split(RANGE_SEPARATOR)]
    except ValueError:
        raise RuleInputError(where, f"日期“{text}”应写作2027-01-01，或2027-02-10~2027-02-17表示连续几天") from None
    if len(parts) > 2 or parts[-1] < parts[0]:
        raise RuleInputError(where, f"日期范围“{text}”有误：应为开始日期~结束日期")
    return parts[0], parts[-1]


@functools.cache
def default_calendar() -> WorkingCalendar:
    """The calendar of the package alone, without overrides (cached)."""
    return WorkingCalendar()
