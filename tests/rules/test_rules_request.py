"""Reading a precheck request: the plain reading of a well-formed request (straight from its
JSON objects) gives the request the field-by-field reading gives, and declines anything else."""

import copy
import datetime

import pytest

from tests.rules.test_rules_eligibility import load_cases, request_from
from zhicheng.rules import RulesError
from zhicheng.rules.parameters import default_parameters
from zhicheng.rules.request import _plain_request, _read_request

CASE_FILES = (
    "precheck_engineering.yaml",
    "precheck_school_teacher.yaml",
    "precheck_conditions.yaml",
    "precheck_routes.yaml",
    "precheck_invalid.yaml",
)

# (path to a field, values put there): values of every kind the contract may be sent
ODD_VALUES = (None, "", "  ", 0, 1, True, False, [], {}, "x", " engineering ", "2022-02-30", "2022/07/15",
              "2022-07", datetime.date(2022, 7, 15), [2021], ["2021"], [True], "1899-12-31", 2021, 10001, -1,
              " kunming ", "yunnan", "dongchuan", "national", "female", "excellent", "paper", "senior", "2023-01-01",
              "2015-01-01", [{}], [{"year": 2021}])
FIELDS = (
    ("as_of",),
    ("target",),
    ("target", "series"),
    ("target", "level"),
    ("target", "route"),
    ("committee",),
    ("committee", "region_level"),
    ("committee", "service_cutoff"),
    ("committee", "region"),
    ("person",),
    ("person", "retired"),
    ("person", "education"),
    ("person", "education", 0, "degree"),
    ("person", "education", 0, "graduated_on"),
    ("person", "education", 0, "engineering"),
    ("person", "titles"),
    ("person", "titles", 0, "origin"),
    ("person", "titles", 0, "confirmed"),
    ("person", "titles", 0, "obtained_on"),
    ("person", "qualifications"),
    ("person", "township"),
    ("person", "applied_before"),
    ("person", "contract_unit"),
    ("person", "social_insurance"),
    ("person", "social_insurance", 0, "month"),
    ("person", "social_insurance", 0, "city"),
    ("person", "social_insurance", 0, "unit"),
    ("person", "refused_in_years"),
    ("person", "credit_record_until"),
    ("person", "workplace"),
    ("person", "birth_date"),
    ("person", "sex"),
    ("person", "posts"),
    ("person", "posts", 0, "level"),
    ("person", "posts", 0, "from"),
    ("person", "posts", 0, "until"),
    ("person", "posts", 1, "until"),
    ("person", "posts", 0, "unknown"),
    ("person", "assessments"),
    ("person", "assessments", 0, "year"),
    ("person", "assessments", 1, "year"),
    ("person", "assessments", 0, "result"),
    ("person", "ce_hours"),
    ("person", "ce_hours", 0, "year"),
    ("person", "ce_hours", 0, "hours"),
    ("person", "achievements"),
    ("person", "achievements", 0, "kind"),
    ("person", "achievements", 0, "achieved_on"),
    ("person", "unknown"),
    ("unknown",),
)


def system_request():
    """A request as the system sends it (``person_request``): the committee's region, the
    workplace, birth date and sex, the posts, the yearly records and the achievements."""
    data = request_from("precheck_engineering.yaml")
    data["committee"]["region"] = "dongchuan"
    data["person"].update(
        workplace="dongchuan",
        birth_date="1985-03-02",
        sex="female",
        posts=[{"level": "assistant", "from": "2012-01-01", "until": "2017-12-30"},
               {"level": "intermediate", "from": "2017-12-31"}],
        assessments=[{"year": 2020, "result": "excellent"}, {"year": 2021, "result": "competent"}],
        ce_hours=[{"year": 2020, "hours": 90}, {"year": 2021, "hours": 40}],
        achievements=[{"kind": "paper", "achieved_on": "2020-05-01"}],
    )
    return data


def both_readings(data):
    """(the plain reading, the field-by-field reading or the error it raises)."""
    parameters = default_parameters()
    plain = _plain_request(data, parameters)
    try:
        return plain, _read_request(data, parameters)
    except RulesError as error:
        return plain, error


def with_value(data, path, value):
    changed = copy.deepcopy(data)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


@pytest.mark.parametrize(("request_data", "case"), [param for name in CASE_FILES for param in load_cases(name)])
def test_plain_reading_of_each_case_is_the_field_by_field_reading(request_data, case):
    plain, read = both_readings(request_data)

    assert plain is None or plain == read


@pytest.mark.parametrize("path", FIELDS, ids=lambda path: ".".join(map(str, path)))
def test_plain_reading_of_any_value_is_the_field_by_field_reading_or_declines(path):
    bases = [request_from("precheck_engineering.yaml"), system_request()]
    for base in bases:
        base["person"]["titles"][0].update(origin="other_province", confirmed=False)

    for base in bases if len(path) < 3 or path[1] in bases[0]["person"] else bases[1:]:
        for value in ODD_VALUES:
            plain, read = both_readings(with_value(base, path, value))

            assert plain is None or plain == read, (path, value)


def test_plain_reading_takes_a_plain_request():
    plain, read = both_readings(request_from("precheck_engineering.yaml"))

    assert plain is not None
    assert plain == read


def test_plain_reading_takes_a_request_as_the_system_sends_it():
    data = system_request()

    plain, read = both_readings(data)

    assert plain is not None
    assert plain == read
    assert plain.person.posts[1].ended_on is None
    assert plain.person.assessments == {2020: "excellent", 2021: "competent"}
    assert plain.committee is default_parameters().chain("dongchuan")


@pytest.mark.parametrize("workplace", ["kunming", " yunnan "])
def test_plain_reading_takes_another_workplace_as_the_field_by_field_reading(workplace):
    data = system_request()
    data["person"]["workplace"] = workplace
    data["committee"].update(region_level="city", region="kunming")

    plain, read = both_readings(data)

    assert plain is not None
    assert plain == read
    assert plain.person.workplace is default_parameters().chain(workplace.strip())


@pytest.mark.parametrize(("path", "value", "error"), [
    (("committee", "region"), "kunming", "committee.region: 昆明市不是区级区划，与 region_level 不一致"),
    (("person", "workplace"), "national", "person.workplace: 未知的地区“national”"),
    (("person", "posts", 0, "until"), "2011-12-31", "person.posts[0].until: 任职结束日期不得早于开始日期"),
    (("person", "assessments", 1, "year"), 2020, "person.assessments[1].year: 2020年重复填写"),
    (("person", "ce_hours", 0, "hours"), 10001, "person.ce_hours[0].hours: 应为0至10000之间的整数"),
])
def test_plain_reading_declines_what_the_field_by_field_reading_refuses(path, value, error):
    plain, read = both_readings(with_value(system_request(), path, value))

    assert plain is None
    assert str(read).startswith(error)


def test_plain_reading_declines_a_malformed_row_which_the_field_by_field_reading_names():
    data = request_from("precheck_engineering.yaml")
    data["person"]["social_insurance"][2]["month"] = "2022-13"

    plain, read = both_readings(data)

    assert plain is None
    assert str(read) == "person.social_insurance[2].month: 月份格式应为YYYY-MM"
