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
    """``day`` plus ``years`` calendar years; 29 February maps to 28 February."""
    return add_months(day, 12 * years)


def full_years_between(start: datetime.date, end: datetime.date) -> int:
    """How many whole years (满N年) lie from ``start`` to ``end``: the largest N
    with ``add_years(start, N) <= end``; 0 when ``end`` is before ``start``."""
    years = end.year - start.year
    if years > 0 and add_years(start, years) > end:
        years -= 1
    return max(years, 0)


class _DateTexts(dict):
    """``YYYY-MM-DD`` of each date asked, kept: an answer writes a dozen dates, formatting one
    costs ten times a look-up, and the same few thousand dates recur. Bounded like the other
    tables, as the dates asked are not."""

    __slots__ = ()

    def __missing__(self, day: datetime.date) -> str:
        if len(self) >= _DATE_TEXTS_LIMIT:
            self.clear()
        text = self[day] = day.isoformat()
        return text


_DATE_TEXTS_LIMIT = 100_000
DATE_TEXT: dict[datetime.date, str] = _DateTexts()  # DATE_TEXT[day] == day.isoformat() == f"{day}"


@functools.lru_cache(maxsize=4096)
def month_label(day: datetime.date) -> str:
    """``YYYY-MM`` of ``day``'s month, as social-insurance records write it."""
    return f"{day.year:04d}-{day.month:02d}"
