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
              "2022-07", datetime.date(2022, 7, 15), [2021], ["2021"], [True], "1899-12-31")
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
    ("person", "posts"),
    ("person", "unknown"),
    ("unknown",),
)


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
    base = request_from("precheck_engineering.yaml")
    base["person"]["titles"][0].update(origin="other_province", confirmed=False)

    for value in ODD_VALUES:
        plain, read = both_readings(with_value(base, path, value))

        assert plain is None or plain == read, (path, value)


def test_plain_reading_takes_a_plain_request():
    plain, read = both_readings(request_from("precheck_engineering.yaml"))

    assert plain is not None
    assert plain == read


def test_plain_reading_declines_a_malformed_row_which_the_field_by_field_reading_names():
    data = request_from("precheck_engineering.yaml")
    data["person"]["social_insurance"][2]["month"] = "2022-13"

    plain, read = both_readings(data)

    assert plain is None
    assert str(read) == "person.social_insurance[2].month: 月份格式应为YYYY-MM"
