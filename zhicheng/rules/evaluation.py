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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .catalogue import Level, Route, Standard, get_qualification, get_standard
from .conditions import get_conditions
from .dates import add_months, add_years, month_label
from .deadlines import ServiceCutoff, service_cutoff
from .parameters import ParameterSet, ParameterValue
from .request import Education, PrecheckRequest, Title
from .retirement import Retirement, statutory_retirement
from .terms import DEGREES, GRADUATION, SEXES


@dataclass(frozen=True)
class Holding:
    """A title held in the target series: a real title, or a qualification counted as one (E5)."""

    level: str
    obtained_on: datetime.date
    label: str
    title: Title | None


@dataclass(frozen=True)
class Reduction:
    """Years an early-application rule (E3, E4) took off a basis."""

    rule: str
    years: int
    source: str


@dataclass(frozen=True)
class Basis:
    """Education plus starting point that the years are counted from (E1)."""

    education: Education
    route: Route
    start: datetime.date
    start_label: str
    reductions: tuple[Reduction, ...]
    years_needed: int
    met_on: datetime.date


class Evaluation:
    """Everything the checks of one request share, computed once."""

    def __init__(self, request: PrecheckRequest):
        self.request = request
        self.person = request.person
        self.committee = request.committee
        self.workplace = request.person.workplace
        self.as_of = request.as_of
        self.series = request.series
        self.target = request.level
        self.cutoff: ServiceCutoff = service_cutoff(
            request.region_level, request.route, request.as_of, request.service_cutoff, self.committee, self.workplace
        )
        self.standard: Standard | None = get_standard(self.series, self.target.code, self.as_of, self.committee)
        self.holdings = self._holdings()
        self.bases = self._bases()
        self.best: Basis | None = min(self.bases, key=lambda basis: basis.met_on, default=None)
        self.insurance_problems: tuple[list[datetime.date], dict[str, list[str]]] | None = None
        self.conditions = get_conditions(self.series, self.target.code, self.as_of, self.committee)
        person = request.person
        self.retirement: Retirement | None = (
            statutory_retirement(person.birth_date, person.sex, self.as_of, self.workplace)
            if person.birth_date and person.sex
            else None
        )

    def param(self, name: str, chain: ParameterSet | None = None) -> ParameterValue:
        """The parameter ``name`` in force on ``as_of`` in ``chain`` (default: the
        workplace's); raises if there is none."""
        return (chain or self.workplace).get(name, self.as_of)

    def layer_rule(self, name: str, chain: ParameterSet | None = None) -> ParameterValue | None:
        """The parameter of a rule a layer adds, in ``chain`` (default: the workplace's),
        or None where the rule is not in force there."""
        return (chain or self.workplace).find(name, self.as_of)

    def level_name(self, code: str) -> str:
        return self.series.level(code).name

    def _holdings(self) -> list[Holding]:
        holdings = [
            Holding(title.level, title.obtained_on, self.level_name(title.level), title)
            for title in self.person.titles
            if title.series == self.series.code and self.series.level(title.level) is not None
        ]
        counts_as_title = self.layer_rule("qualification_correspondence.counts_as_title")
        for held in self.person.qualifications if counts_as_title and counts_as_title.value else ():
            mapped = get_qualification(held.name, self.as_of, self.workplace)
            if mapped is not None and mapped.series == self.series.code:  # E5
                label = f"{held.name}（视同{self.level_name(mapped.level)}）"
                holdings.append(Holding(mapped.level, held.obtained_on, label, None))
        return holdings

    def _bases(self) -> list[Basis]:
        if self.standard is None:
            return []
        bases = []
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
                first = min(held, key=lambda h: h.obtained_on)
                start, label = first.obtained_on, f"{DEGREES[education.degree]}学历，{first.label}取得"
            needed, reductions = route.years, []
            for rule, years, source in self._early_rules(education):
                taken = min(years, needed)
                needed -= taken
                reductions.append(Reduction(rule, taken, source))
            bases.append(Basis(education, route, start, label, tuple(reductions), needed, add_years(start, needed)))
        return bases

    def _early_rules(self, education: Education) -> list[tuple[str, int, str]]:
        """E3 and E4 as they apply to a basis with ``education``."""
        rules = []
        township = self.layer_rule("early_application.township")
        if township and self.township_applies(township.value) and education.degree in township.value["degrees"]:
            rules.append(("E3", township.value["years"], township.source))
        degree = self.layer_rule("early_application.engineering_degree")
        if degree and self.engineering_degree_applies(degree.value):
            rules.append(("E4", degree.value["years"], degree.source))
        return rules

    def township_applies(self, rule: Mapping[str, Any]) -> bool:
        """E3 (§一(八)): first application, unit in a township, not 考核定职."""
        person = self.person
        return person.township and not person.applied_before and self.request.route in rule["routes"]

    def engineering_degree_applies(self, rule: Mapping[str, Any]) -> bool:
        """E4 (§一(九)): professional engineering master, or first and second engineering bachelor."""
        if (self.series.code, self.target.code) != (rule["series"], rule["level"]):
            return False
        education = self.person.education
        professional_master = any(e.degree == "master" and e.professional_degree and e.engineering for e in education)
        both_bachelors = any(e.degree == "bachelor" and e.engineering for e in education) and any(
            e.degree == "second_bachelor" and e.engineering for e in education
        )
        return professional_master or both_bachelors

    def next_level(self) -> Level:
        """The one level this person may apply for next (E7, one level at a time)."""
        if self.holdings:
            highest = max(self.series.rank(h.level) for h in self.holdings)
            return self.series.levels[min(highest + 1, len(self.series.levels) - 1)]
        degrees = {education.degree for education in self.person.education}
        for level in self.series.levels:
            standard = get_standard(self.series, level.code, self.as_of, self.committee)
            if standard and any(r.after == GRADUATION and d in degrees for d, r in standard.routes.items()):
                return level
        return self.series.levels[0]

    def highest_holding(self) -> Holding | None:
        return max(self.holdings, key=lambda h: (self.series.rank(h.level), -h.obtained_on.toordinal()), default=None)


def social_insurance_problems(ev: Evaluation) -> tuple[list[datetime.date], dict[str, list[str]]]:
    """E2: the months checked, and per problem the months that have it (computed once)."""
    if ev.insurance_problems is None:
        months = ev.param("social_insurance.months", ev.committee).value
        city = ev.param("social_insurance.city", ev.committee).value
        window = list(_insurance_window(ev.as_of.replace(day=1), months))
        unit = (ev.person.contract_unit or "").upper()
        by_month: dict[datetime.date, list] = {}
        for record in ev.person.social_insurance:
            by_month.setdefault(record.month, []).append(record)
        problems: dict[str, list[str]] = {"missing": [], "wrong_city": [], "wrong_unit": []}
        for month in window:
            records = by_month.get(month, ())
            if not records:
                problems["missing"].append(month_label(month))
            if any(r.city != city for r in records):
                problems["wrong_city"].append(month_label(month))
            if any(r.unit.upper() != unit for r in records):
                problems["wrong_unit"].append(month_label(month))
        ev.insurance_problems = (window, problems)
    return ev.insurance_problems


@functools.lru_cache(maxsize=1024)
def _insurance_window(this_month: datetime.date, months: int) -> tuple[datetime.date, ...]:
    """The ``months`` calendar months before ``this_month``, oldest first."""
    return tuple(add_months(this_month, -back) for back in range(months, 0, -1))


@dataclass(frozen=True)
class Bar:
    """One reason of E7; ``permanent`` when no later date lifts it."""

    key: str
    message: str
    source: str
    permanent: bool


def refusal_bars(ev: Evaluation) -> list[Bar]:
    """E7 (L4, C5, O40): refused this year, credit archive, retired, skipping a level."""
    person, bars = ev.person, []
    limit = ev.layer_rule("review_returns.limit")  # §一(四), where the workplace's layers have it
    if limit is not None and ev.as_of.year in person.refused_in_years:
        text = f"{ev.as_of.year}年申报经{limit.value}次审核意见后仍存在问题，本年度各评委会和人社部门不再受理"
        bars.append(Bar("refused", text, limit.source, False))
    if person.credit_record_until is not None and person.credit_record_until >= ev.as_of:
        archive = ev.param("credit_archive.record_years")
        text = f"已记入职称评审诚信档案库（记录至{person.credit_record_until}），记录期内不予受理"
        bars.append(Bar("credit", text, archive.source, False))
    retired = ev.param("applicant.retired_may_apply")
    if person.retired and not retired.value:
        bars.append(Bar("retired", "离退休人员不得申报参加职称评审", retired.source, True))
    elif ev.retirement is not None and ev.retirement.on <= ev.as_of and not retired.value:
        text = (
            f"{person.birth_date.year}年{person.birth_date.month}月出生的{SEXES[person.sex]}职工法定退休年龄为"
            f"{ev.retirement.age_label}，已于{ev.retirement.on}达到，不得申报参加职称评审"
        )
        bars.append(Bar("retired", text, f"{retired.source}；{ev.retirement.rule.source}", True))
    level_rule = ev.param("applicant.level_by_level")
    highest = ev.highest_holding()
    target_rank = ev.series.rank(ev.target.code)
    if highest is not None and ev.series.rank(highest.level) >= target_rank:
        text = f"已具备{highest.label}（取得于{highest.obtained_on}），不能申报同级或更低级别职称"
        bars.append(Bar("level", text, level_rule.source, True))
    elif level_rule.value:
        next_level = ev.next_level()
        direct = ev.best is not None and ev.best.route.after == GRADUATION
        if next_level.code != ev.target.code and not direct:
            held = f"现有最高为{highest.label}" if highest else f"尚未取得{ev.series.name}职称"
            text = f"{held}，须逐级申报，本次可申报{next_level.name}，不能越级申报{ev.target.name}"
            bars.append(Bar("level", text, level_rule.source, True))
    return bars
