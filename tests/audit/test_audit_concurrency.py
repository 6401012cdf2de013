import contextlib
import threading

import pytest
from django.db import connection, transaction

from tests.factories import UnitFactory, UserFactory
from zhicheng.audit.models import Event
from zhicheng.audit.trail import VerifyResult, record_event, verify_chain

REVIEWERS, EVENTS_EACH = 8, 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_unbroken_chain():
    # P3: every thread has its own connection and commits its own transactions; all
    # start at once.  On PostgreSQL they race, and without the chain head's row lock
    # two of them would take the same seq.  SQLite has no row locks and one writer at a
    # time; its in-memory test database answers "table is locked" rather than waiting,
    # so there the threads take turns.
    unit = UnitFactory()
    reviewers = [UserFactory(unit=unit) for _ in range(REVIEWERS)]
    start = threading.Barrier(REVIEWERS)
    turns = contextlib.nullcontext() if connection.features.has_select_for_update else threading.Lock()
    failures = []

    def review(reviewer):
        try:
            start.wait()
            for n in range(EVENTS_EACH):
                with turns, transaction.atomic():
                    record_event(action="unit.review", subject=unit, actor=reviewer, opinion=f"第{n + 1}次审核")
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=review, args=[reviewer]) for reviewer in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    total = REVIEWERS * EVENTS_EACH
    assert failures == []
    assert verify_chain() == VerifyResult(ok=True, checked=total)
    assert list(Event.objects.values_list("seq", flat=True)) == list(range(1, total + 1))
    assert sorted(Event.objects.values_list("actor_id", flat=True)) == sorted(
        reviewer.pk for reviewer in reviewers for _ in range(EVENTS_EACH)
    )
