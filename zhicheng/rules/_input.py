"""Reading the JSON contract with errors that name the field (输入校验).

Every problem raises :class:`RuleInputError` with the field's path, e.g.
``person.education[0].graduated_on: 日期格式应为YYYY-MM-DD``. Unknown keys are
refused too, so a misspelt optional date is not silently ignored.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Mapping
from typing import Any, Literal, NoReturn, TypeGuard, overload

from .dates import Kept
from .errors import RuleInputError

# the fields a JSON object may have
Fields = set[str] | frozenset[str]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
# The years a date of the contract may lie in: far enough for any career and any
# period added to it (at most a few decades), so date arithmetic never overflows.
FIRST_YEAR, LAST_YEAR = 1900, 2200


class Record:
    """A JSON object at ``path``, read field by field.

    The path of a nested record is only spelt out when an error names it: a valid request,
    the usual case, never formats one (the precheck's hot path)."""

    __slots__ = ("data", "_path", "_parent", "_key")

    def __init__(self, data: Any, path: str, allowed: Fields, *, parent: Record | None = None,
                 key: str | tuple[str, int] = ""):
        self._path, self._parent, self._key = path, parent, key
        if type(data) is not dict and not isinstance(data, Mapping):
            raise RuleInputError(self.path or "(根)", "应为JSON对象")
        if not allowed.issuperset(data):
            unknown = sorted(str(key) for key in set(data) - allowed)
            raise RuleInputError(self.field(unknown[0]), "未知字段")
        self.data = data

    @property
    def path(self) -> str:
        if self._parent is not None:  # a nested record: its path is its parent's and its key (or list and index)
            key = self._key if type(self._key) is str else f"{self._key[0]}[{self._key[1]}]"
            self._path, self._parent = self._parent.field(key), None
        return self._path

    @staticmethod
    def _join(path: str, key: str) -> str:
        return f"{path}.{key}" if path else key

    def field(self, key: str) -> str:
        return self._join(self.path, key)

    def _missing(self, key: str, required: bool) -> None:
        if required:
            self._required(key)

    def _required(self, key: str) -> NoReturn:
        raise RuleInputError(self.field(key), "必填")

    def record(self, key: str, allowed: Fields) -> Record:
        value = self.data.get(key)
        if value is None:
            self._required(key)
        return Record(value, "", allowed, parent=self, key=key)

    def records(self, key: str, allowed: Fields, required: bool = False) -> list[Record]:
        items = self.list(key, required)
        return [Record(item, "", allowed, parent=self, key=(key, i)) for i, item in enumerate(items)] if items else []

    def rows(self, key: str, allowed: frozenset[str], read_row: Callable[[dict], Any], read: Callable[[Record], Any],
             required: bool = False) -> list[Any]:
        """The list ``key`` of objects with the fields ``allowed``, read by ``read_row`` where every
        one is plainly well formed (see :func:`plain_rows`), else each by ``read`` from a
        :class:`Record`, which names what is wrong."""
        items = self.list(key, required)
        rows = plain_rows(items, allowed, read_row)
        return self.read_each(key, items, allowed, read) if rows is None else rows

    def read_each(self, key: str, items: list[Any], allowed: frozenset[str], read: Callable[[Record], Any]) -> list[Any]:
        """The objects ``items`` of the list ``key``, each read in turn by ``read`` from a
        :class:`Record`, which names what is wrong."""
        return [read(Record(item, "", allowed, parent=self, key=(key, index))) for index, item in enumerate(items)]

    def given_records(self, key: str, allowed: Fields) -> list[Record] | None:
        """Like :meth:`records`, but None where the list is not given at all (unknown, not empty)."""
        return None if self.data.get(key) is None else self.records(key, allowed)

    def integer(self, key: str, minimum: int, maximum: int) -> int:
        value = self.data.get(key)
        if value is None:
            self._required(key)
        if type(value) is not int or not minimum <= value <= maximum:
            raise RuleInputError(self.field(key), f"应为{minimum}至{maximum}之间的整数")
        return value

    def list(self, key: str, required: bool = False) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            self._missing(key, required)
            return []
        if type(value) is not list and not isinstance(value, list):
            raise RuleInputError(self.field(key), "应为列表")
        return value

    @overload
    def date(self, key: str, required: Literal[True] = True) -> datetime.date: ...
    @overload
    def date(self, key: str, required: bool) -> datetime.date | None: ...

    def date(self, key: str, required: bool = True) -> datetime.date | None:
        value = self.data.get(key)
        if value is None:
            self._missing(key, required)
            return None
        return (type(value) is str and VALID_DATES[value]) or parse_date(value, self.field(key))

    def month(self, key: str) -> datetime.date:
        value = self.data.get(key)
        if value is None:
            self._required(key)
        return (type(value) is str and VALID_MONTHS[value]) or parse_month(value, self.field(key))

    def year(self, key: str) -> int:
        value = self.data.get(key)
        return value if is_year(value) else parse_year(value, self.field(key))

    @overload
    def boolean(self, key: str, required: bool = True, default: bool = False) -> bool: ...
    @overload
    def boolean(self, key: str, required: bool, default: None) -> bool | None: ...

    def boolean(self, key: str, required: bool = True, default: bool | None = False) -> bool | None:
        value = self.data.get(key)
        if value is True or value is False:
            return value
        if value is None:
            self._missing(key, required)
            return default
        raise RuleInputError(self.field(key), "应为布尔值 true 或 false")

    @overload
    def text(self, key: str, required: Literal[True] = True) -> str: ...
    @overload
    def text(self, key: str, required: bool) -> str | None: ...

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None:
            self._missing(key, required)
            return None
        if not isinstance(value, str):
            raise RuleInputError(self.field(key), "应为字符串")
        stripped = value.strip()
        if not stripped:
            if required:
                raise RuleInputError(self.field(key), "应为非空字符串")
            return None
        return stripped

    @overload
    def choice(self, key: str, choices: Mapping[str, str], required: Literal[True] = True) -> str: ...
    @overload
    def choice(self, key: str, choices: Mapping[str, str], required: bool) -> str | None: ...

    def choice(self, key: str, choices: Mapping[str, str], required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None:
            self._missing(key, required)
            return None
        if not isinstance(value, str) or value not in choices:
            options = "、".join(f"{code}（{label}）" for code, label in choices.items())
            found = f"未知取值“{value}”" if isinstance(value, str) else "应为字符串"
            raise RuleInputError(self.field(key), f"{found}，可选：{options}")
        return value


def plain_rows(items: Any, allowed: frozenset[str], read_row: Callable[[dict], Any], required: bool = False
               ) -> list[Any] | None:
    """A list of JSON objects with the fields ``allowed`` (left out: none, unless ``required``), each
    read by ``read_row`` straight from the object; None where ``items`` is not a list or ``read_row``
    gives None for one (anything not plainly well formed). ``read_row`` must give what the
    :class:`Record` reading gives where it gives anything: it spares a valid request (dozens of
    objects) a Record per object."""
    if items is None and not required:
        return []
    if type(items) is not list:
        return None
    rows = [read_row(item) if type(item) is dict and allowed.issuperset(item) else None for item in items]
    return None if None in rows else rows


def valid_date(value: Any) -> datetime.date | None:
    """``value`` as a date where :meth:`Record.date` takes it as one without a word, else None."""
    return VALID_DATES[value] if type(value) is str else None


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


def _valid_date(value: str) -> datetime.date | None:
    """``value`` as a date when it is a well-formed date of the accepted years, else None
    (then :func:`parse_date` says what is wrong)."""
    day = _iso_date(value)
    return day if day is not None and FIRST_YEAR <= day.year <= LAST_YEAR else None


def _valid_month(value: str) -> datetime.date | None:
    """Like :func:`_valid_date` for a ``YYYY-MM`` month: the string as the month's first day
    where :meth:`Record.month` takes it without a word, else None."""
    month = _iso_month(value)
    return month if month is not None and FIRST_YEAR <= month.year <= LAST_YEAR else None


# VALID_DATES[text] is _valid_date(text), VALID_MONTHS[text] is _valid_month(text), texts only:
# a request carries a dozen dates and months, and the same few thousand recur
VALID_DATES: dict[str, datetime.date | None] = Kept(_valid_date)
VALID_MONTHS: dict[str, datetime.date | None] = Kept(_valid_month)


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


def is_year(value: Any) -> TypeGuard[int]:
    """Whether ``value`` is a year :func:`parse_year` takes."""
    return type(value) is int and FIRST_YEAR <= value <= LAST_YEAR


def parse_year(value: Any, field: str) -> int:
    """A year as an integer (booleans are refused)."""
    if type(value) is not int or not FIRST_YEAR <= value <= LAST_YEAR:
        raise RuleInputError(field, "应为四位整数年份")
    return value
