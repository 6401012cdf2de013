"""Date arithmetic shared by the rules (日期计算).

Periods counted in months or years follow the Civil Code (《中华人民共和国民法典》
第二百零二条): the period ends on the corresponding day of the last month, and
where that month has no corresponding day, on the month's last day. So one year
from 2016-02-29 is 2017-02-28, and one month from 2022-01-31 is 2022-02-28.
"""

from __future__ import annotations

import calendar
import datetime
import functools
from typing import ClassVar

# All dates are China Standard Time (SPEC §4); China has no daylight saving time.
CHINA_STANDARD_TIME = datetime.timezone(datetime.timedelta(hours=8), "CST")


def china_today() -> datetime.date:
    """Today's date in China Standard Time."""
    return datetime.datetime.now(CHINA_STANDARD_TIME).date()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months (民法典 第二百零二条 for missing days)."""
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    month = month_index + 1
    if day.day <= 28:  # every month has the day
        return datetime.date(year, month, day.day)
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """``day`` plus ``years`` calendar years; 29 February maps to 28 February (what
    ``add_months(day, 12 * years)`` gives: only February's length changes from year to year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year without one
        return datetime.date(day.year + years, 2, 28)


def full_years_between(start: datetime.date, end: datetime.date) -> int:
    """How many whole years (满N年) lie from ``start`` to ``end``: the largest N
    with ``add_years(start, N) <= end``; 0 when ``end`` is before ``start``."""
    years = end.year - start.year
    if years > 0 and add_years(start, years) > end:
        years -= 1
    return max(years, 0)


class Kept(dict):
    """``kept[key]`` is ``make(key)``, made the first time it is asked and kept: the same few
    thousand dates and texts recur over many answers, and a look-up here costs a tenth of a
    call. Bounded, as the keys asked are not: full, it starts again empty."""

    __slots__ = ("_make",)
    LIMIT: ClassVar[int] = 100_000

    def __init__(self, make):
        super().__init__()
        self._make = make

    def __missing__(self, key):
        if len(self) >= self.LIMIT:
            self.clear()
        made = self[key] = self._make(key)
        return made


# an answer writes a dozen dates: DATE_TEXT[day] == day.isoformat() == f"{day}"
DATE_TEXT: dict[datetime.date, str] = Kept(datetime.date.isoformat)


@functools.lru_cache(maxsize=4096)
def month_label(day: datetime.date) -> str:
    """``YYYY-MM`` of ``day``'s month, as social-insurance records write it."""
    return f"{day.year:04d}-{day.month:02d}"
