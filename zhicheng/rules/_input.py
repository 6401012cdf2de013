"""Reading the JSON contract with errors that name the field (输入校验).

Every problem raises :class:`RuleInputError` with the field's path, e.g.
``person.education[0].graduated_on: 日期格式应为YYYY-MM-DD``. Unknown keys are
refused too, so a misspelt optional date is not silently ignored.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping
from typing import Any

from .errors import RuleInputError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
# The years a date of the contract may lie in: far enough for any career and any
# period added to it (at most a few decades), so date arithmetic never overflows.
FIRST_YEAR, LAST_YEAR = 1900, 2200


class Record:
    """A JSON object at ``path``, read field by field."""

    def __init__(self, data: Any, path: str, allowed: set[str]):
        if not isinstance(data, Mapping):
            raise RuleInputError(path or "(根)", "应为JSON对象")
        if not allowed.issuperset(data):
            unknown = sorted(str(key) for key in set(data) - allowed)
            raise RuleInputError(self._join(path, unknown[0]), "未知字段")
        self.data = data
        self.path = path

    @staticmethod
    def _join(path: str, key: str) -> str:
        return f"{path}.{key}" if path else key

    def field(self, key: str) -> str:
        return self._join(self.path, key)

    def _get(self, key: str, required: bool) -> Any:
        value = self.data.get(key)
        if value is None:  # missing or null
            if required:
                raise RuleInputError(self.field(key), "必填")
            return None
        return value

    def record(self, key: str, allowed: set[str]) -> Record:
        return Record(self._get(key, True), self.field(key), allowed)

    def records(self, key: str, allowed: set[str], required: bool = False) -> list[Record]:
        prefix = self.field(key)
        return [Record(item, f"{prefix}[{i}]", allowed) for i, item in enumerate(self.list(key, required))]

    def given_records(self, key: str, allowed: set[str]) -> list[Record] | None:
        """Like :meth:`records`, but None where the list is not given at all (unknown, not empty)."""
        return None if self._get(key, False) is None else self.records(key, allowed)

    def integer(self, key: str, minimum: int, maximum: int) -> int:
        value = self._get(key, True)
        if type(value) is not int or not minimum <= value <= maximum:
            raise RuleInputError(self.field(key), f"应为{minimum}至{maximum}之间的整数")
        return value

    def list(self, key: str, required: bool = False) -> list[Any]:
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise RuleInputError(self.field(key), "应为列表")
        return value

    def date(self, key: str, required: bool = True) -> datetime.date | None:
        value = self._get(key, required)
        return None if value is None else parse_date(value, self.field(key))

    def month(self, key: str) -> datetime.date:
        return parse_month(self._get(key, True), self.field(key))

    def boolean(self, key: str, required: bool = True, default: bool | None = False) -> bool | None:
        value = self._get(key, required)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise RuleInputError(self.field(key), "应为布尔值 true 或 false")
        return value

    def text(self, key: str, required: bool = True) -> str | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise RuleInputError(self.field(key), "应为字符串")
        if not value.strip():
            if required:
                raise RuleInputError(self.field(key), "应为非空字符串")
            return None
        return value.strip()

    def choice(self, key: str, choices: Mapping[str, str], required: bool = True) -> str | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or value not in choices:
            options = "、".join(f"{code}（{label}）" for code, label in choices.items())
            found = f"未知取值“{value}”" if isinstance(value, str) else "应为字符串"
            raise RuleInputError(self.field(key), f"{found}，可选：{options}")
        return value


def parse_date(value: Any, field: str) -> datetime.date:
    """A ``YYYY-MM-DD`` string (or a ``datetime.date``) as a date."""
    if type(value) is datetime.date:
        return _in_range(value, field)
    if not isinstance(value, str):
        raise RuleInputError(field, "日期格式应为YYYY-MM-DD")
    day = _iso_date(value)
    if day is None:
        if not _ISO_DATE.fullmatch(value):
            raise RuleInputError(field, "日期格式应为YYYY-MM-DD")
        raise RuleInputError(field, f"“{value}”不是有效日期")
    return _in_range(day, field)


@functools.lru_cache(maxsize=8192)
def _iso_date(value: str) -> datetime.date | None:
    """A well-formed ``YYYY-MM-DD`` string as a date, else None (the same strings recur)."""
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _in_range(day: datetime.date, field: str) -> datetime.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise RuleInputError(field, f"日期应在{FIRST_YEAR}年至{LAST_YEAR}年之间")
    return day


def parse_month(value: Any, field: str) -> datetime.date:
    """A ``YYYY-MM`` string as the first day of that month."""
    month = _iso_month(value) if isinstance(value, str) else None
    if month is None:
        raise RuleInputError(field, "月份格式应为YYYY-MM")
    return _in_range(month, field)


@functools.lru_cache(maxsize=4096)
def _iso_month(value: str) -> datetime.date | None:
    match = _ISO_MONTH.fullmatch(value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return datetime.date(int(match.group(1)), int(match.group(2)), 1)


def parse_year(value: Any, field: str) -> int:
    """A year as an integer (booleans are refused)."""
    if type(value) is not int or not FIRST_YEAR <= value <= LAST_YEAR:
        raise RuleInputError(field, "应为四位整数年份")
    return value
