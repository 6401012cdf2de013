"""The precheck request (申报资格预审的输入): the JSON contract of issue 3, read
into typed records with errors that name the field.

``target.route`` may be one of the routes with rules of their own (破格, 转系列,
``route.<route>`` in the committee's chain); ``person.achievements`` carries the
achievements their conditions count.

The jurisdiction is optional: ``committee.region`` is the layer of the
committee's seat (its procedure, its cut-off, E2), ``person.workplace`` the
layer where the applicant works (E3–E7, T5). Both are layer codes of
``params/layers.yaml``.
Left out, both are the home layer (东川区, the bureau running the system), so a
request written before jurisdictions existed keeps its answer; a region given
must be of the committee's ``region_level``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._input import VALID_DATES, VALID_MONTHS, Record, is_year, parse_year, plain_rows, valid_date
from .catalogue import Level, Series, get_series, list_series
from .jurisdiction import committee_chain, plain_chain, workplace_chain
from .errors import RuleInputError
from .parameters import ParameterSet, default_parameters
from .terms import ACHIEVEMENT_KINDS, ASSESSMENT_RESULTS, DEGREES, LEVELS, REGION_LEVELS, ROUTES, SEXES, TITLE_ORIGINS

# The records a request is read into are slotted classes: the checks read their fields by the
# dozen, and a slot reads in a third of the time of a named tuple's field.
@dataclass(slots=True)
class Education:
    degree: str
    graduated_on: datetime.date
    engineering: bool
    professional_degree: bool


@dataclass(slots=True)
class Title:
    series: str
    level: str
    obtained_on: datetime.date
    origin: str
    confirmed: bool


@dataclass(slots=True)
class HeldQualification:
    name: str
    obtained_on: datetime.date


# A month insured (参保月份): its first day, the city, the insuring unit. A plain tuple, as a
# request lists more of them than of anything else.
InsuredMonth = tuple[datetime.date, str, str]


@dataclass(slots=True)
class Post:
    """A post held (岗位任职): the level of the post in the series, from a date, until one or now."""

    level: str
    started_on: datetime.date
    ended_on: datetime.date | None


@dataclass(slots=True)
class Achievement:
    """An achievement since the current title (业绩成果): its kind and the day it was reached."""

    kind: str
    achieved_on: datetime.date


@dataclass(slots=True)
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
    workplace: ParameterSet  # the chain of the layer the applicant works in
    birth_date: datetime.date | None = None
    sex: str | None = None
    # None where the request does not give the records (not known), as opposed to none held
    posts: tuple[Post, ...] | None = None
    assessments: dict[int, str] | None = None  # year → result
    ce_hours: dict[int, int] | None = None  # year → hours of continuing education
    achievements: tuple[Achievement, ...] | None = None


@dataclass(slots=True)
class PrecheckRequest:
    as_of: datetime.date
    series: Series
    level: Level
    route: str
    region_level: str
    service_cutoff: datetime.date | None
    committee: ParameterSet  # the chain of the layer the committee sits in
    person: Person


def parse_precheck_request(data: Mapping[str, Any], parameters: ParameterSet | None = None) -> PrecheckRequest:
    """Validate a precheck request of the issue-3 contract; raises :class:`RuleInputError`."""
    parameters = parameters or default_parameters()
    return _plain_request(data, parameters) or _read_request(data, parameters)


# A request is read in one of two ways of the same meaning: ``_plain_request`` takes the usual
# plainly well-formed JSON straight from its objects and gives None for anything else (a field
# of another type, an unknown one, an unknown region), which ``_read_request`` then reads field
# by field through Records, naming the first field that is wrong. Where ``_plain_request`` gives
# a request, it is the one ``_read_request`` gives.

_REQUEST_FIELDS = frozenset({"as_of", "target", "committee", "person"})
_TARGET_FIELDS = frozenset({"series", "level", "route"})
_COMMITTEE_FIELDS = frozenset({"region_level", "service_cutoff", "region"})
# the fields as :func:`_plain_request` takes them, each object's in one look-up
_REQUEST_READ = ("as_of", "target", "committee", "person")
_TARGET_READ = ("series", "level", "route")
_COMMITTEE_READ = ("region_level", "service_cutoff", "region")


def _plain_request(data: Any, parameters: ParameterSet) -> PrecheckRequest | None:
    if type(data) is not dict or not _REQUEST_FIELDS.issuperset(data):
        return None
    as_of, target, committee, person = map(data.get, _REQUEST_READ)
    if type(as_of) is not str or (as_of := VALID_DATES[as_of]) is None or type(target) is not dict \
            or not _TARGET_FIELDS.issuperset(target) \
            or type(committee) is not dict or not _COMMITTEE_FIELDS.issuperset(committee):
        return None
    series_code, level_code, route = map(target.get, _TARGET_READ)
    region_level, service_cutoff, region = map(committee.get, _COMMITTEE_READ)
    planned = None if service_cutoff is None else valid_date(service_cutoff)
    if type(series_code) is not str or not (series_code := series_code.strip()) \
            or type(level_code) is not str or level_code not in LEVELS or type(route) is not str \
            or route not in ROUTES or type(region_level) is not str or region_level not in REGION_LEVELS \
            or (service_cutoff is not None and planned is None):
        return None
    series = get_series(series_code, as_of, parameters)
    found = series.ladder.get(level_code) if series is not None else None
    level = found[1] if found is not None else None
    chain = plain_chain(region, parameters, region_level) if level is not None else None
    person = _plain_person(person, parameters) if chain is not None else None
    if series is None or level is None or chain is None or person is None:
        return None
    return PrecheckRequest(as_of, series, level, route, region_level, planned, chain, person)


def _read_request(data: Mapping[str, Any], parameters: ParameterSet) -> PrecheckRequest:
    root = Record(data, "", _REQUEST_FIELDS)
    as_of = root.date("as_of")
    target = root.record("target", _TARGET_FIELDS)
    series_code = target.text("series")
    series = get_series(series_code, as_of, parameters)
    if series is None:
        options = "、".join(f"{s.code}（{s.name}）" for s in list_series(as_of, parameters))
        raise RuleInputError(target.field("series"), f"未知的职称系列“{series_code}”，可选：{options}")
    level = series.level(target.choice("level", LEVELS))
    if level is None:
        raise RuleInputError(target.field("level"), f"{series.name}没有该级别")
    route = target.choice("route", ROUTES)
    committee = root.record("committee", _COMMITTEE_FIELDS)
    region_level = committee.choice("region_level", REGION_LEVELS)
    return PrecheckRequest(
        as_of=as_of,
        series=series,
        level=level,
        route=route,
        region_level=region_level,
        service_cutoff=committee.date("service_cutoff", required=False),
        committee=committee_chain(committee, region_level, parameters),
        person=_read_person(root.record("person", _PERSON_FIELDS), parameters),
    )


_PERSON_FIELDS = frozenset({
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
    "workplace",
    "birth_date",
    "sex",
    "posts",
    "assessments",
    "ce_hours",
    "achievements",
})


# the fields as :func:`_plain_person` takes them, in one look-up
_PERSON_READ = ("retired", "township", "applied_before", "contract_unit", "refused_in_years", "credit_record_until",
                "birth_date", "sex", "workplace", "education", "titles", "qualifications", "social_insurance",
                "posts", "assessments", "ce_hours", "achievements")


def _plain_person(data: Any, parameters: ParameterSet) -> Person | None:
    if type(data) is not dict or not _PERSON_FIELDS.issuperset(data):
        return None
    (retired, township, applied_before, contract_unit, refused, credit, birth, sex, workplace, education, titles,
     qualifications, social_insurance, posts, assessments, ce_hours, achievements) = map(data.get, _PERSON_READ)
    credit_record_until = None if credit is None else valid_date(credit)
    birth_date = None if birth is None else valid_date(birth)
    if type(retired) is not bool or type(township) is not bool or type(applied_before) is not bool \
            or (contract_unit is not None and type(contract_unit) is not str) \
            or (credit is not None and credit_record_until is None) or (birth is not None and birth_date is None) \
            or (sex is not None and (type(sex) is not str or sex not in SEXES)) \
            or (refused is not None and (type(refused) is not list or not all(map(is_year, refused)))):
        return None
    workplace = plain_chain(workplace, parameters)
    education = plain_rows(education, _EDUCATION_FIELDS, _education_row, required=True)
    titles = plain_rows(titles, _TITLE_FIELDS, _title_row)
    qualifications = plain_rows(qualifications, _QUALIFICATION_FIELDS, _qualification_row)
    social_insurance = _plain_insured_months(social_insurance)
    # the records of E8 and the routes: None where not given (not known), as opposed to none held
    if (posts is not None and (posts := plain_rows(posts, _POST_FIELDS, _post_row)) is None) \
            or (assessments is not None and (assessments := _plain_by_year(assessments, "assessments")) is None) \
            or (ce_hours is not None and (ce_hours := _plain_by_year(ce_hours, "ce_hours")) is None) \
            or (achievements is not None
                and (achievements := plain_rows(achievements, _ACHIEVEMENT_FIELDS, _achievement_row)) is None) \
            or workplace is None or education is None or titles is None or qualifications is None \
            or social_insurance is None:
        return None
    return Person(
        retired, tuple(education), tuple(titles), tuple(qualifications), township, applied_before,
        (contract_unit.strip() or None) if contract_unit is not None else None, social_insurance,
        frozenset(refused) if refused else frozenset(), credit_record_until, workplace, birth_date, sex,
        None if posts is None else tuple(posts), assessments, ce_hours,
        None if achievements is None else tuple(achievements),
    )


def _read_person(person: Record, parameters: ParameterSet) -> Person:
    # read in the order their errors are reported: the education and the titles first
    education = tuple(person.rows("education", _EDUCATION_FIELDS, _education_row, _education, required=True))
    titles = tuple(person.rows("titles", _TITLE_FIELDS, _title_row, _title))
    return Person(
        retired=person.boolean("retired"),
        education=education,
        titles=titles,
        qualifications=tuple(person.rows("qualifications", _QUALIFICATION_FIELDS, _qualification_row, _qualification)),
        township=person.boolean("township"),
        applied_before=person.boolean("applied_before"),
        contract_unit=person.text("contract_unit", required=False),
        social_insurance=_insured_months(person),
        refused_in_years=_refused_in_years(person),
        credit_record_until=person.date("credit_record_until", required=False),
        workplace=workplace_chain(person, parameters),
        birth_date=person.date("birth_date", required=False),
        sex=person.choice("sex", SEXES, required=False),
        posts=_posts(person.given_records("posts", {"level", "from", "until"})),
        assessments=_by_year(person, "assessments", lambda item: item.choice("result", ASSESSMENT_RESULTS)),
        ce_hours=_by_year(person, "ce_hours", lambda item: item.integer("hours", 0, 10000)),
        achievements=_achievements(person.given_records("achievements", {"kind", "achieved_on"})),
    )


# The records a person lists, each read by two functions of the same meaning: ``_<row>_row``
# takes the usual well-formed JSON object directly (a request carries dozens of them) and
# gives None for anything else, which ``_<row>`` then reads through a Record, naming the field
# that is wrong.

_EDUCATION_FIELDS = frozenset({"degree", "graduated_on", "engineering", "professional_degree"})


def _education_row(item: dict) -> Education | None:
    get = item.get
    degree, graduated_on = get("degree"), get("graduated_on")
    engineering, professional = get("engineering", False), get("professional_degree", False)
    if type(degree) is str and degree in DEGREES and type(graduated_on) is str and (graduated_on := VALID_DATES[graduated_on]) \
            and type(engineering) is bool and type(professional) is bool:
        return Education(degree, graduated_on, engineering, professional)
    return None


def _education(item: Record) -> Education:
    return Education(
        degree=item.choice("degree", DEGREES),
        graduated_on=item.date("graduated_on"),
        engineering=item.boolean("engineering", required=False),
        professional_degree=item.boolean("professional_degree", required=False),
    )


_TITLE_FIELDS = frozenset({"series", "level", "obtained_on", "origin", "confirmed"})
_TITLE_READ = ("series", "level", "obtained_on", "origin")


def _title_row(item: dict) -> Title | None:
    series, level, obtained_on, origin = map(item.get, _TITLE_READ)
    confirmed = item.get("confirmed", False)
    if type(series) is str and (series := series.strip()) and type(level) is str and level in LEVELS \
            and type(obtained_on) is str and (obtained_on := VALID_DATES[obtained_on]) \
            and type(origin) is str and origin in TITLE_ORIGINS and type(confirmed) is bool \
            and (origin == "yunnan" or "confirmed" in item):
        return Title(series, level, obtained_on, origin, confirmed)
    return None


def _title(item: Record) -> Title:
    origin = item.choice("origin", TITLE_ORIGINS)
    return Title(
        series=item.text("series"),
        level=item.choice("level", LEVELS),
        obtained_on=item.date("obtained_on"),
        origin=origin,
        confirmed=item.boolean("confirmed", required=origin != "yunnan"),
    )


_QUALIFICATION_FIELDS = frozenset({"name", "obtained_on"})


def _qualification_row(item: dict) -> HeldQualification | None:
    name, obtained_on = item.get("name"), item.get("obtained_on")
    if type(name) is str and (name := name.strip()) and type(obtained_on) is str and (obtained_on := VALID_DATES[obtained_on]):
        return HeldQualification(name, obtained_on)
    return None


def _qualification(item: Record) -> HeldQualification:
    return HeldQualification(item.text("name"), item.date("obtained_on"))


_INSURANCE_FIELDS = frozenset({"month", "city", "unit"})


def _plain_insured_months(items: Any) -> tuple[InsuredMonth, ...] | None:
    """The insured months straight from their JSON objects, as :func:`plain_rows` reads rows but
    inline, as a request lists more of them than of anything else; None where any is not plainly
    well formed."""
    if items is None:
        return ()
    if type(items) is not list:
        return None
    months = []
    try:
        for item in items:
            # three fields, each a text: the three allowed, none missing (else a KeyError)
            if type(item) is not dict or len(item) != 3:
                return None
            month, city, unit = item["month"], item["city"], item["unit"]
            if type(month) is not str or type(city) is not str or type(unit) is not str:
                return None
            month, city, unit = VALID_MONTHS[month], city.strip(), unit.strip()
            if not (month and city and unit):
                return None
            months.append((month, city, unit))
    except KeyError:
        return None
    return tuple(months)


def _insured_month(item: Record) -> InsuredMonth:
    return item.month("month"), item.text("city"), item.text("unit")


def _insured_months(person: Record) -> tuple[InsuredMonth, ...]:
    items = person.list("social_insurance")
    found = _plain_insured_months(items)
    return found if found is not None else tuple(person.read_each("social_insurance", items, _INSURANCE_FIELDS, _insured_month))


_ACHIEVEMENT_FIELDS = frozenset({"kind", "achieved_on"})


def _achievement_row(item: dict) -> Achievement | None:
    kind, achieved_on = item.get("kind"), valid_date(item.get("achieved_on"))
    return Achievement(kind, achieved_on) if type(kind) is str and kind in ACHIEVEMENT_KINDS and achieved_on else None


def _achievements(records: list[Record] | None) -> tuple[Achievement, ...] | None:
    if records is None:
        return None
    return tuple(Achievement(item.choice("kind", ACHIEVEMENT_KINDS), item.date("achieved_on")) for item in records)


_POST_FIELDS = frozenset({"level", "from", "until"})


def _post_row(item: dict) -> Post | None:
    level, started_on, until = item.get("level"), valid_date(item.get("from")), item.get("until")
    ended_on = None if until is None else valid_date(until)
    if type(level) is str and level in LEVELS and started_on \
            and (until is None or (ended_on is not None and ended_on >= started_on)):
        return Post(level, started_on, ended_on)
    return None


def _posts(records: list[Record] | None) -> tuple[Post, ...] | None:
    if records is None:
        return None
    posts = []
    for item in records:
        post = Post(item.choice("level", LEVELS), item.date("from"), item.date("until", required=False))
        if post.ended_on is not None and post.ended_on < post.started_on:
            raise RuleInputError(item.field("until"), "任职结束日期不得早于开始日期")
        posts.append(post)
    return tuple(posts)


def _refused_in_years(person: Record) -> frozenset[int]:
    years = person.list("refused_in_years")
    return frozenset(
        year if is_year(year) else parse_year(year, f"{person.field('refused_in_years')}[{i}]")
        for i, year in enumerate(years)
    ) if years else frozenset()


_BY_YEAR_FIELDS = {"assessments": frozenset({"year", "result"}), "ce_hours": frozenset({"year", "hours"})}


def _by_year(person: Record, key: str, read) -> dict[int, Any] | None:
    """A list of ``{"year": …, …}`` records as year → value; each year once."""
    if person.data.get(key) is None:
        return None
    found: dict[int, Any] = {}
    for item in person.records(key, _BY_YEAR_FIELDS[key]):
        year = item.year("year")
        if year in found:
            raise RuleInputError(item.field("year"), f"{year}年重复填写")
        found[year] = read(item)
    return found


def _assessment_row(item: dict) -> tuple[int, str] | None:
    year, result = item.get("year"), item.get("result")
    return (year, result) if is_year(year) and type(result) is str and result in ASSESSMENT_RESULTS else None


def _hours_row(item: dict) -> tuple[int, int] | None:
    year, hours = item.get("year"), item.get("hours")
    return (year, hours) if is_year(year) and type(hours) is int and 0 <= hours <= 10000 else None


def _plain_by_year(items: Any, key: str) -> dict[int, Any] | None:
    """:func:`_by_year` straight from the JSON; None where it would refuse the list."""
    rows = plain_rows(items, _BY_YEAR_FIELDS[key], _assessment_row if key == "assessments" else _hours_row)
    if rows is None:
        return None
    found = dict(rows)
    return found if len(found) == len(rows) else None  # each year once
