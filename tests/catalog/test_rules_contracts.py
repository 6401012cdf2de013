"""The precheck and plan-check contracts through the `zhicheng` command and the API."""

import datetime
import io
import json
import sys

import pytest
from django.core.management import call_command

from zhicheng.catalog.models import CalendarOverride, CalendarYear

pytestmark = pytest.mark.django_db

PRECHECK = {
    "as_of": "2022-07-15",
    "target": {"series": "engineering", "level": "senior", "route": "review"},
    "committee": {"region_level": "city", "service_cutoff": "2022-12-31"},
    "person": {
        "retired": False,
        "education": [{"degree": "bachelor", "engineering": True, "professional_degree": False, "graduated_on": "2008-07-01"}],
        "titles": [{"series": "engineering", "level": "intermediate", "obtained_on": "2016-12-30", "origin": "yunnan"}],
        "qualifications": [],
        "township": False,
        "applied_before": True,
        "contract_unit": "91530113MA6K5Q2R8W",
        "social_insurance": [
            {"month": f"2022-{month:02d}", "city": "昆明市", "unit": "91530113MA6K5Q2R8W"} for month in range(1, 7)
        ],
        "refused_in_years": [],
        "credit_record_until": None,
    },
}


def run_command(name, document, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(document if isinstance(document, str) else json.dumps(document)))
    with pytest.raises(SystemExit) as exited:
        call_command(name, "-")
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


def test_precheck_command_eligible_exits_0(monkeypatch, capsys):
    code, out, _err = run_command("precheck", PRECHECK, monkeypatch, capsys)

    result = json.loads(out)
    assert code == 0
    assert result["eligible"] is True
    assert result["earliest_date"] == "2021-12-30"
    assert {check["rule"] for check in result["checks"]} >= {"E1", "E2", "E7"}


def test_precheck_command_not_eligible_exits_1(monkeypatch, capsys):
    person = {**PRECHECK["person"], "social_insurance": PRECHECK["person"]["social_insurance"][:5]}

    code, out, _err = run_command("precheck", {**PRECHECK, "person": person}, monkeypatch, capsys)

    result = json.loads(out)
    assert code == 1
    e2 = next(check for check in result["checks"] if check["rule"] == "E2")
    assert e2["status"] == "fail" and "2022-06" in e2["message"]


def test_precheck_command_invalid_input_exits_2_naming_field(monkeypatch, capsys):
    bad = {**PRECHECK, "as_of": "2022-02-30"}

    code, out, err = run_command("precheck", bad, monkeypatch, capsys)

    assert (code, out) == (2, "")
    assert "as_of" in err


def test_precheck_command_malformed_json_exits_2(monkeypatch, capsys):
    code, _out, err = run_command("precheck", "{not json", monkeypatch, capsys)

    assert code == 2
    assert "不是有效的 JSON" in err


PLAN = {
    "region_level": "province",
    "notice_filed_on": "2022-06-01",
    "notice_published_on": "2022-06-06",
    "applications_open_on": "2022-07-06",
    "receiving_from": "2022-08-15",
    "receiving_until": "2022-08-30",
    "unified_submission": True,
    "meeting_on": "2022-10-20",
    "pre_meeting_filed_on": "2022-09-26",
    "publicity": [{"kind": "unit", "from": "2022-09-29", "to": "2022-10-09"}],
}


def test_plan_check_command_reports_short_publicity_exits_1(monkeypatch, capsys):
    code, out, _err = run_command("plan_check", PLAN, monkeypatch, capsys)

    result = json.loads(out)
    assert code == 1
    assert result["computed"]["window_first_day"] == "2022-08-08"
    assert result["computed"]["window_last_day"] == "2022-08-27"
    assert [violation["rule"] for violation in result["violations"]] == ["T7"]


def test_plan_check_year_outside_calendar_exits_2_naming_year(monkeypatch, capsys):
    plan = {"region_level": "city", "publicity": [{"kind": "result", "from": "2027-03-01", "to": "2027-03-05"}]}

    code, _out, err = run_command("plan_check", plan, monkeypatch, capsys)

    assert code == 2
    assert "2027" in err


def test_calendar_overrides_from_admin_win_and_loaded_year_is_covered(monkeypatch, capsys):
    # 2027: declared loaded, with the Spring Festival days the administrator entered
    CalendarYear.objects.create(year=2027, notice="国务院办公厅关于2027年部分节假日安排的通知（测试）")
    for day in range(3, 6):
        CalendarOverride.objects.create(day=datetime.date(2027, 3, day), is_working_day=False, note="测试休息日")
    plan = {"region_level": "city", "publicity": [{"kind": "result", "from": "2027-03-01", "to": "2027-03-05"}]}

    code, out, _err = run_command("plan_check", plan, monkeypatch, capsys)

    result = json.loads(out)
    assert code == 1
    assert result["computed"]["publicity_earliest_end"][0]["earliest_end"] == "2027-03-10"


def test_api_precheck_same_contract(client):
    response = client.post("/api/v1/rules/precheck", PRECHECK, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["eligible"] is True


def test_api_precheck_invalid_input_names_field(client):
    bad = {**PRECHECK, "target": {**PRECHECK["target"], "level": "grandmaster"}}

    response = client.post("/api/v1/rules/precheck", bad, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["error"]["field"] == "target.level"


def test_api_plan_check_same_contract(client):
    response = client.post("/api/v1/rules/plan-check", PLAN, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["ok"] is False
    assert response.json()["computed"]["latest_pre_meeting_filing"] == "2022-09-29"
