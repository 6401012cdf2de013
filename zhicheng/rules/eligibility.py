"""Eligibility E1–E7 (申报资格预审): one engine over the parameter files.

``precheck(request)`` answers "may this person apply for this title now?" with
one check per rule applied, each with its status (pass / fail / notice), the
figures used and the source clause; ``when_can_apply(request)`` answers "from
which date will every rule pass?". Both take the JSON contract of issue 3.

Interpretations, stated once:

* 满N年 (E1): the start date plus N calendar years is on or before the cut-off;
  29 February plus one year is 28 February (民法典 第二百零二条, see ``dates``).
* The basis: for every education record, the standard's route for that degree
  starts at graduation or at the earliest title of the required level held in
  the target series (titles, and qualifications through E5). The basis whose
  years are met first is used.
* E3/E4 each take their years off the basis's requirement, never below zero.
* E5 counts a qualification as its mapped title from the day it was obtained;
  vocational qualifications are national, so E6 never applies to them.
* E6: an unconfirmed title from outside Yunnan still counts, with a notice:
  confirmation runs with the application (§一(五)).
* E7, one level at a time: the target must be the level right above the
  highest held in the series; with no title, the entry level open to the
  person's education. A route that starts at graduation (a doctor straight to
  工程师) is the standard's own exception and is not a skip.
* ``earliest_date`` is the day the years requirement is met; it is null when
  no record can ever meet it, and when a permanent bar applies (retired, the
  level already held, a skipped level).
* A rule that a lower layer adds (E2 by 昆明市; E3, E4, E5, E6 by 东川区)
  applies only while its parameter is in force; a parameter that every
  decision needs (the T4 cut-off, the T5 months, the O40 rules) raises
  :class:`ParameterNotInForce` when missing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._input import Record, parse_year
from .calendar import WorkingCalendar, default_calendar
from .catalogue import Level, Route, Series, Standard, get_qualification, get_series, get_standard, list_series
from .dates import add_months, add_years, full_years_between, month_label
from .deadlines import ServiceCutoff, assessment_window, service_cutoff
from .errors import RuleInputError
from .parameters import ParameterSet, ParameterValue, default_parameters
from .terms import DEGREES, GRADUATION, LEVELS, REGION_LEVELS, ROUTES, TITLE_ORIGINS

PASS, FAIL, NOTICE = "pass", "fail", "notice"


# --- the request -----------------------------------------------------------


@dataclass(frozen=True)
class Education:
    degree: str
    graduated_on: datetime.date
    engineering: bool
    professional_degree: bool


@dataclass(frozen=True)
class Title:
    series: str
    level: str
    obtained_on: datetime.date
    origin: str
    confirmed: bool


@dataclass(frozen=True)
class HeldQualification:
    name: str
    obtained_on: datetime.date


@dataclass(frozen=True)
class InsuredMonth:
    month: datetime.date  # first day of the month
    city: str
    unit: str


@dataclass(frozen=True)
class Person:
    retired: bool
    education: tuple[Education, ...]
    titles: tuple[Title, ...]
    qualifications: tuple[HeldQualification, ...]
    township: bool
    applied_before: bool
    contract_unit: str | None
    social_insurance: tuple[InsuredMonth, ...]
    refused_in_years: frozenset[int]
    credit_record_until: datetime.date | None


@dataclass(frozen=True)
class PrecheckRequest:
    as_of: datetime.date
    series: Series
    level: Level
    route: str
    region_level: str
    service_cutoff: datetime.date | None
    person: Person


def parse_precheck_request(data: Mapping[str, Any], parameters: ParameterSet | None = None) -> PrecheckRequest:
    """Validate a precheck request of the issue-3 contract; raises :class:`RuleInputError`."""
    parameters = parameters or default_parameters()
    root = Record(data, "", {"as_of", "target", "committee", "person"})
    as_of = root.date("as_of")
    target = root.record("target", {"series", "level", "route"})
    series_code = target.text("series")
    series = get_series(series_code, as_of, parameters)
    if series is None:
        options = "、".join(f"{s.code}（{s.name}）" for s in list_series(as_of, parameters))
        raise RuleInputError(target.field("series"), f"未知的职称系列“{series_code}”，可选：{options}")
    level = series.level(target.choice("level", LEVELS))
    if level is None:
        raise RuleInputError(target.field("level"), f"{series.name}没有该级别")
    route = target.choice("route", ROUTES)
    committee = root.record("committee", {"region_level", "service_cutoff"})
    return PrecheckRequest(
        as_of=as_of,
        series=series,
        level=level,
        route=route,
        region_level=committee.choice("region_level", REGION_LEVELS),
        service_cutoff=committee.date("service_cutoff", required=False),
        person=_parse_person(root.record("person", _PERSON_FIELDS)),
    )


_PERSON_FIELDS = {
    "retired",
    "education",
    "titles",
    "qualifications",
    "township",
    "applied_before",
    "contract_unit",
    "social_insurance",
    "refused_in_years",
    "credit_record_until",
}


def _parse_person(person: Record) -> Person:
    education = tuple(
        Education(
            degree=item.choice("degree", DEGREES),
            graduated_on=item.date("graduated_on"),
            engineering=item.boolean("engineering", required=False),
            professional_degree=item.boolean("professional_degree", required=False),
        )
        for item in person.records(
            "education", {"degree", "graduated_on", "engineering", "professional_degree"}, required=True
        )
    )
    titles = []
    for item in person.records("titles", {"series", "level", "obtained_on", "origin", "confirmed"}):
        origin = item.choice("origin", TITLE_ORIGINS)
        titles.append(
            Title(
                series=item.text("series"),
                level=item.choice("level", LEVELS),
                obtained_on=item.date("obtained_on"),
                origin=origin,
                confirmed=item.boolean("confirmed", required=origin != "yunnan"),
            )
        )
    field_name = person.field("refused_in_years")
    return Person(
        retired=person.boolean("retired"),
        education=education,
        titles=tuple(titles),
        qualifications=tuple(
            HeldQualification(item.text("name"), item.date("obtained_on"))
            for item in person.records("qualifications", {"name", "obtained_on"})
        ),
        township=person.boolean("township"),
        applied_before=person.boolean("applied_before"),
        contract_unit=person.text("contract_unit", required=False),
        social_insurance=tuple(
            InsuredMonth(item.month("month"), item.text("city"), item.text("unit"))
            for item in person.records("social_insurance", {"month", "city", "unit"})
        ),
        refused_in_years=frozenset(
            parse_year(year, f"{field_name}[{i}]") for i, year in enumerate(person.list("refused_in_years"))
        ),
        credit_record_until=person.date("credit_record_until", required=False),
    )


# --- the evaluation ---------------------------------------------------------


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


@dataclass
class Check:
    """One rule's outcome as the contract shows it: status pass / fail / notice."""

    rule: str
    status: str
    message: str
    source: str
    figures: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "status": self.status,
            "message": self.message,
            "source": self.source,
            "figures": self.figures,
        }


class Evaluation:
    """Everything the checks of one request share, computed once."""

    def __init__(self, request: PrecheckRequest, parameters: ParameterSet):
        self.request = request
        self.person = request.person
        self.parameters = parameters
        self.as_of = request.as_of
        self.series = request.series
        self.target = request.level
        self.cutoff: ServiceCutoff = service_cutoff(
            request.region_level, request.route, request.as_of, request.service_cutoff, parameters
        )
        self.standard: Standard | None = get_standard(self.series, self.target.code, self.as_of, parameters)
        self.holdings = self._holdings()
        self.bases = self._bases()
        self.best: Basis | None = min(self.bases, key=lambda basis: basis.met_on, default=None)

    def param(self, name: str) -> ParameterValue:
        """The parameter ``name`` in force on ``as_of``; raises if there is none."""
        return self.parameters.get(name, self.as_of)

    def layer_rule(self, name: str) -> ParameterValue | None:
        """The parameter of a rule a layer adds, or None where the rule is not in force."""
        return self.parameters.find(name, self.as_of)

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
            mapped = get_qualification(held.name, self.as_of, self.parameters)
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
            standard = get_standard(self.series, level.code, self.as_of, self.parameters)
            if standard and any(r.after == GRADUATION and d in degrees for d, r in standard.routes.items()):
                return level
        return self.series.levels[0]

    def highest_holding(self) -> Holding | None:
        return max(self.holdings, key=lambda h: (self.series.rank(h.level), -h.obtained_on.toordinal()), default=None)


# --- the checks -------------------------------------------------------------


def _check_years(ev: Evaluation) -> Check:
    """E1: years of work after graduation or the previous title, to the cut-off (T4)."""
    cutoff = ev.cutoff.date
    sources = [ev.standard.source if ev.standard else ev.series.source, ev.cutoff.source]
    source = "；".join(filter(None, sources))
    figures: dict[str, Any] = {"cutoff": cutoff.isoformat(), "cutoff_rule": ev.cutoff.explanation}
    if ev.standard is None:
        return Check("E1", FAIL, f"{ev.as_of}时尚无{ev.target.name}的评价标准条件", source, figures)
    best = ev.best
    if best is None:
        routes = "；".join(_describe_route(ev, route) for route in ev.standard.routes.values())
        message = f"申报{ev.target.name}须具备：{routes}。现有学历和职称均不符合上述任一条件"
        return Check("E1", FAIL, message, source, figures)
    counted = full_years_between(best.start, cutoff)
    figures.update(
        education=best.education.degree,
        basis=best.start_label,
        start=best.start.isoformat(),
        years_counted=counted,
        years_required=best.route.years,
        years_needed=best.years_needed,
        met_on=best.met_on.isoformat(),
    )
    taken = [f"{r.rule}提前{r.years}年" for r in best.reductions if r.years]
    early = f"（标准{best.route.years}年，{'、'.join(taken)}）" if taken else ""
    needed = best.years_needed
    start = f"{best.start_label}于{best.start}"
    if best.met_on <= cutoff:
        status = PASS
        if needed == 0:
            message = f"{start}，可直接申报{ev.target.name}{early}"
        else:
            message = f"{start}，至{cutoff}已满{counted}年，需满{needed}年{early}"
    else:
        status = FAIL
        if needed == 0:
            message = f"{start}，晚于任职年限计算截止日{cutoff}{early}"
        else:
            counted_text = f"满{counted}年" if counted else "不满1年"
            message = f"{start}，至{cutoff}{counted_text}，需满{needed}年{early}，将于{best.met_on}满{needed}年"
    if best.route.note:
        message += f"（{best.route.note}）"
    return Check("E1", status, message, source, figures)


def _describe_route(ev: Evaluation, route: Route) -> str:
    start = "毕业后" if route.after == GRADUATION else f"取得{ev.level_name(route.after)}后"
    wait = "可直接申报" if route.years == 0 else f"满{route.years}年"
    note = f"（{route.note}）" if route.note else ""
    return f"{DEGREES[route.degree]}{start}{wait}{note}"


def _social_insurance_problems(ev: Evaluation) -> tuple[list[datetime.date], dict[str, list[str]]]:
    """E2: the months checked, and per problem the months that have it."""
    months = ev.param("social_insurance.months").value
    city = ev.param("social_insurance.city").value
    this_month = ev.as_of.replace(day=1)
    window = [add_months(this_month, -back) for back in range(months, 0, -1)]
    unit = (ev.person.contract_unit or "").upper()
    problems: dict[str, list[str]] = {"missing": [], "wrong_city": [], "wrong_unit": []}
    for month in window:
        records = [r for r in ev.person.social_insurance if r.month == month]
        if not records:
            problems["missing"].append(month_label(month))
        if any(r.city != city for r in records):
            problems["wrong_city"].append(month_label(month))
        if any(r.unit.upper() != unit for r in records):
            problems["wrong_unit"].append(month_label(month))
    return window, problems


def _check_social_insurance(ev: Evaluation) -> Check | None:
    """E2 (§二(三)): the last 6 calendar months insured in 昆明市 by the contract unit."""
    levels = ev.layer_rule("social_insurance.region_levels")
    if levels is None or ev.request.region_level not in levels.value:
        return None
    months = ev.param("social_insurance.months").value
    city = ev.param("social_insurance.city").value
    window, problems = _social_insurance_problems(ev)
    span = f"{month_label(window[0])}至{month_label(window[-1])}"
    figures = {
        "months": [month_label(m) for m in window],
        "city": city,
        "contract_unit": ev.person.contract_unit,
        **problems,
    }
    if ev.person.contract_unit is None:
        message = f"未填写人事劳动合同签订单位，无法核对近{months}个月（{span}）的参保单位"
        return Check("E2", FAIL, message, levels.source, figures)
    if not any(problems.values()):
        message = f"{span}连续{months}个月在{city}参保，参保单位与劳动合同签订单位一致"
        return Check("E2", PASS, message, levels.source, figures)
    parts = []
    if problems["missing"]:
        parts.append(f"缺少{'、'.join(problems['missing'])}的参保记录")
    if problems["wrong_city"]:
        parts.append(f"{'、'.join(problems['wrong_city'])}参保地不是{city}")
    if problems["wrong_unit"]:
        parts.append(
            f"{'、'.join(problems['wrong_unit'])}参保单位与劳动合同签订单位（{ev.person.contract_unit}）不一致"
        )
    message = f"须最近{months}个月（{span}）在{city}连续参保且参保单位与劳动合同签订单位一致：{'；'.join(parts)}"
    return Check("E2", FAIL, message, levels.source, figures)


def _check_township(ev: Evaluation) -> Check | None:
    """E3 (§一(八)): a township graduate's first application, one year early."""
    rule = ev.layer_rule("early_application.township")
    if rule is None or not ev.person.township or ev.best is None:
        return None
    years = rule.value["years"]
    if ev.request.route not in rule.value["routes"]:
        return Check("E3", NOTICE, f"乡镇（街道）工作提前{years}年申报不适用于{ROUTES[ev.request.route]}", rule.source)
    if ev.person.applied_before:
        return Check("E3", NOTICE, f"已申报过职称，不属于首次申报，不适用乡镇（街道）提前{years}年", rule.source)
    degree = ev.best.education.degree
    if degree not in rule.value["degrees"]:
        return Check(
            "E3", NOTICE, f"{DEGREES[degree]}学历不属于普通高校毕业生，不适用乡镇（街道）提前{years}年", rule.source
        )
    return _reduction_check(ev, "E3", f"乡镇（街道）工作的普通高校毕业生首次申报，可提前{years}年", rule.source)


def _check_engineering_degree(ev: Evaluation) -> Check | None:
    """E4 (§一(九)): professional engineering master or double engineering bachelor, 高级工程师 one year early."""
    rule = ev.layer_rule("early_application.engineering_degree")
    if rule is None or ev.best is None or not ev.engineering_degree_applies(rule.value):
        return None
    years = rule.value["years"]
    text = f"具备工程类专业学位硕士或工程专业第一、第二学士学位，申报{ev.target.name}可提前{years}年"
    return _reduction_check(ev, "E4", text, rule.source)


def _reduction_check(ev: Evaluation, rule: str, text: str, source: str) -> Check:
    required = ev.best.route.years
    for reduction in ev.best.reductions:  # in order: E3, then E4 on what E3 left
        if reduction.rule == rule:
            taken = reduction.years
            break
        required -= reduction.years
    if taken:
        message = f"{text}（本项年限要求由{required}年减为{required - taken}年）"
    else:
        message = f"{text}；本项年限要求已为0年，无需提前"
    return Check(rule, PASS, message, source, {"years_taken_off": taken})


def _check_qualifications(ev: Evaluation) -> Check | None:
    """E5 (§一(十)): a recognised qualification counts as the title it maps to."""
    rule = ev.layer_rule("qualification_correspondence.counts_as_title")
    if not ev.person.qualifications or rule is None or not rule.value:
        return None
    parts, sources, unknown = [], [rule.source], []
    for held in ev.person.qualifications:
        mapped = get_qualification(held.name, ev.as_of, ev.parameters)
        if mapped is None:
            unknown.append(held.name)
            parts.append(f"“{held.name}”不在职业资格与职称对应表内，不视同职称")
            continue
        if mapped.source not in sources:
            sources.append(mapped.source)
        series = get_series(mapped.series, ev.as_of, ev.parameters)
        counted = f"{held.name}（{held.obtained_on}取得）视同{series.name}{series.level(mapped.level).name}"
        parts.append(counted if mapped.series == ev.series.code else f"{counted}，与本次申报系列不同，不计入")
    status = NOTICE if unknown else PASS
    return Check("E5", status, "；".join(parts), "；".join(sources), {"not_recognised": unknown})


def _check_confirmation(ev: Evaluation) -> Check | None:
    """E6 (§一(五)): a title from outside Yunnan or a central unit is confirmed with the application."""
    rule = ev.layer_rule("title_confirmation.origins")
    outside = [h.title for h in ev.holdings if rule and h.title is not None and h.title.origin in rule.value]
    if not outside:
        return None
    parts, pending = [], []
    for title in outside:
        described = f"{ev.level_name(title.level)}（{TITLE_ORIGINS[title.origin]}，取得于{title.obtained_on}）"
        if title.confirmed:
            parts.append(f"{described}已确认")
        else:
            pending.append(title.obtained_on.isoformat())
            parts.append(
                f"{described}尚未确认，须随本次申报同步办理职称确认（附件6），确认结果在评委会开评前通知评委会"
            )
    return Check("E6", NOTICE if pending else PASS, "；".join(parts), rule.source, {"unconfirmed_obtained_on": pending})


@dataclass(frozen=True)
class _Bar:
    """One reason of E7; ``permanent`` when no later date lifts it."""

    key: str
    message: str
    source: str
    permanent: bool


def _refusal_bars(ev: Evaluation) -> list[_Bar]:
    """E7 (L4, C5, O40): refused this year, credit archive, retired, skipping a level."""
    person, bars = ev.person, []
    if ev.as_of.year in person.refused_in_years:
        limit = ev.param("review_returns.limit")
        text = f"{ev.as_of.year}年申报经{limit.value}次审核意见后仍存在问题，本年度各评委会和人社部门不再受理"
        bars.append(_Bar("refused", text, limit.source, False))
    if person.credit_record_until is not None and person.credit_record_until >= ev.as_of:
        archive = ev.param("credit_archive.record_years")
        text = f"已记入职称评审诚信档案库（记录至{person.credit_record_until}），记录期内不予受理"
        bars.append(_Bar("credit", text, archive.source, False))
    retired = ev.param("applicant.retired_may_apply")
    if person.retired and not retired.value:
        bars.append(_Bar("retired", "离退休人员不得申报参加职称评审", retired.source, True))
    level_rule = ev.param("applicant.level_by_level")
    highest = ev.highest_holding()
    target_rank = ev.series.rank(ev.target.code)
    if highest is not None and ev.series.rank(highest.level) >= target_rank:
        text = f"已具备{highest.label}（取得于{highest.obtained_on}），不能申报同级或更低级别职称"
        bars.append(_Bar("level", text, level_rule.source, True))
    elif level_rule.value:
        next_level = ev.next_level()
        direct = ev.best is not None and ev.best.route.after == GRADUATION
        if next_level.code != ev.target.code and not direct:
            held = f"现有最高为{highest.label}" if highest else f"尚未取得{ev.series.name}职称"
            text = f"{held}，须逐级申报，本次可申报{next_level.name}，不能越级申报{ev.target.name}"
            bars.append(_Bar("level", text, level_rule.source, True))
    return bars


def _check_refusals(ev: Evaluation, bars: list[_Bar]) -> Check:
    figures = {"failed": [bar.key for bar in bars]}
    if bars:
        sources = list(dict.fromkeys(bar.source for bar in bars))
        return Check("E7", FAIL, "；".join(bar.message for bar in bars), "；".join(sources), figures)
    highest = ev.highest_holding()
    held = f"现有最高为{highest.label}" if highest else "首次申报"
    message = f"本年度未被拒绝受理；无诚信档案记录；未离退休；逐级申报（{held}，本次申报{ev.target.name}）"
    names = (
        "review_returns.limit",
        "credit_archive.record_years",
        "applicant.retired_may_apply",
        "applicant.level_by_level",
    )
    sources = list(dict.fromkeys(ev.param(name).source for name in names))
    return Check("E7", PASS, message, "；".join(sources), figures)


def _check_assessment_month(ev: Evaluation, calendar: WorkingCalendar) -> Check | None:
    """T5 (§三): 考核定职 only in January, April, July and October."""
    if ev.request.route != "assessment":
        return None
    window = assessment_window(ev.as_of, ev.parameters)
    figures: dict[str, Any] = {"months": list(window.months)}
    if window.is_open:
        message = f"{ev.as_of}在考核定职受理月份（{window.months_label}）内"
        return Check("T5", PASS, message, window.source, figures)
    opens = window.next_opens_on
    figures["next_opens_on"] = opens.isoformat()
    message = f"考核定职仅在{window.months_label}受理，{ev.as_of}不在受理月份，下一次自{opens}开始受理"
    if calendar.covers(opens.year):
        first_working = calendar.nth_working_day_from(opens, 1)
        figures["first_working_day"] = first_working.isoformat()
        if first_working != opens:
            message += f"（首个工作日为{first_working}）"
    return Check("T5", FAIL, message, window.source, figures)


def _evaluate(
    request: Mapping[str, Any], calendar: WorkingCalendar | None
) -> tuple[Evaluation, list[Check], list[_Bar]]:
    parameters = default_parameters()
    ev = Evaluation(parse_precheck_request(request, parameters), parameters)
    bars = _refusal_bars(ev)
    checks = [
        _check_years(ev),
        _check_social_insurance(ev),
        _check_township(ev),
        _check_engineering_degree(ev),
        _check_qualifications(ev),
        _check_confirmation(ev),
        _check_refusals(ev, bars),
        _check_assessment_month(ev, calendar or default_calendar()),
    ]
    return ev, [check for check in checks if check is not None], bars


def precheck(request: Mapping[str, Any], calendar: WorkingCalendar | None = None) -> dict[str, Any]:
    """Check a person against E1–E7 (and T5 for 考核定职) on ``request["as_of"]``.

    Returns ``{"eligible", "earliest_date", "checks": [{"rule", "status",
    "message", "source", "figures"}]}``. ``calendar`` only adds the first
    working day of the next 考核定职 window to T5's message. Raises
    :class:`RuleInputError` for invalid input.
    """
    ev, checks, bars = _evaluate(request, calendar)
    never = ev.best is None or any(bar.permanent for bar in bars)
    return {
        "eligible": all(check.status != FAIL for check in checks),
        "earliest_date": None if never else ev.best.met_on.isoformat(),
        "checks": [check.as_dict() for check in checks],
    }


# --- "when can I apply?" ----------------------------------------------------


def when_can_apply(request: Mapping[str, Any], calendar: WorkingCalendar | None = None) -> dict[str, Any]:
    """「我最早什么时候能申报？」: the earliest date, from ``as_of`` on, when every rule passes.

    The person's records are taken as they are, except that social insurance is
    assumed to continue in 昆明市 with the contract unit from ``as_of``'s month
    on. Returns ``{"date", "reasons": [{"rule", "date", "message"}],
    "blocked_by": [{"rule", "message"}]}``: ``reasons`` are the rules that push
    the date past ``as_of``; ``blocked_by`` the ones no date can lift (then
    ``date`` is null).
    """
    ev, checks, bars = _evaluate(request, calendar)
    failed = {check.rule: check for check in checks if check.status == FAIL}
    blocked = [{"rule": "E7", "message": bar.message} for bar in bars if bar.permanent]
    if ev.best is None:
        blocked.insert(0, {"rule": "E1", "message": failed["E1"].message})
    if "E2" in failed and ev.person.contract_unit is None:
        blocked.append({"rule": "E2", "message": failed["E2"].message})
    if blocked:
        return {"date": None, "reasons": [], "blocked_by": blocked}

    waits = _waiting_rules(ev, failed)
    day = ev.as_of
    while True:
        later = max(clears_from(day) for _rule, clears_from, _message in waits)
        if later == day:
            break
        day = later
    reasons = []
    for rule, clears_from, message in waits:
        cleared = clears_from(ev.as_of)
        if cleared > ev.as_of:
            reasons.append({"rule": rule, "date": cleared.isoformat(), "message": message(cleared)})
    return {"date": day.isoformat(), "reasons": reasons, "blocked_by": []}


_Wait = tuple[str, Callable[[datetime.date], datetime.date], Callable[[datetime.date], str]]


def _waiting_rules(ev: Evaluation, failed: Mapping[str, Check]) -> list[_Wait]:
    """Per rule: the first day on or after a given day on which it passes, and how to say so."""
    waits: list[_Wait] = [
        ("E1", lambda day: _years_clear_from(ev, day), lambda day: f"任职年限于{ev.best.met_on}满足，{day}起可申报")
    ]
    if "E2" in failed:
        months = ev.param("social_insurance.months").value
        city = ev.param("social_insurance.city").value
        _window, problems = _social_insurance_problems(ev)
        worst = max(month for found in problems.values() for month in found)
        clear = add_months(datetime.date.fromisoformat(f"{worst}-01"), months + 1)
        waits.append(
            (
                "E2",
                lambda day: max(day, clear),
                lambda day: (
                    f"假定自{month_label(ev.as_of)}起每月在{city}由劳动合同签订单位参保，{day}起最近{months}个月参保记录符合要求"
                ),
            )
        )
    if ev.person.refused_in_years:

        def after_refusal(day: datetime.date) -> datetime.date:
            while day.year in ev.person.refused_in_years:
                day = datetime.date(day.year + 1, 1, 1)
            return day

        waits.append(("E7", after_refusal, lambda day: f"被拒绝受理的年度结束后，{day}起可重新申报"))
    if ev.person.credit_record_until is not None:
        cleared = ev.person.credit_record_until + datetime.timedelta(days=1)
        waits.append(("E7", lambda day: max(day, cleared), lambda day: f"诚信档案记录期满，{day}起可申报"))
    if ev.request.route == "assessment":

        def assessment_opens(day: datetime.date) -> datetime.date:
            window = assessment_window(day, ev.parameters)
            return day if window.is_open else window.next_opens_on

        waits.append(("T5", assessment_opens, lambda day: f"考核定职按受理月份，{day}起受理"))
    return waits


def _years_clear_from(ev: Evaluation, day: datetime.date) -> datetime.date:
    """E1: the first date on or after ``day`` whose cut-off (T4) reaches the years' met date.

    A cut-off set by the plan holds for ``as_of``'s year only; later years use
    T4 for a review and the application day itself for 考核定职.
    """
    met = ev.best.met_on

    def cutoff(on: datetime.date) -> datetime.date:
        planned = ev.request.service_cutoff if on.year == ev.as_of.year else None
        return service_cutoff(ev.request.region_level, ev.request.route, on, planned, ev.parameters).date

    if met <= cutoff(day):
        return day
    planned_binds = ev.request.service_cutoff is not None and day.year == ev.as_of.year
    if ev.request.route == "assessment":
        return max(met, datetime.date(day.year + 1, 1, 1)) if planned_binds else met
    year = max(day.year + 1, met.year)
    while cutoff(datetime.date(year, 1, 1)) < met:
        year += 1
    return datetime.date(year, 1, 1)
