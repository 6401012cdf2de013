"""The series' own conditions beyond years (E8): a small vocabulary written in the
parameter files (``conditions.<series>.<level>``), evaluated here, explained like every
other check. Each condition is one of :data:`~zhicheng.rules.terms.CONDITION_KINDS`::

    conditions.health_physician.intermediate:
      values:
        2021-07-01:
          value:
            - {kind: qualification, any_of: [执业医师资格], label: 执业医师资格}
            - {kind: continuing_education}
            - {kind: annual_assessment, at_least: competent}
          reference: …

* ``qualification``: one of ``any_of`` held (a qualification of the request) by the cut-off;
* ``post_years``: ``years`` whole years in a post of level ``post``, the current run of
  posts counted to the cut-off;
* ``continuing_education``: in each year since the current title (its year excluded) up to
  the year before ``as_of``, at least the hours of ``continuing_education.min_hours_per_year``;
* ``annual_assessment``: in each of those years, a result at least ``at_least``; with
  ``times``, in at least that many of those years (至少N次优秀);
* ``achievement``: at least ``times`` achievements of one of ``kinds`` (业绩成果) since the
  current title, up to the cut-off.

The routes with rules of their own (破格, 转系列: ``route.<route>``) list their
conditions in the same vocabulary, under ``conditions``.

A condition on records the request does not carry at all (``posts``, ``assessments``,
``ce_hours`` absent, as in requests written before these fields existed) is not
evaluated, so those requests keep their answers; the system itself always sends the
records it holds (an empty list where the person has none, which fails the condition).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any, NamedTuple

from .catalogue import Series
from .dates import DATE_TEXT, add_years
from .errors import ParameterFileError
from .parameters import ParameterSet, ParameterValue
from .terms import ACHIEVEMENT_KINDS, ASSESSMENT_RESULTS, CONDITION_KINDS

PASS, FAIL = "pass", "fail"


@dataclass(frozen=True)
class Condition:
    kind: str
    spec: dict[str, Any]
    source: str


class Outcome(NamedTuple):
    status: str
    message: str
    sources: tuple[str, ...]


def get_conditions(
    series: Series, level: str, on_date: datetime.date, parameters: ParameterSet
) -> tuple[Condition, ...]:
    """The conditions of ``series`` × ``level`` in force on ``on_date`` (none where none are)."""
    value = parameters.find(f"conditions.{series.code}.{level}", on_date)
    return () if value is None else _conditions(value, series)


def route_conditions(value: ParameterValue, series: Series) -> tuple[Condition, ...]:
    """The conditions a route's own rule (``route.<route>``) lists."""
    return _conditions(value, series, "conditions")


@functools.cache
def _conditions(value: ParameterValue, series: Series, key: str | None = None) -> tuple[Condition, ...]:
    specs = value.value if key is None else (value.value.get(key, []) if isinstance(value.value, dict) else None)
    if not isinstance(specs, list):
        raise ParameterFileError(f"{value.name}: 须为条件列表")
    found = []
    for spec in specs:
        kind = spec.get("kind") if isinstance(spec, dict) else None
        if kind not in CONDITION_KINDS:
            raise ParameterFileError(f"{value.name}: 未知的条件类型“{kind}”，可选：{'、'.join(CONDITION_KINDS)}")
        if kind == "qualification" and not (spec.get("any_of") and spec.get("label")):
            raise ParameterFileError(f"{value.name}: qualification 须有 any_of 和 label")
        if kind == "post_years" and (series.level(spec.get("post")) is None or type(spec.get("years")) is not int):
            raise ParameterFileError(f"{value.name}: post_years 须有本系列的 post 级别和整数 years")
        if kind == "annual_assessment" and spec.get("at_least") not in ASSESSMENT_RESULTS:
            raise ParameterFileError(f"{value.name}: annual_assessment 须有 at_least（{'/'.join(ASSESSMENT_RESULTS)}）")
        if "times" in spec and (type(spec["times"]) is not int or spec["times"] < 1):
            raise ParameterFileError(f"{value.name}: times 须为正整数")
        if kind == "achievement" and not (
            spec.get("label") and spec.get("kinds") and set(spec["kinds"]) <= set(ACHIEVEMENT_KINDS) and "times" in spec
        ):
            raise ParameterFileError(
                f"{value.name}: achievement 须有 label、times 和 kinds（取自 {'/'.join(ACHIEVEMENT_KINDS)}）")
        found.append(Condition(kind, dict(spec), value.source))
    return tuple(found)


def evaluate(condition: Condition, ev) -> Outcome | None:
    """One condition on the evaluation ``ev`` (see :class:`~zhicheng.rules.evaluation.Evaluation`),
    or None where the request does not carry the records it needs."""
    return _EVALUATORS[condition.kind](condition, ev)


def _qualification(condition: Condition, ev) -> Outcome:
    label, cutoff = condition.spec["label"], ev.cutoff.date
    held = [q for q in ev.person.qualifications if q.name in condition.spec["any_of"] and q.obtained_on <= cutoff]
    if held:
        first = min(held, key=lambda q: q.obtained_on)
        return Outcome(PASS, f"具备{label}（{first.name}，{DATE_TEXT[first.obtained_on]}取得）", (condition.source,))
    return Outcome(FAIL, f"申报{ev.target.name}须具备{label}，未见相应资格记录", (condition.source,))


def _post_years(condition: Condition, ev) -> Outcome | None:
    post, years, cutoff = condition.spec["post"], condition.spec["years"], ev.cutoff.date
    name = f"{ev.level_name(post)}岗位"
    if ev.person.posts is None:
        return None
    start = current_run_start(ev.person.posts, cutoff, post)
    if start is None:
        return Outcome(FAIL, f"须在{name}任职满{years}年，截至{DATE_TEXT[cutoff]}未在{name}任职", (condition.source,))
    met_on = add_years(start, years)
    if met_on <= cutoff:
        return Outcome(PASS, f"自{DATE_TEXT[start]}在{name}任职，至{DATE_TEXT[cutoff]}已满{years}年", (condition.source,))
    return Outcome(FAIL, f"自{DATE_TEXT[start]}在{name}任职，至{DATE_TEXT[cutoff]}不满{years}年，将于{DATE_TEXT[met_on]}满{years}年", (condition.source,))


def current_run_start(posts, cutoff: datetime.date, level: str | None = None) -> datetime.date | None:
    """The start of the unbroken run of posts (of ``level``, or of any level) that lasts to ``cutoff``."""
    spans = sorted((p.started_on, p.ended_on or datetime.date.max) for p in posts if level in (None, p.level))
    start = None
    reach = None
    for began, ended in spans:
        if began > cutoff:
            break
        if reach is None or (began - reach).days > 1:  # (an open post reaches date.max: no day after it)
            start = began
        reach = ended if reach is None else max(reach, ended)
    return start if reach is not None and reach >= cutoff else None


def _years_since_title(ev) -> list[int]:
    """The whole years since the current title (its own year excluded) up to the year before ``as_of``."""
    highest = ev.highest_holding
    first = highest.obtained_on.year + 1 if highest else ev.as_of.year
    return list(range(first, ev.as_of.year))


def _continuing_education(condition: Condition, ev) -> Outcome | None:
    if ev.person.ce_hours is None:
        return None
    minimum = ev.param("continuing_education.min_hours_per_year", ev.committee)
    sources = (condition.source, minimum.source)
    years = _years_since_title(ev)
    if not years:
        return Outcome(PASS, "取得现职称后尚无完整年度，无继续教育学时要求", sources)
    short = [f"{year}年{ev.person.ce_hours.get(year, 0)}学时" for year in years if ev.person.ce_hours.get(year, 0) < minimum.value]
    span = f"{years[0]}—{years[-1]}年" if len(years) > 1 else f"{years[0]}年"
    if short:
        return Outcome(FAIL, f"须每年继续教育不少于{minimum.value}学时，{'、'.join(short)}不足", sources)
    return Outcome(PASS, f"{span}每年继续教育不少于{minimum.value}学时", sources)


def _annual_assessment(condition: Condition, ev) -> Outcome | None:
    if ev.person.assessments is None:
        return None
    at_least = condition.spec["at_least"]
    ranks = list(ASSESSMENT_RESULTS)
    label = ASSESSMENT_RESULTS[at_least]
    years = _years_since_title(ev)
    if "times" in condition.spec:
        return _assessment_times(condition, ev, years, label, ranks)
    if not years:
        return Outcome(PASS, "取得现职称后尚无完整年度，无年度考核要求", (condition.source,))
    below = [
        f"{year}年{ASSESSMENT_RESULTS[result] if (result := ev.person.assessments.get(year)) else '无考核结果'}"
        for year in years
        if ev.person.assessments.get(year) is None or ranks.index(ev.person.assessments[year]) > ranks.index(at_least)
    ]
    if below:
        return Outcome(FAIL, f"须取得现职称以来年度考核均为{label}以上：{'、'.join(below)}", (condition.source,))
    span = f"{years[0]}—{years[-1]}年" if len(years) > 1 else f"{years[0]}年"
    return Outcome(PASS, f"{span}年度考核均为{label}以上", (condition.source,))


def _assessment_times(condition: Condition, ev, years: list[int], label: str, ranks: list[str]) -> Outcome:
    """At least ``times`` of the years since the current title with a result at least ``at_least``."""
    times, at_least = condition.spec["times"], condition.spec["at_least"]
    good = [year for year in years
            if (result := ev.person.assessments.get(year)) and ranks.index(result) <= ranks.index(at_least)]
    if len(good) >= times:
        found = "、".join(f"{year}年" for year in good)
        return Outcome(PASS, f"取得现职称以来年度考核{label}{len(good)}次（{found}）", (condition.source,))
    return Outcome(FAIL, f"须取得现职称以来年度考核至少{times}次为{label}，现有{len(good)}次", (condition.source,))


def _achievement(condition: Condition, ev) -> Outcome | None:
    if ev.person.achievements is None:
        return None
    spec, cutoff = condition.spec, ev.cutoff.date
    highest = ev.highest_holding
    since = highest.obtained_on if highest else None
    counted = [a for a in ev.person.achievements
               if a.kind in spec["kinds"] and a.achieved_on <= cutoff and (since is None or a.achieved_on >= since)]
    kinds = "、".join(ACHIEVEMENT_KINDS[kind] for kind in spec["kinds"])
    if len(counted) >= spec["times"]:
        return Outcome(PASS, f"{spec['label']}：{kinds}类业绩{len(counted)}项", (condition.source,))
    return Outcome(FAIL, f"须有{spec['label']}（{kinds}类业绩）至少{spec['times']}项，现有{len(counted)}项", (condition.source,))


_EVALUATORS = {
    "qualification": _qualification,
    "post_years": _post_years,
    "continuing_education": _continuing_education,
    "annual_assessment": _annual_assessment,
    "achievement": _achievement,
}
