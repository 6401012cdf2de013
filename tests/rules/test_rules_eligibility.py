"""E1–E7 precheck: table-driven cases from ``cases/*.yaml`` plus the contract's shape."""

import copy
import datetime
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from zhicheng.rules import ParameterNotInForce, RuleInputError, precheck, when_can_apply

CASES = Path(__file__).with_name("cases")


def as_json(value):
    """YAML dates become ISO strings, as the JSON contract carries them."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def merged(base, patch):
    """``patch`` deep-merged over ``base``: mappings merge, anything else replaces."""
    result = copy.deepcopy(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def load_cases(file_name):
    document = yaml.safe_load((CASES / file_name).read_text(encoding="utf-8"))
    return [
        pytest.param(as_json(merged(document["defaults"], case["input"])), as_json(case), id=case["name"])
        for case in document["cases"]
    ]


def request_from(file_name, **patch):
    document = yaml.safe_load((CASES / file_name).read_text(encoding="utf-8"))
    return as_json(merged(document["defaults"], patch))


@pytest.mark.parametrize(
    ("request_data", "case"),
    load_cases("precheck_engineering.yaml") + load_cases("precheck_school_teacher.yaml") + load_cases("precheck_conditions.yaml")
    + load_cases("precheck_routes.yaml"),
)
def test_precheck_case(request_data, case):
    expected = case["expected"]

    result = precheck(request_data)

    checks = {check["rule"]: check for check in result["checks"]}
    assert len(checks) == len(result["checks"]), "every rule applied appears once"
    assert {rule: check["status"] for rule, check in checks.items()} == expected["statuses"]
    assert result["eligible"] == expected["eligible"]
    if "earliest_date" in expected:
        assert result["earliest_date"] == expected["earliest_date"]
    for rule, text in expected.get("messages", {}).items():
        assert text in checks[rule]["message"]
    for rule, figures in expected.get("figures", {}).items():
        assert {key: checks[rule]["figures"][key] for key in figures} == figures
    for rule, source in expected.get("sources", {}).items():
        assert checks[rule]["source"] == source


@pytest.mark.parametrize(("request_data", "case"), load_cases("precheck_invalid.yaml"))
def test_precheck_invalid_input_names_the_field(request_data, case):
    with pytest.raises(RuleInputError) as raised:
        precheck(request_data)

    assert raised.value.field == case["field"]
    assert case["message"] in raised.value.message
    assert str(raised.value).startswith(f"{case['field']}: ")


def test_precheck_input_must_be_an_object():
    with pytest.raises(RuleInputError) as raised:
        precheck(["not", "an", "object"])

    assert str(raised.value) == "(根): 应为JSON对象"


def test_precheck_output_has_the_contract_shape_and_is_json():
    request_data = request_from("precheck_engineering.yaml")

    result = precheck(request_data)

    assert set(result) == {"eligible", "earliest_date", "checks"}
    for check in result["checks"]:
        assert set(check) == {"rule", "status", "message", "source", "figures"}
        assert check["status"] in {"pass", "fail", "notice"}
        assert check["message"] and check["source"]
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result


def test_precheck_accepts_date_objects_as_well_as_strings():
    request_data = request_from("precheck_engineering.yaml")
    with_dates = merged(request_data, {"as_of": datetime.date(2022, 7, 15)})

    assert precheck(with_dates) == precheck(request_data)


def test_precheck_of_the_issue_example_uses_the_earlier_qualification():
    request_data = request_from("precheck_invalid.yaml")  # its defaults are the example of issue 3

    result = precheck(request_data)

    assert result["earliest_date"] == "2020-09-20"
    assert [c["rule"] for c in result["checks"]] == ["E1", "E2", "E5", "E7"]
    assert result["eligible"] is False  # E2: one month of insurance out of six


# --- when can I apply? ---------------------------------------------------------


def test_when_can_apply_today_when_eligible():
    result = when_can_apply(request_from("precheck_engineering.yaml"))

    assert result == {"date": "2022-07-15", "reasons": [], "blocked_by": []}


def test_when_can_apply_waits_for_the_review_year_whose_cutoff_reaches_the_years():
    request_data = request_from(
        "precheck_engineering.yaml",
        person={
            "titles": [
                {"series": "engineering", "level": "intermediate", "obtained_on": "2018-03-01", "origin": "yunnan"}
            ]
        },
    )

    result = when_can_apply(request_data)

    assert result["date"] == "2023-01-01"
    assert [reason["rule"] for reason in result["reasons"]] == ["E1"]
    assert "任职年限于2023-03-01满足" in result["reasons"][0]["message"]


def test_when_can_apply_assessment_waits_for_the_years_then_the_next_month_window():
    request_data = request_from(
        "precheck_engineering.yaml",
        target={"level": "assistant", "route": "assessment"},
        person={"education": [{"degree": "bachelor", "graduated_on": "2021-08-10"}], "titles": []},
    )

    result = when_can_apply(request_data)

    assert result["date"] == "2022-10-01"
    assert {reason["rule"]: reason["date"] for reason in result["reasons"]} == {"E1": "2022-08-10"}


def test_when_can_apply_after_a_refused_year():
    result = when_can_apply(request_from("precheck_engineering.yaml", person={"refused_in_years": [2022, 2023]}))

    assert result["date"] == "2024-01-01"
    assert result["reasons"][0]["rule"] == "E7"


def test_when_can_apply_after_the_credit_record_ends():
    result = when_can_apply(request_from("precheck_engineering.yaml", person={"credit_record_until": "2022-09-30"}))

    assert result["date"] == "2022-10-01"


def test_when_can_apply_assumes_insurance_continues_from_as_of():
    insured = [{"month": f"2022-0{m}", "city": "昆明市", "unit": "91530113MA6K5Q2R8W"} for m in (1, 2, 4, 5, 6)]
    request_data = request_from("precheck_engineering.yaml", person={"social_insurance": insured})

    result = when_can_apply(request_data)

    # 2022-03 is missing: from October the six months are 2022-04..2022-09
    assert result["date"] == "2022-10-01"
    assert result["reasons"][0]["rule"] == "E2"
    assert (
        precheck(
            merged(
                request_data,
                {
                    "as_of": "2022-10-01",
                    "person": {
                        "social_insurance": insured
                        + [{"month": f"2022-0{m}", "city": "昆明市", "unit": "91530113MA6K5Q2R8W"} for m in (7, 8, 9)]
                    },
                },
            )
        )["eligible"]
        is True
    )


def test_when_can_apply_never_for_a_retired_person():
    result = when_can_apply(request_from("precheck_engineering.yaml", person={"retired": True}))

    assert result["date"] is None
    assert result["blocked_by"] == [{"rule": "E7", "message": "离退休人员不得申报参加职称评审"}]


def test_when_can_apply_never_without_a_route():
    request_data = request_from(
        "precheck_engineering.yaml", person={"education": [{"degree": "college", "graduated_on": "2005-07-01"}]}
    )

    result = when_can_apply(request_data)

    assert result["date"] is None
    assert result["blocked_by"][0]["rule"] == "E1"


def test_precheck_before_the_parameters_take_effect_says_which_parameter():
    request_data = request_from("precheck_engineering.yaml", as_of="2021-06-01")

    with pytest.raises(ParameterNotInForce) as raised:
        precheck(request_data)

    assert "在2021-06-01没有生效的取值" in str(raised.value)


@st.composite
def senior_engineer_requests(draw):
    """A provincial review or 考核定职 (no E2, which needs future insurance months)."""
    as_of = draw(st.dates(min_value=datetime.date(2022, 1, 1), max_value=datetime.date(2025, 6, 30)))
    obtained = draw(st.dates(min_value=datetime.date(2014, 1, 1), max_value=datetime.date(2025, 6, 30)))
    cutoff = draw(st.none() | st.dates(min_value=as_of, max_value=datetime.date(as_of.year, 12, 31)))
    return {
        "as_of": as_of.isoformat(),
        "target": {
            "series": "engineering",
            "level": "senior",
            "route": draw(st.sampled_from(["review", "assessment"])),
        },
        "committee": {"region_level": "province", "service_cutoff": cutoff and cutoff.isoformat()},
        "person": {
            "retired": False,
            "education": [{"degree": "bachelor", "graduated_on": "2008-07-01"}],
            "titles": [
                {
                    "series": "engineering",
                    "level": "intermediate",
                    "obtained_on": obtained.isoformat(),
                    "origin": "yunnan",
                }
            ],
            "township": False,
            "applied_before": True,
            "refused_in_years": draw(st.sets(st.sampled_from([as_of.year, as_of.year + 1]))),
            "credit_record_until": draw(
                st.none() | st.integers(0, 400).map(lambda days: (as_of + datetime.timedelta(days)).isoformat())
            ),
        },
    }


def on(request_data, day):
    """The same request made on ``day``; the plan's cut-off belongs to the original year only."""
    moved = merged(request_data, {"as_of": day.isoformat()})
    if day.year != datetime.date.fromisoformat(request_data["as_of"]).year:
        moved["committee"]["service_cutoff"] = None
    return moved


@given(request_data=senior_engineer_requests())
@settings(max_examples=300, deadline=None)
def test_when_can_apply_gives_the_first_day_precheck_passes(request_data):
    request_data["person"]["refused_in_years"] = sorted(request_data["person"]["refused_in_years"])

    answer = datetime.date.fromisoformat(when_can_apply(request_data)["date"])

    assert precheck(on(request_data, answer))["eligible"] is True
    if answer > datetime.date.fromisoformat(request_data["as_of"]):
        assert precheck(on(request_data, answer - datetime.timedelta(days=1)))["eligible"] is False
