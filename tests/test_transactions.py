"""A step the database gives up on under load is run again; when it stays busy, the person
is told so in Chinese (503), never shown a 500 (issue 12)."""

import psycopg.errors
import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from tests.factories import UnitFactory
from zhicheng.accounts.models import Unit
from zhicheng.transactions import ATTEMPTS, BusyMiddleware, atomic

pytestmark = pytest.mark.django_db


def transient(state_class):
    """The OperationalError Django raises for a PostgreSQL error of that class."""
    error = OperationalError("deadlock detected")
    error.__cause__ = state_class("deadlock detected")
    return error


@pytest.mark.django_db(transaction=True)  # the step is the outermost transaction, as in a request
def test_a_deadlocked_step_is_run_again_from_the_start_and_its_first_try_leaves_nothing(monkeypatch):
    monkeypatch.setattr("zhicheng.transactions.time.sleep", lambda seconds: None)
    unit = UnitFactory()
    tries = []

    @atomic
    def rename(name):
        Unit.objects.filter(pk=unit.pk).update(name=f"{name}{len(tries)}")
        tries.append(Unit.objects.get(pk=unit.pk).name)
        if len(tries) == 1:
            raise transient(psycopg.errors.DeadlockDetected)
        return "done"

    assert rename("东川区第") == "done"
    assert tries == ["东川区第0", "东川区第1"]
    assert Unit.objects.get(pk=unit.pk).name == "东川区第1"


@pytest.mark.django_db(transaction=True)
def test_retries_are_bounded_and_other_errors_are_not_retried(monkeypatch):
    monkeypatch.setattr("zhicheng.transactions.time.sleep", lambda seconds: None)
    calls = {"busy": 0, "other": 0}

    @atomic
    def always_busy():
        calls["busy"] += 1
        raise transient(psycopg.errors.SerializationFailure)

    @atomic
    def broken():
        calls["other"] += 1
        raise OperationalError("no such table: nowhere")

    with pytest.raises(OperationalError):
        always_busy()
    with pytest.raises(OperationalError):
        broken()
    assert calls == {"busy": ATTEMPTS, "other": 1}


def test_a_step_inside_another_transaction_leaves_the_retry_to_the_outer_one(monkeypatch):
    calls = []

    @atomic
    def inner():
        calls.append(1)
        raise transient(psycopg.errors.DeadlockDetected)

    assert connection.in_atomic_block  # the test's own transaction is the outer one
    with pytest.raises(OperationalError):
        inner()
    assert calls == [1]


def test_the_busy_page_when_the_database_stays_busy():
    request = RequestFactory().post("/申报/提交")
    request.user = None

    response = BusyMiddleware(lambda r: None).process_exception(request, transient(psycopg.errors.DeadlockDetected))
    other = BusyMiddleware(lambda r: None).process_exception(request, OperationalError("no such table"))

    assert response.status_code == 503 and other is None
    text = response.content.decode()
    assert "系统繁忙，请稍后再试" in text and "都没有改动" in text
