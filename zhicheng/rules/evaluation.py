"""The evaluation of one precheck request (申报资格预审的计算): the titles held in
the target series, the bases the years are counted from, E2's insured months and
E7's bars, computed once and shared by the checks (``checks``) and the
earliest-date search (``earliest``).

Each rule is resolved in the chain of the region its text concerns: the
committee's (``committee``: the standard, the T4 cut-off, E2) or the
applicant's workplace (``workplace``: E3–E7, T5).
"""

from __future__ import annotations

import datetime
import functools
import operator
from dataclasses import dataclass
from collections.abc import Collection, Mapping
from typing import Any

from .catalogue import Level, Qualification, Route, Series, Standard, get_qualification, get_series, get_standard
from .conditions import Condition, current_run_start, get_conditions, route_conditions
from .dates import DATE_TEXT, add_months, add_years, month_label
from .deadlines import AssessmentWindow, ServiceCutoff, assessment_window, service_cutoff
from .errors import ParameterNotInForce
from .parameters import ParameterSet, ParameterValue
from .request import Education, PrecheckRequest, Title
from .retirement import Retirement, statutory_retirement
from .terms import DEGREES, GRADUATION, LEVELS, OWN_RULE_ROUTES, ROUTES, SEXES


@dataclass(slots=True)
class Holding:
    """A title held in the target series: a real title, or a qualification counted as one (E5)."""

    level: str
    obtained_on: datetime.date
    label: str
    title: Title | None
    rank: int  # of ``level`` on the series' ladder


@dataclass(slots=True)
class Reduction:
    """Years an early-application rule (E3, E4) took off a basis."""

    rule: str
    years: int
    source: str


@dataclass(slots=True)
class Basis:
    """Education plus starting point that the years are counted from (E1)."""

    education: Education
    route: Route
    start: datetime.date
    start_label: str
    reductions: tuple[Reduction, ...]
    years_needed: int
    met_on: datetime.date


_MET_ON, _OBTAINED_ON = operator.attrgetter("met_on"), operator.attrgetter("obtained_on")


class Evaluation:
    """Everything the checks of one request share, computed once."""

    __slots__ = ("request", "person", "committee", "workplace", "as_of", "series", "target", "day", "in_workplace",
                 "in_committee", "cutoff", "rules", "standard", "route_rule", "conditions", "engineering_degree",
                 "holdings", "highest_holding", "bases", "best", "insurance_problems", "retirement")

    def __init__(self, request: PrecheckRequest):
        self.request = request
        self.person = person = request.person
        self.committee = committee = request.committee
        self.workplace = workplace = person.workplace
        self.as_of = as_of = request.as_of
        self.series = series = request.series
        self.target = request.level
        self.day = day = day_rules(committee, workplace, as_of)
        # the values in force on as_of in each chain, by name; None where a layer's rule is not in force there
        self.in_workplace = in_workplace = day.workplace
        self.in_committee = day.committee
        self.cutoff: ServiceCutoff = day.cutoff(request.region_level, request.route, request.service_cutoff)
        self.rules = rules = target_rules(day, series, request.level, request.route, request.region_level)
        self.standard: Standard | None = rules.standard
        # 破格, 转系列: the route's own rule, in the committee's chain, replaces the standard's years
        self.route_rule: ParameterValue | None = rules.route_rule
        if rules.route_rule is None and request.route in OWN_RULE_ROUTES:
            raise self._own_rule_not_in_force()
        self.conditions = rules.conditions
        engineering_degree = in_workplace["early_application.engineering_degree"]
        # E4, where its rule is in force and this person has the degrees (None otherwise)
        self.engineering_degree: ParameterValue | None = (
            engineering_degree if engineering_degree and self._engineering_degree_applies(engineering_degree.value)
            else None
        )
        self.holdings = self._holdings()
        self.highest_holding = self._highest_holding()
        self.bases = bases = self._bases()
        self.best: Basis | None = min(bases, key=_MET_ON, default=None)
        self.insurance_problems: tuple[tuple[str, ...], dict[str, list[str]]] | None = None
        self.retirement: Retirement | None = (
            statutory_retirement(person.birth_date, person.sex, as_of, workplace)
            if person.birth_date and person.sex
            else None
        )

    def param(self, name: str, chain: ParameterSet | None = None) -> ParameterValue:
        """The parameter ``name`` in force on ``as_of`` in ``chain`` (default: the
        workplace's); raises if there is none."""
        found = (self.in_workplace if chain is None else chain.in_force(self.as_of))[name]
        if found is None:
            raise (chain or self.workplace).not_in_force(name, self.as_of)
        return found

    def level_name(self, code: str) -> str:
        return self.series.ladder[code][1].name

    def _holdings(self) -> list[Holding]:
        code, ladder = self.series.code, self.series.ladder
        holdings = [
            Holding(title.level, title.obtained_on, found[1].name, title, found[0])
            for title in self.person.titles
            if title.series == code and (found := ladder.get(title.level)) is not None
        ]
        qualifications = self.person.qualifications
        counts_as_title = self.in_workplace["qualification_correspondence.counts_as_title"] if qualifications else None
        for held in qualifications if counts_as_title and counts_as_title.value else ():
            mapped = self.day.qualification(held.name)
            if mapped is not None and mapped.series == code:  # E5
                rank, level = ladder[mapped.level]
                label = f"{held.name}（视同{level.name}）"
                holdings.append(Holding(mapped.level, held.obtained_on, label, None, rank))
        return holdings

    def _bases(self) -> list[Basis]:
        if self.standard is None:
            return []
        if self.route_rule is not None:
            return self._route_bases()
        bases, early = [], self._early_rules()
        for education in self.person.education:
            route = self.standard.routes.get(education.degree)
            if route is None:
                continue
            if route.after == GRADUATION:
                start, label = education.graduated_on, f"{DEGREES[education.degree]}毕业"
            else:
                held = [h for h in self.holdings if h.level == route.after]
                if not held:
                    continue
                first = min(held, key=_OBTAINED_ON)
                start, label = first.obtained_on, f"{DEGREES[education.degree]}学历，{first.label}取得"
            needed, reductions = route.years, []
            for rule, years, source, degrees in early:
                if degrees is not None and education.degree not in degrees:
                    continue
                taken = min(years, needed)
                needed -= taken
                reductions.append(Reduction(rule, taken, source))
            met_on = add_years(start, needed)
            bases.append(Basis(education, route, start, label, tuple(reductions), needed, met_on))
        return bases

    def route_start(self) -> tuple[datetime.date, str] | None:
        """Where a route with its own rule counts its years from: 破格 from the level right
        below the target in the series, 转系列 from the current run of posts in the new series."""
        if self.request.route == "exceptional":
            below = self.below_target()
            held = [h for h in self.holdings if below and h.level == below.code]
            first = min(held, key=_OBTAINED_ON, default=None)
            return (first.obtained_on, f"{first.label}取得") if first else None
        start = current_run_start(self.person.posts or (), self.cutoff.date)
        return (start, f"在{self.series.name}岗位任职") if start else None

    def title_in_other_series(self) -> tuple[Title, str] | None:
        """转系列: the highest title held in another series, and its own name there."""
        ranks = list(LEVELS)
        others = [t for t in self.person.titles if t.series != self.series.code]
        if not others:
            return None
        held = max(others, key=lambda t: (ranks.index(t.level), t.obtained_on))
        series = get_series(held.series, self.as_of, self.committee)
        level = series.level(held.level) if series else None
        return held, (level.name if level else LEVELS[held.level])

    @property
    def own_rule(self) -> ParameterValue:
        """The rule of a route with rules of its own (破格, 转系列), asked only for those routes,
        whose rule ``__init__`` found in force."""
        rule = self.route_rule
        if rule is None:
            raise self._own_rule_not_in_force()
        return rule

    def _own_rule_not_in_force(self) -> ParameterNotInForce:
        return self.committee.not_in_force(f"route.{self.request.route}", self.as_of)

    def route_years(self) -> int:
        key = "years_after_title" if self.request.route == "exceptional" else "post_years"
        return self.own_rule.value[key]

    def below_target(self) -> Level | None:
        return self.rules.below

    def _route_bases(self) -> list[Basis]:
        """破格 / 转系列: the years of the route's own rule, whatever the education."""
        found = self.route_start()
        if found is None or not self.person.education:  # E1 says which is missing
            return []
        start, label = found
        years, degrees = self.route_years(), list(DEGREES)
        education = max(self.person.education, key=lambda e: degrees.index(e.degree))
        below = self.below_target()
        if self.request.route == "exceptional":
            assert below is not None  # 破格 starts from a title of the level below (``route_start``)
            after = below.code
        else:
            after = GRADUATION
        route = Route(education.degree, after, years, ROUTES[self.request.route])
        return [Basis(education, route, start, label, (), years, add_years(start, years))]

    def _early_rules(self) -> list[tuple[str, int, str, Collection[str] | None]]:
        """E3 and E4 where they apply to this person: rule, years, source and the degrees of
        the bases it is limited to (None: every basis)."""
        rules = []
        township = self.in_workplace["early_application.township"] if self.person.township else None
        if township and self.township_applies(township.value):
            rules.append(("E3", township.value["years"], township.source, township.value["degrees"]))
        degree = self.engineering_degree
        if degree:
            rules.append(("E4", degree.value["years"], degree.source, None))
        return rules

    def township_applies(self, rule: Mapping[str, Any]) -> bool:
        """E3 (§一(八)): first application, unit in a township, not 考核定职."""
        person = self.person
        return person.township and not person.applied_before and self.request.route in rule["routes"]

    def _engineering_degree_applies(self, rule: Mapping[str, Any]) -> bool:
        """E4 (§一(九)): professional engineering master, or first and second engineering bachelor."""
        if self.series.code != rule["series"] or self.target.code != rule["level"]:
            return False
        education = self.person.education
        professional_master = any(e.degree == "master" and e.professional_degree and e.engineering for e in education)
        both_bachelors = any(e.degree == "bachelor" and e.engineering for e in education) and any(
            e.degree == "second_bachelor" and e.engineering for e in education
        )
        return professional_master or both_bachelors

    def next_level(self) -> Level:
        """The one level this person may apply for next (E7, one level at a time)."""
        levels = self.series.levels
        if self.highest_holding is not None:
            return levels[min(self.highest_holding.rank + 1, len(levels) - 1)]
        degrees = {education.degree for education in self.person.education}
        for level, entry_degrees in self.rules.entry_levels:
            if not entry_degrees.isdisjoint(degrees):
                return level
        return levels[0]

    def _highest_holding(self) -> Holding | None:
        if len(self.holdings) < 2:  # most people hold one title in the series, or none
            return self.holdings[0] if self.holdings else None
        return max(self.holdings, key=lambda h: (h.rank, -h.obtained_on.toordinal()))


def social_insurance_problems(ev: Evaluation) -> tuple[tuple[str, ...], dict[str, list[str]]]:
    """E2: the months checked (``YYYY-MM``), and per problem the months that have it (computed once)."""
    if ev.insurance_problems is None:
        rule = ev.day.social_insurance()
        city, unit = rule.city, (ev.person.contract_unit or "").upper()
        insured, elsewhere, other_unit = set(), set(), set()
        for month, where, by in ev.person.social_insurance:
            insured.add(month)
            if where != city:
                elsewhere.add(month)
            if by != unit and by.upper() != unit:  # ``unit`` is upper case
                other_unit.add(month)
        window = rule.window
        problems = {
            "missing": [] if insured.issuperset(rule.window_months) else [
                label for month, label in window if month not in insured
            ],
            "wrong_city": [label for month, label in window if month in elsewhere] if elsewhere else [],
            "wrong_unit": [label for month, label in window if month in other_unit] if other_unit else [],
        }
        ev.insurance_problems = (rule.labels, problems)
    return ev.insurance_problems


@dataclass(slots=True)
class InsuranceRule:
    """E2 (§二(三)) in force on a day in the committee's chain: the ``months`` calendar months
    before the day's month, oldest first, each with its ``YYYY-MM``, to be insured in ``city``."""

    months: int
    city: str
    window: tuple[tuple[datetime.date, str], ...]
    window_months: frozenset[datetime.date]
    labels: tuple[str, ...]
    span: str  # 2022-01至2022-06


# E7's rules, in the workplace's chain; where they hold, they are its sources
REFUSAL_RULES = ("review_returns.limit", "credit_archive.record_years", "applicant.retired_may_apply",
                 "applicant.level_by_level")


@functools.lru_cache(maxsize=1024)
def insurance_rule(year: int, month: int, months: int, city: str) -> InsuranceRule:
    """E2 for a request made in ``month`` of ``year``: the ``months`` calendar months before it."""
    this_month = datetime.date(year, month, 1)
    window = tuple((day, month_label(day)) for day in (add_months(this_month, -back) for back in range(months, 0, -1)))
    labels = tuple(label for _month, label in window)
    return InsuranceRule(months, city, window, frozenset(day for day, _label in window), labels, f"{labels[0]}至{labels[-1]}")


class DayRules:
    """The rules a committee's chain and a workplace's chain have in force on one day, and what
    follows from them alone (E2's months, E5's qualifications, E7's sources, T5's window, each
    level's standard): the same for every request of that day, so worked out once (see
    :func:`day_rules`); what does not depend on the day itself (the standards, the conditions,
    the qualifications) is kept with the values in force, for every day of their period."""

    def __init__(self, committee: ParameterSet, workplace: ParameterSet, day: datetime.date):
        self._committee_chain, self._workplace_chain, self._day = committee, workplace, day
        self.committee = committee.in_force(day)
        self.workplace = workplace.in_force(day)
        self.refusal_sources = tuple(
            dict.fromkeys(rule.source for name in REFUSAL_RULES if (rule := self.workplace[name]))
        )
        self._insurance: InsuranceRule | None = None
        self._cutoffs: dict[tuple[str, str], ServiceCutoff] = {}
        self._assessment_window: AssessmentWindow | None = None

    def _committee_param(self, name: str) -> ParameterValue:
        found = self.committee[name]
        if found is None:
            raise self._committee_chain.not_in_force(name, self._day)
        return found

    def social_insurance(self) -> InsuranceRule:
        """E2's months and city; raises where the committee's chain has none in force."""
        if self._insurance is None:
            months = self._committee_param("social_insurance.months").value
            city = self._committee_param("social_insurance.city").value
            self._insurance = insurance_rule(self._day.year, self._day.month, months, city)
        return self._insurance

    def cutoff(self, region_level: str, route: str, planned: datetime.date | None) -> ServiceCutoff:
        """T4 for a request of the day to a committee of ``region_level`` by ``route``; ``planned``
        is the cut-off of the committee's plan, where it sets one (see
        :func:`~zhicheng.rules.deadlines.service_cutoff`)."""
        if planned is not None:
            return service_cutoff(region_level, route, self._day, planned)
        key = (region_level, route)
        found = self._cutoffs.get(key)
        if found is None:
            found = self._cutoffs[key] = service_cutoff(
                region_level, route, self._day, None, self._committee_chain, self._workplace_chain
            )
        return found

    def assessment_window(self) -> AssessmentWindow:
        """T5 on the day, in the workplace's chain (see :func:`~zhicheng.rules.deadlines.assessment_window`)."""
        if self._assessment_window is None:
            self._assessment_window = assessment_window(self._day, self._workplace_chain)
        return self._assessment_window

    def qualification(self, name: str) -> Qualification | None:
        """The title the qualification ``name`` counts as (E5), in the workplace's chain; only the
        recognised ones are kept, as a request may name anything. Like the standards and the
        conditions below, it follows from the values in force alone, so it is kept with them,
        for every day until they change."""
        kept = self.workplace.derived
        key = ("qualification", name)
        found = kept.get(key)
        if found is None:
            found = get_qualification(name, self._day, self._workplace_chain)
            if found is not None:
                kept[key] = found
        return found

    def standard(self, series: Series, level: str) -> Standard | None:
        """The standard of ``series`` × ``level`` (see :func:`~zhicheng.rules.catalogue.get_standard`)."""
        kept = self.committee.derived
        key = ("standard", series, level)
        if key not in kept:
            kept[key] = get_standard(series, level, self._day, self._committee_chain)
        return kept[key]

    def conditions(self, series: Series, level: str) -> tuple[Condition, ...]:
        """The series' own conditions (E8) of ``series`` × ``level``."""
        kept = self.committee.derived
        key = ("conditions", series, level)
        found = kept.get(key)
        if found is None:
            found = kept[key] = get_conditions(series, level, self._day, self._committee_chain)
        return found


@functools.lru_cache(maxsize=16_384)  # the requests of a day share one
def day_rules(committee: ParameterSet, workplace: ParameterSet, day: datetime.date) -> DayRules:
    """The :class:`DayRules` of ``committee`` and ``workplace`` on ``day``."""
    return DayRules(committee, workplace, day)


class TargetRules:
    """What the committee's chain says of one target (a level of a series, by a route, at a
    committee of a region level): the standard (E1), the route's own rule, the series'
    conditions (E8), whether E2 applies, and the levels a person without a title enters at
    (E7). It follows from the values in force alone, so it is the same on every day until
    they change, and is kept with them (see :func:`target_rules`)."""

    __slots__ = ("standard", "route_rule", "conditions", "insurance_levels", "exam_only", "rank", "below",
                 "entry_levels")

    def __init__(self, day: DayRules, series: Series, level: Level, route: str, region_level: str):
        committee = day.committee
        self.standard: Standard | None = day.standard(series, level.code)
        # None where the route has no rule of its own, or where its rule is not in force
        self.route_rule: ParameterValue | None = committee[f"route.{route}"] if route in OWN_RULE_ROUTES else None
        self.conditions: tuple[Condition, ...] = day.conditions(series, level.code) + (
            route_conditions(self.route_rule, series) if self.route_rule else ()
        )
        levels = committee["social_insurance.region_levels"]
        # E2's rule where it applies to a committee of this level, else None
        self.insurance_levels: ParameterValue | None = (
            levels if levels is not None and region_level in levels.value else None
        )
        exam_only = committee[f"exam_only.{series.code}"]
        # the level is reached by examination only (以考代评): the rule saying so, else None
        self.exam_only: ParameterValue | None = (
            exam_only if exam_only is not None and level.code in exam_only.value["levels"] else None
        )
        self.rank = series.rank(level.code)
        self.below: Level | None = series.levels[self.rank - 1] if self.rank else None
        self.entry_levels: tuple[tuple[Level, frozenset[str]], ...] = tuple(
            (entry, standard.graduation_degrees)
            for entry in series.levels
            if (standard := day.standard(series, entry.code)) is not None
        )


def target_rules(day: DayRules, series: Series, level: Level, route: str, region_level: str) -> TargetRules:
    """The :class:`TargetRules` of a target under the committee's values in force on ``day``."""
    kept = day.committee.derived
    key = (series, level.code, route, region_level)
    found = kept.get(key)
    if found is None:
        found = kept[key] = TargetRules(day, series, level, route, region_level)
    return found


@dataclass(slots=True)
class Bar:
    """One reason of E7; ``permanent`` when no later date lifts it."""

    key: str
    message: str
    source: str
    permanent: bool


def refusal_bars(ev: Evaluation) -> list[Bar]:
    """E7 (L4, C5, O40): refused this year, credit archive, retired, skipping a level."""
    person, bars = ev.person, []
    limit = ev.in_workplace["review_returns.limit"]  # §一(四), where the workplace's layers have it
    if limit is not None and ev.as_of.year in person.refused_in_years:
        text = f"{ev.as_of.year}年申报经{limit.value}次审核意见后仍存在问题，本年度各评委会和人社部门不再受理"
        bars.append(Bar("refused", text, limit.source, False))
    if person.credit_record_until is not None and person.credit_record_until >= ev.as_of:
        archive = ev.param("credit_archive.record_years")
        text = f"已记入职称评审诚信档案库（记录至{DATE_TEXT[person.credit_record_until]}），记录期内不予受理"
        bars.append(Bar("credit", text, archive.source, False))
    retired = ev.param("applicant.retired_may_apply")
    if person.retired and not retired.value:
        bars.append(Bar("retired", "离退休人员不得申报参加职称评审", retired.source, True))
    elif ev.retirement is not None and person.birth_date and person.sex and ev.retirement.on <= ev.as_of and not retired.value:
        text = (
            f"{person.birth_date.year}年{person.birth_date.month}月出生的{SEXES[person.sex]}职工法定退休年龄为"
            f"{ev.retirement.age_label}，已于{DATE_TEXT[ev.retirement.on]}达到，不得申报参加职称评审"
        )
        bars.append(Bar("retired", text, f"{retired.source}；{ev.retirement.rule.source}", True))
    level_rule = ev.param("applicant.level_by_level")
    if ev.request.route == "series_change":
        bar = _series_change_bar(ev, level_rule)
        return bars + ([bar] if bar else [])
    highest = ev.highest_holding
    if highest is not None and highest.rank >= ev.rules.rank:
        text = f"已具备{highest.label}（取得于{DATE_TEXT[highest.obtained_on]}），不能申报同级或更低级别职称"
        bars.append(Bar("level", text, level_rule.source, True))
    elif level_rule.value:
        next_level = ev.next_level()
        direct = ev.best is not None and ev.best.route.after == GRADUATION
        if next_level.code != ev.target.code and not direct:
            held = f"现有最高为{highest.label}" if highest else f"尚未取得{ev.series.name}职称"
            text = f"{held}，须逐级申报，本次可申报{next_level.name}，不能越级申报{ev.target.name}"
            bars.append(Bar("level", text, level_rule.source, True))
    return bars


def _series_change_bar(ev: Evaluation, level_rule: ParameterValue) -> Bar | None:
    """转系列: the first title in the new series is the level already held in the old one."""
    source = f"{ev.own_rule.source}；{level_rule.source}"
    highest = ev.highest_holding
    if highest is not None:  # a title in the series already
        text = f"已具备{highest.label}，不属于转系列申报，请按正常评审逐级申报"
        return Bar("level", text, source, True)
    found = ev.title_in_other_series()
    if found is None:
        return Bar("level", f"转系列申报须已具备其他系列的职称，未见{ev.series.name}以外的职称", source, True)
    held, held_name = found
    if held.level == ev.target.code:
        return None
    same = ev.series.level(held.level)
    if same is None:
        text = f"{ev.series.name}没有与现职称{held_name}同级别的职称，不能转系列申报{ev.target.name}"
    else:
        text = (
            f"转系列须先申报与现职称{held_name}同级别的{same.name}，在{ev.series.name}岗位工作满{ev.route_years()}年后申报；"
            f"取得{same.name}后方可逐级申报，不能转系列直接申报{ev.target.name}"
        )
    return Bar("level", text, source, True)
