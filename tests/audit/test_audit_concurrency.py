import contextlib
import threading

import pytest
from django.db import connection, transaction

from tests.factories import UnitFactory, UserFactory
from zhicheng.audit.models import Event
from zhicheng.audit.trail import record_event
from zhicheng.audit.verify import verify_chain

REVIEWERS, EVENTS_EACH = 8, 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_unbroken_chain():
    # P3: every thread has its own connection and commits its own transactions; all
    # start at once.  On PostgreSQL they race: appends take no shared lock, and the
    # chaining after each commit gives every event one place.  SQLite has one writer at
    # a time; its in-memory test database answers "table is locked" rather than waiting,
    # so there the threads take turns.
    unit = UnitFactory()
    reviewers = [UserFactory(unit=unit) for _ in range(REVIEWERS)]
    accounts = Event.objects.count()  # their creation is recorded too
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

    total = accounts + REVIEWERS * EVENTS_EACH
    assert failures == []
    # chained after each commit already: nothing is left for verify to chain
    assert not Event.objects.filter(seq__isnull=True).exists()
    result = verify_chain()
    assert (result.ok, result.checked) == (True, total)
    assert sorted(Event.objects.values_list("seq", flat=True)) == list(range(1, total + 1))
    assert sorted(Event.objects.filter(action="unit.review").values_list("actor_id", flat=True)) == sorted(
        reviewer.pk for reviewer in reviewers for _ in range(EVENTS_EACH)
    )
