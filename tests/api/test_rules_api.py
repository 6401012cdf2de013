"""The rules API never answers 500: typed schemas, schemathesis over them, and every
scalar field of both contracts replaced by lists, objects and out-of-range dates."""

import copy
import io
import json
import os
import subprocess
import sys

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from config.wsgi import application
from tests.catalog.test_rules_contracts import PLAN, PRECHECK
from zhicheng.rules.request import _PERSON_FIELDS

pytestmark = pytest.mark.django_db

SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.specs.openapi.checks.status_code_conformance,
    schemathesis.specs.openapi.checks.content_type_conformance,
    schemathesis.specs.openapi.checks.response_schema_conformance,
]


@pytest.fixture(autouse=True)
def keep_the_test_database_connection():
    """The application is called as a WSGI app, whose request signals would close the test
    transaction's connection (Django's own test client unhooks them the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@SCHEMA.include(path_regex="^/api/v1/rules/").parametrize()
@settings(max_examples=20, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_schemathesis_finds_no_server_error(case):
    response = case.call_and_validate(checks=CHECKS)

    assert response.status_code < 500
    if response.status_code == 422:
        assert set(response.json()) == {"error"} and set(response.json()["error"]) == {"field", "message"}


def test_the_openapi_document_describes_every_field(client):
    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]

    precheck = document["paths"]["/api/v1/rules/precheck"]["post"]
    assert precheck["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/PrecheckIn"}
    assert set(precheck["responses"]) == {"200", "422"}
    assert set(schemas["PrecheckIn"]["properties"]) == {"as_of", "target", "committee", "person"}
    assert set(schemas["Person"]["properties"]) == _PERSON_FIELDS
    assert set(schemas["Committee"]["properties"]) == {"region_level", "region", "service_cutoff"}
    assert schemas["Target"]["properties"]["level"]["enum"] == ["technician", "assistant", "intermediate", "senior", "principal"]
    assert set(schemas["CheckOut"]["properties"]) == {"rule", "status", "message", "source", "figures"}
    assert set(schemas["ErrorDetail"]["properties"]) == {"field", "message"}
    assert "publicity" in schemas["PlanIn"]["properties"] and "from" in schemas["Publicity"]["properties"]


# --- the mutations ------------------------------------------------------------------


def scalar_paths(value, path=""):
    """(path as the error names it, key path) of every scalar in ``value``."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from scalar_paths(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value[:1]):
            yield from scalar_paths(item, f"{path}[{index}]")
    elif value is not None:
        yield path


def replaced(document, path, new):
    result = copy.deepcopy(document)
    parts = path.replace("[", ".[").split(".")
    target = result
    for part in parts[:-1]:
        target = target[int(part[1:-1])] if part.startswith("[") else target[part]
    last = parts[-1]
    if last.startswith("["):
        target[int(last[1:-1])] = new
    else:
        target[last] = new
    return result


def date_paths(document):
    return [path for path in scalar_paths(document) if path.rsplit(".", 1)[-1] in DATE_KEYS]


DATE_KEYS = {"as_of", "graduated_on", "obtained_on", "from", "to", "meeting_on", "pre_meeting_filed_on",
             "notice_filed_on", "notice_published_on", "applications_open_on", "receiving_from", "receiving_until",
             "service_cutoff"}
WRONG_SHAPES = [[], ["2022-01-01"], {}, {"value": 1}]
OUT_OF_RANGE = ["9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01"]
CASES = [("precheck", PRECHECK, path) for path in scalar_paths(PRECHECK)] + [
    ("plan-check", PLAN, path) for path in scalar_paths(PLAN)
]
DATE_CASES = [("precheck", PRECHECK, path) for path in date_paths(PRECHECK)] + [
    ("plan-check", PLAN, path) for path in date_paths(PLAN)
]


def run_command(name, document, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(document)))
    with pytest.raises(SystemExit) as exited:
        call_command(name.replace("-", "_"), "-")
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


@pytest.mark.parametrize(("operation", "document", "path"), CASES, ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_a_list_or_object_in_any_scalar_field_is_422_naming_it(client, monkeypatch, capsys, operation, document, path):
    for wrong in WRONG_SHAPES:
        body = replaced(document, path, wrong)

        response = client.post(f"/api/v1/rules/{operation}", body, content_type="application/json")
        code, out, err = run_command(operation, body, monkeypatch, capsys)

        assert response.status_code == 422, (path, wrong)
        assert response.json()["error"]["field"] == path
        assert response.json()["error"]["message"].startswith(f"{path}: ")
        assert (code, out) == (2, "") and err.startswith(f"{path}: "), (path, wrong, err)


@pytest.mark.parametrize(("operation", "document", "path"), DATE_CASES, ids=[f"{c[0]}:{c[2]}" for c in DATE_CASES])
def test_an_out_of_range_date_is_422_naming_the_field(client, monkeypatch, capsys, operation, document, path):
    for day in OUT_OF_RANGE:
        body = replaced(document, path, day)

        response = client.post(f"/api/v1/rules/{operation}", body, content_type="application/json")
        code, out, err = run_command(operation, body, monkeypatch, capsys)

        assert response.status_code == 422, (path, day, response.content)
        assert response.json()["error"]["field"] in (path, "")
        assert code == 2 and out == "", (path, day)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"{not json", ""),
        (b"[1, 2]", ""),
        (b'"text"', ""),
        (json.dumps({**PRECHECK, "extra": 1}).encode(), "extra"),
        (json.dumps({**PRECHECK, "person": {**PRECHECK["person"], "education": []}}).encode(), "person.education"),
        (json.dumps({**PRECHECK, "person": {**PRECHECK["person"], "refused_in_years": [True]}}).encode(),
         "person.refused_in_years[0]"),
    ],
)
def test_malformed_bodies_are_422_with_the_error_shape(client, body, field):
    response = client.post("/api/v1/rules/precheck", body, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["error"]["field"] == field
    assert response.json()["error"]["message"]


@pytest.mark.parametrize("command", ["precheck", "plan-check"])
def test_the_command_without_a_migrated_database_says_what_to_do(tmp_path, command):
    document = PRECHECK if command == "precheck" else PLAN
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}"}

    finished = subprocess.run(
        [sys.executable, "-m", "zhicheng.cli", command, "-"], input=json.dumps(document), env=env,
        capture_output=True, text=True, timeout=120,
    )

    assert finished.returncode == 2
    assert "zhicheng migrate" in finished.stderr
    assert "Traceback" not in finished.stderr and finished.stdout == ""
