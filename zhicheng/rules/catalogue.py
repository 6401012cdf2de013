"""Series, levels, standards and the qualification correspondence (职称目录).

Read from the dated parameters (``series.<code>``, ``standard.<series>.<level>``,
``qualification.<name>``) and checked for consistency as they are read, so a
new series is a parameter file, never new code.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from .dates import china_today
from .errors import ParameterFileError
from .parameters import ParameterSet, ParameterValue, default_parameters
from .terms import DEGREES, GRADUATION, LEVELS


@dataclass(frozen=True)
class Level:
    """A level of a series: contract code, the series' own name, the grade (员级…正高级)."""

    code: str
    name: str
    grade: str


@dataclass(frozen=True)
class Series:
    """A title series (职称系列) and its ladder, lowest level first."""

    code: str
    name: str
    levels: tuple[Level, ...]
    source: str

    def __hash__(self) -> int:
        # equal series have equal codes and sources; hashing the whole ladder on every
        # cache look-up keyed by a series would cost more than the look-up saves
        return self._hash

    @functools.cached_property
    def _hash(self) -> int:
        return hash((self.code, self.source))

    @functools.cached_property
    def ladder(self) -> dict[str, tuple[int, Level]]:
        """Level code → its position on the ladder (0 = first level) and the level."""
        return {level.code: (rank, level) for rank, level in enumerate(self.levels)}

    def level(self, code: str) -> Level | None:
        found = self.ladder.get(code) if isinstance(code, str) else None  # a malformed file may give any value
        return None if found is None else found[1]

    def rank(self, code: str) -> int:
        """Position of level ``code`` on the ladder (0 = first level)."""
        found = self.ladder.get(code)
        if found is None:
            raise ValueError(f"{code!r} is not a level of {self.code}")
        return found[0]


@dataclass(frozen=True)
class Route:
    """One education level's way to a target level (E1): years after graduation or a title."""

    degree: str
    after: str
    years: int
    note: str


@dataclass(frozen=True, eq=False)
class Standard:
    """The evaluation standard (评价标准条件) of one series × level, as far as E1 needs it.

    Compared and hashed by identity, like its parameter value: each is read once, so what
    follows from it can be kept per standard.
    """

    series: str
    level: str
    routes: dict[str, Route]
    source: str

    @functools.cached_property
    def graduation_degrees(self) -> frozenset[str]:
        """The degrees whose route starts at graduation: the levels a person without a title enters at (E7)."""
        return frozenset(degree for degree, route in self.routes.items() if route.after == GRADUATION)


@dataclass(frozen=True)
class Qualification:
    """A vocational qualification counted as a title (职业资格对应职称, E5)."""

    name: str
    series: str
    level: str
    source: str


def list_series(on_date: datetime.date | None = None, parameters: ParameterSet | None = None) -> list[Series]:
    """Every series in force on ``on_date`` (default: today, China time)."""
    parameters = parameters or default_parameters()
    on_date = on_date or china_today()
    found = (get_series(name.removeprefix("series."), on_date, parameters) for name in parameters.names("series."))
    return [series for series in found if series is not None]


def get_series(code: str, on_date: datetime.date, parameters: ParameterSet | None = None) -> Series | None:
    """The series ``code`` as in force on ``on_date``, or None."""
    value = (parameters or default_parameters()).find(f"series.{code}", on_date)
    return None if value is None else _series(value)


def get_standard(
    series: Series, level: str, on_date: datetime.date, parameters: ParameterSet | None = None
) -> Standard | None:
    """The standard for ``series`` × ``level`` in force on ``on_date``, or None."""
    value = (parameters or default_parameters()).find(f"standard.{series.code}.{level}", on_date)
    return None if value is None else _standard(value, series)


def list_qualifications(
    on_date: datetime.date | None = None, parameters: ParameterSet | None = None
) -> list[Qualification]:
    """Every recognised qualification in force on ``on_date`` (default: today)."""
    parameters = parameters or default_parameters()
    on_date = on_date or china_today()
    found = (
        get_qualification(name.removeprefix("qualification."), on_date, parameters)
        for name in parameters.names("qualification.")
    )
    return [qualification for qualification in found if qualification is not None]


def get_qualification(
    name: str, on_date: datetime.date, parameters: ParameterSet | None = None
) -> Qualification | None:
    """The title a qualification counts as on ``on_date``, or None if it is not in the table."""
    parameters = parameters or default_parameters()
    value = parameters.find(f"qualification.{name}", on_date)
    if value is None:
        return None
    spec = value.value if isinstance(value.value, dict) else {}
    return _qualification(value, get_series(str(spec.get("series")), on_date, parameters))


def check_catalogue(parameters: ParameterSet | None = None) -> None:
    """Read every shipped series, standard and qualification value; raise
    :class:`ParameterFileError` on the first inconsistency."""
    parameters = parameters or default_parameters()
    for name in parameters.names("series."):
        for value in parameters.all_values(name):
            _series(value)
    for name in parameters.names("standard."):
        for value in parameters.all_values(name):
            series = get_series(name.split(".")[1], value.effective_from, parameters)
            if series is None:
                raise ParameterFileError(f"{name}: 生效日{value.effective_from}时没有该系列")
            _standard(value, series)
    for name in parameters.names("qualification."):
        for value in parameters.all_values(name):
            get_qualification(name.removeprefix("qualification."), value.effective_from, parameters)


@functools.cache
def _series(value: ParameterValue) -> Series:
    spec = value.value
    code = value.name.removeprefix("series.")
    if not isinstance(spec, dict) or not spec.get("name") or not isinstance(spec.get("levels"), dict):
        raise ParameterFileError(f"{value.name}: 须有 name 和 levels")
    codes = list(spec["levels"])
    if not codes or codes != [code for code in LEVELS if code in codes]:
        raise ParameterFileError(f"{value.name}: levels 须取自 {'/'.join(LEVELS)} 并按由低到高排列")
    levels = tuple(Level(level, str(spec["levels"][level]), LEVELS[level]) for level in codes)
    return Series(code, str(spec["name"]), levels, value.source)


@functools.cache
def _standard(value: ParameterValue, series: Series) -> Standard:
    level = value.name.rsplit(".", 1)[1]
    if series.level(level) is None or not isinstance(value.value, dict):
        raise ParameterFileError(f"{value.name}: {series.name}没有级别“{level}”或条件格式有误")
    routes = {}
    for degree, route in value.value.items():
        if degree not in DEGREES or not isinstance(route, dict):
            raise ParameterFileError(f"{value.name}: 未知学历“{degree}”")
        after, years = route.get("after"), route.get("years")
        if not isinstance(after, str) or (
                after != GRADUATION and (series.level(after) is None or series.rank(after) >= series.rank(level))):
            raise ParameterFileError(f"{value.name}.{degree}: after 须为 graduation 或低于{level}的级别")
        if type(years) is not int or years < 0:
            raise ParameterFileError(f"{value.name}.{degree}: years 须为非负整数")
        routes[degree] = Route(degree, after, years, str(route.get("note", "")))
    return Standard(series.code, level, routes, value.source)


@functools.cache
def _qualification(value: ParameterValue, series: Series | None) -> Qualification:
    level = value.value.get("level") if series is not None else None
    if series is None or not isinstance(level, str) or series.level(level) is None:
        raise ParameterFileError(f"{value.name}: 对应的系列或级别不存在")
    return Qualification(value.name.removeprefix("qualification."), series.code, level, value.source)
