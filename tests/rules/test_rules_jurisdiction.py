"""Jurisdiction: each rule is resolved in the chain of the region its text concerns."""

import json
import shutil
from pathlib import Path

import pytest
import yaml

from tests.rules.test_rules_eligibility import load_cases, merged, request_from

from zhicheng.rules import RuleInputError, plan_check, precheck, when_can_apply
from zhicheng.rules.parameters import PARAMS_DIR, ParameterSet

HERE = Path(__file__).parent
GOLDEN = json.loads((HERE / "golden" / "golden.json").read_text(encoding="utf-8"))
PLANS = yaml.safe_load((HERE / "golden" / "plans.yaml").read_text(encoding="utf-8"))
KUNMING_CASES = load_cases("precheck_engineering.yaml") + load_cases("precheck_school_teacher.yaml")


def as_json(value):
    return json.loads(json.dumps(value, default=str))


@pytest.fixture(scope="module")
def with_qujing(tmp_path_factory):
    """The shipped parameter tree plus a 曲靖市 layer, added as data only."""
    root = tmp_path_factory.mktemp("params") / "params"
    shutil.copytree(PARAMS_DIR, root)
    shutil.copytree(HERE / "extra_layers" / "qujing", root / "qujing")
    with (root / "layers.yaml").open("a", encoding="utf-8") as layers:
        layers.write("- {code: qujing, name: 曲靖市, parent: yunnan, region_code: '530300', level: city}\n")
    return ParameterSet.load(root)


# --- every input that worked before keeps its answer ----------------------------


@pytest.mark.parametrize(("request_data", "case"), KUNMING_CASES)
def test_precheck_answers_are_those_of_before_jurisdictions(request_data, case):
    name = case["name"]

    assert precheck(request_data) == GOLDEN["precheck"][name]
    assert when_can_apply(request_data) == GOLDEN["when_can_apply"][name]


@pytest.mark.parametrize("index", range(len(PLANS)))
def test_plan_check_answers_are_those_of_before_jurisdictions(index):
    assert plan_check(as_json(PLANS[index])) == GOLDEN["plan_check"][index]


# --- a second city changes no Kunming decision -----------------------------------


def test_a_qujing_layer_changes_no_kunming_decision(with_qujing):
    assert "qujing" not in {layer.code for layer in with_qujing.layers}  # the home chain is unchanged
    for request_data, case in (param.values for param in KUNMING_CASES):
        for region in (None, "kunming"):
            data = request_data if region is None else merged(request_data, {"committee": {"region": "kunming"}})
            if region and data["committee"]["region_level"] != "city":
                data = merged(data, {"committee": {"region_level": "city"}})
            assert precheck(data, parameters=with_qujing) == precheck(data), case["name"]
            assert when_can_apply(data, parameters=with_qujing) == when_can_apply(data), case["name"]
    for plan in PLANS:
        assert plan_check(as_json(plan), parameters=with_qujing) == plan_check(as_json(plan))


def test_a_qujing_applicant_at_the_provincial_committee_has_no_e2_and_qujings_cutoff(with_qujing):
    data = request_from(
        "precheck_engineering.yaml",
        committee={"region_level": "province", "region": "yunnan"},
        person={"workplace": "qujing", "township": True, "applied_before": False},
    )

    result = precheck(data, parameters=with_qujing)

    checks = {check["rule"]: check for check in result["checks"]}
    assert set(checks) == {"E1", "E7"}  # no E2 (Kunming's), no E3 (Dongchuan's)
    assert checks["E1"]["figures"]["cutoff"] == "2022-08-31"
    assert checks["E1"]["source"].endswith("曲靖市 测试用曲靖市通知 二(四)")
    assert result["eligible"] is False  # 工程师 since 2017-12-31: 5 years only on 2022-12-31


def test_a_qujing_city_committee_uses_its_own_cutoff_and_has_no_insurance_rule(with_qujing):
    data = request_from(
        "precheck_engineering.yaml", committee={"region_level": "city", "region": "qujing"}, person={"workplace": "qujing"}
    )

    checks = {check["rule"]: check for check in precheck(data, parameters=with_qujing)["checks"]}

    assert "E2" not in checks
    assert checks["E1"]["figures"]["cutoff"] == "2022-08-31"


# --- whom each rule concerns -----------------------------------------------------


def test_a_dongchuan_township_graduate_at_the_city_committee_gets_e2_from_kunming_and_e3_from_dongchuan():
    data = request_from(
        "precheck_engineering.yaml",
        committee={"region_level": "city", "region": "kunming"},
        person={
            "workplace": "dongchuan",
            "township": True,
            "applied_before": False,
            "titles": [{"series": "engineering", "level": "intermediate", "obtained_on": "2018-12-31", "origin": "yunnan"}],
        },
    )

    result = precheck(data)

    checks = {check["rule"]: check for check in result["checks"]}
    assert checks["E2"]["source"] == "昆明市 2022年职称申报评审工作通知 二(三)"
    assert checks["E3"]["source"] == "东川区 2022年6月6日通知 一(八)"
    assert checks["E3"]["status"] == "pass"
    assert result["eligible"] is True  # 4 years to 2022-12-31, one taken off by E3


def test_a_kunming_applicant_at_the_city_committee_gets_no_dongchuan_township_rule():
    data = request_from(
        "precheck_engineering.yaml",
        committee={"region_level": "city", "region": "kunming"},
        person={"workplace": "kunming", "township": True, "applied_before": False},
    )

    checks = {check["rule"] for check in precheck(data)["checks"]}

    assert "E3" not in checks and "E2" in checks


def test_every_check_names_the_layer_of_each_value():
    data = request_from("precheck_engineering.yaml", committee={"region_level": "city", "region": "kunming"})

    for check in precheck(data)["checks"]:
        for part in check["source"].split("；"):
            assert part.split(" ")[0] in {"国家", "云南省", "昆明市", "东川区"}, part


def test_a_city_committees_plan_is_not_held_to_dongchuans_filing_rules():
    late = {"meeting_on": "2022-10-20", "pre_meeting_filed_on": "2022-10-10", "notice_published_on": "2022-06-08",
            "applications_open_on": "2022-06-20", "notice_filed_on": "2022-06-09"}

    city = plan_check({"region_level": "city", "region": "kunming", **late})
    district = plan_check({"region_level": "district", "region": "dongchuan", **late})

    assert city["ok"] is True and city["computed"]["latest_pre_meeting_filing"] is None
    assert sorted(v["rule"] for v in district["violations"]) == ["T1", "T1", "T2"]
    assert all("东川区 2022年6月6日通知" in v["message"] for v in district["violations"])


def test_a_provincial_plan_keeps_the_provincial_window():
    result = plan_check({"region_level": "province", "region": "yunnan", "receiving_from": "2022-08-20",
                         "receiving_until": "2022-08-30", "unified_submission": True,
                         "meeting_on": "2022-10-20", "pre_meeting_filed_on": "2022-10-19"})

    assert result["computed"]["window_first_day"] == "2022-08-13"
    assert result["computed"]["window_last_day"] == "2022-08-27"
    assert result["ok"] is True  # no 12-working-day filing for a provincial committee


@pytest.mark.parametrize(
    ("patch", "field", "message"),
    [
        ({"committee": {"region": "shanghai"}}, "committee.region", "未知的地区“shanghai”"),
        ({"committee": {"region": "kunming"}}, "committee.region", "昆明市不是区级区划"),
        ({"committee": {"region": ["kunming"]}}, "committee.region", "应为字符串"),
        ({"person": {"workplace": "national"}}, "person.workplace", "未知的地区“national”"),
    ],
)
def test_an_unknown_or_inconsistent_region_names_the_field(patch, field, message):
    with pytest.raises(RuleInputError) as raised:
        precheck(request_from("precheck_engineering.yaml", **patch))

    assert raised.value.field == field and message in raised.value.message


@pytest.mark.parametrize("region_level", ["city", "province"])
def test_a_plan_check_without_region_keeps_its_old_answer_in_the_home_chain(region_level):
    """The contract as it was before jurisdictions: a plan without ``region`` is checked in
    东川区's chain whatever its level, so a city or provincial plan sent that way is still held
    to 东川区's 12-working-day pre-meeting filing (T2); with its region it is not."""
    plan = {"region_level": region_level, "meeting_on": "2022-10-20", "pre_meeting_filed_on": "2022-09-30"}
    seat = {"city": "kunming", "province": "yunnan"}[region_level]

    old_style = plan_check(plan)
    seated = plan_check({**plan, "region": seat})

    assert [v["rule"] for v in old_style["violations"]] == ["T2"]
    assert "东川区 2022年6月6日通知 一(六)" in old_style["violations"][0]["message"]
    assert old_style["computed"]["latest_pre_meeting_filing"] == "2022-09-29"
    assert seated["ok"] is True and seated["computed"]["latest_pre_meeting_filing"] is None
