import datetime
import decimal

import pytest
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.factories import UnitFactory
from zhicheng.accounts.models import Role
from zhicheng.audit.models import GENESIS_HASH, AppendOnlyError, ChainHead, Event
from zhicheng.audit.trail import chain_pending, client_address, events_for, record_event
from zhicheng.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def test_record_event_appends_unchained_and_chaining_links_each_event_to_the_one_before(officer):
    subject = UnitFactory()
    events = [record_event(action="unit.review", subject=subject, actor=officer) for _ in range(3)]
    unchained = list(Event.objects.values_list("seq", "hash"))

    assert chain_pending() == 3
    first, second, third = (Event.objects.get(pk=event.pk) for event in events)

    assert unchained == [(None, "")] * 3
    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert first.prev_hash == GENESIS_HASH
    assert (second.prev_hash, third.prev_hash) == (first.hash, second.hash)
    assert ChainHead.objects.get().last_hash == third.hash
    assert chain_pending() == 0


@pytest.mark.django_db(transaction=True)
def test_record_event_is_chained_when_the_callers_transaction_commits(officer):
    subject = UnitFactory()
    with transaction.atomic():
        event = record_event(action="unit.review", subject=subject, actor=officer)
        assert Event.objects.get(pk=event.pk).seq is None

    event.refresh_from_db()
    assert (event.seq, event.hash) == (1, event.computed_hash())
    assert verify_chain().checked == 1


def head_turns(queries) -> int:
    """How many times the chain head was taken (its lock: FOR UPDATE on PostgreSQL, the
    write lock on SQLite)."""
    return sum(1 for query in queries if "audit_chainhead" in query["sql"] and (
        "FOR UPDATE" in query["sql"] or '"last_seq" = "audit_chainhead"."last_seq"' in query["sql"]))


@pytest.mark.django_db(transaction=True)
def test_one_transactions_events_are_chained_by_one_turn_at_the_head(officer):
    subject = UnitFactory()
    with transaction.atomic():
        record_event(action="unit.review", subject=subject, actor=officer)  # the trail begun
    with CaptureQueriesContext(connection) as queries:
        with transaction.atomic():
            events = [record_event(action="unit.review", subject=subject, actor=officer) for _ in range(3)]

    assert head_turns(queries.captured_queries) == 1  # not one for each event
    assert [Event.objects.get(pk=event.pk).seq for event in events] == [2, 3, 4]
    assert verify_chain().checked == 4


@pytest.mark.django_db(transaction=True)
def test_a_chainer_whose_events_were_chained_before_it_asks_nothing(officer):
    subject = UnitFactory()
    with transaction.atomic():
        first = record_event(action="unit.review", subject=subject, actor=officer)
    with transaction.atomic():
        second = record_event(action="unit.review", subject=subject, actor=officer)
    # as when the turn before took them too: both chained, nothing left for their chainers
    with CaptureQueriesContext(connection) as queries:
        assert chain_pending(own=[first.pk, second.pk]) == 0
    assert queries.captured_queries == []
    # an event this process did not see chained: the chainer takes its turn and finds it chained
    with CaptureQueriesContext(connection) as queries:
        assert chain_pending(own=[second.pk + 1000]) == 0
    assert head_turns(queries.captured_queries) == 1
    assert verify_chain().checked == 2


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_leaves_the_rest_of_its_transaction_chained(officer):
    subject = UnitFactory()
    with transaction.atomic():
        try:
            with transaction.atomic():
                record_event(action="unit.review", subject=subject, actor=officer, opinion="撤销")
                raise RuntimeError
        except RuntimeError:
            pass
        kept = record_event(action="unit.review", subject=subject, actor=officer, opinion="保留")

    assert Event.objects.get(pk=kept.pk).seq == 1
    assert not Event.objects.filter(seq__isnull=True).exists()


def test_record_event_keeps_the_actor_as_they_were_at_that_moment(officer):
    subject = UnitFactory()
    event = record_event(action="unit.review", subject=subject, actor=officer, from_state="draft", to_state="approved")

    officer.real_name = "李娜娜"
    officer.role = Role.BUREAU
    officer.save()
    officer.unit.name = "东川区第一人民医院"
    officer.unit.save()
    event.refresh_from_db()

    assert (event.actor, event.actor_name, event.actor_role, event.actor_unit) == (
        officer,
        "李娜",
        Role.EMPLOYER,
        "东川区人民医院",
    )
    assert (event.subject_type, event.subject_id) == ("accounts.unit", str(subject.pk))
    assert verify_chain().ok


def test_record_event_by_the_system_has_no_actor():
    event = record_event(action="application.abandon", subject=UnitFactory(), opinion="补正期限已过，自动放弃")

    event.refresh_from_db()

    assert (event.actor, event.actor_name, event.actor_role, event.actor_unit) == (None, "", "", "")


def test_record_event_hashes_details_as_the_database_gives_them_back(officer):
    details = {"截止日期": datetime.date(2022, 8, 31), "继续教育学时": decimal.Decimal("90.5"), "退回次数": 2}

    event = record_event(action="application.return", subject=officer, actor=officer, details=details)
    chain_pending()
    event.refresh_from_db()

    assert event.details == {"截止日期": "2022-08-31", "继续教育学时": "90.5", "退回次数": 2}
    assert event.computed_hash() == event.hash


def test_record_event_refuses_an_unsaved_subject(officer):
    with pytest.raises(ValueError, match="已保存"):
        record_event(action="unit.create", subject=UnitFactory.build(), actor=officer)


def test_events_for_lists_one_subjects_events_oldest_first(officer):
    mine, other = UnitFactory(), UnitFactory()
    record_event(action="unit.create", subject=mine, actor=officer)
    record_event(action="unit.create", subject=other, actor=officer)
    record_event(action="unit.update", subject=mine, actor=officer)

    actions = list(events_for(mine).values_list("action", flat=True))

    assert actions == ["unit.create", "unit.update"]


def test_event_changes_through_the_orm_are_refused(chain):
    event = Event.objects.get(seq=3)
    event.opinion = "同意"

    with pytest.raises(AppendOnlyError, match="只能追加"):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(seq=3).update(opinion="同意")
    with pytest.raises(AppendOnlyError):
        Event.objects.bulk_update([event], ["opinion"])
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(seq__gte=4).delete()

    assert Event.objects.count() == 5
    assert Event.objects.get(seq=3).opinion == "第3次审核：材料齐全"
    assert verify_chain().ok


def test_event_disappears_with_the_callers_rollback(officer):
    subject = UnitFactory()
    record_event(action="unit.create", subject=subject, actor=officer)

    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(action="unit.update", subject=subject, actor=officer)
        raise RuntimeError("the caller's step failed after recording")
    record_event(action="unit.review", subject=subject, actor=officer)
    chain_pending()

    assert list(Event.objects.values_list("seq", "action")) == [(1, "unit.create"), (2, "unit.review")]
    assert Event.objects.get(seq=2).prev_hash == Event.objects.get(seq=1).hash
    assert verify_chain().ok


@pytest.mark.parametrize(
    ("https_only", "forwarded_for", "expected"),
    [
        (False, "", "10.1.2.3"),
        (False, "203.0.113.7", "10.1.2.3"),  # without our proxy the header is the client's word
        (True, "203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (True, "2001:db8::7", "2001:db8::7"),
        (True, "", "10.1.2.3"),
        (True, "unknown", "10.1.2.3"),
    ],
)
def test_client_address(settings, https_only, forwarded_for, expected):
    settings.HTTPS_ONLY = https_only
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR=forwarded_for)

    assert client_address(request) == expected


def chainer_settings(queries) -> list[str]:
    return [query["sql"] for query in queries if "synchronous_commit" in query["sql"]]


@pytest.mark.django_db(transaction=True)
def test_a_chaining_of_its_own_is_committed_without_waiting_for_the_disk_on_postgresql(officer):
    subject = UnitFactory()
    with CaptureQueriesContext(connection) as queries:
        with transaction.atomic():
            event = record_event(action="unit.review", subject=subject, actor=officer)

    # the step's own transaction waits for the disk as ever; only the chainer's does not
    postgresql = connection.vendor == "postgresql"
    assert chainer_settings(queries.captured_queries) == (["SET LOCAL synchronous_commit = off"] if postgresql else [])
    assert Event.objects.get(pk=event.pk).seq == 1
    if postgresql:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"  # for that transaction only
    # inside a caller's transaction the chaining commits with it, as the caller commits
    with transaction.atomic():
        record_event(action="unit.review", subject=subject, actor=officer)
        with CaptureQueriesContext(connection) as queries:
            assert chain_pending() == 1
        assert chainer_settings(queries.captured_queries) == []


@pytest.mark.django_db(transaction=True)
def test_events_whose_chaining_was_lost_are_chained_again_by_the_next_chainer(officer, monkeypatch):
    from zhicheng.audit import trail

    subject = UnitFactory()
    with transaction.atomic():
        first = record_event(action="unit.review", subject=subject, actor=officer, opinion="第一次")
    chain_all = trail._chain_all

    def lost():
        """A chaining that a crash took with it: done, then gone, the events committed."""
        with transaction.atomic():
            chain_all()
            transaction.set_rollback(True)
        return 0

    monkeypatch.setattr(trail, "_chain_all", lost)
    with transaction.atomic():
        orphans = [record_event(action="unit.review", subject=subject, actor=officer, opinion=f"第{n}次") for n in (2, 3)]
    monkeypatch.setattr(trail, "_chain_all", chain_all)

    assert [Event.objects.get(pk=event.pk).seq for event in orphans] == [None, None]
    assert ChainHead.objects.get().last_seq == 1
    # the next commit's chainer chains them before its own
    with transaction.atomic():
        later = record_event(action="unit.review", subject=subject, actor=officer, opinion="第四次")

    assert [Event.objects.get(pk=event.pk).seq for event in (first, *orphans, later)] == [1, 2, 3, 4]
    result = verify_chain()
    assert (result.ok, result.checked, result.unchained) == (True, 4, 0)
