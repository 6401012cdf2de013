"""verify_chain on the chain alone (no checkpoint key configured): every break is named by
the number of the first event it touches."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction

from tests.factories import UnitFactory
from zhicheng.audit.models import Event
from zhicheng.audit.trail import chain_pending, record_event
from zhicheng.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def outcome(result):
    return result.ok, result.first_broken_seq, result.reason


def db_value(field_name: str, value):
    """(column, value as the database stores it) for raw SQL."""
    field = Event._meta.get_field(field_name)
    return field.column, field.get_db_prep_save(value, connection)


@pytest.mark.parametrize("chunk_size", [1, 2, 5, 2000])
def test_verify_chain_passes_an_untouched_chain_in_any_page_size(chain, chunk_size):
    result = verify_chain(chunk_size=chunk_size)

    assert (result.ok, result.checked, result.last_seq, result.anchored) == (True, 5, 5, 0)


def test_verify_chain_passes_an_empty_trail():
    assert outcome(verify_chain()) == (True, None, "")


def test_verify_chain_chains_the_tail_left_unchained_first(chain, officer):
    record_event(action="unit.review", subject=UnitFactory(), actor=officer)

    result = verify_chain()

    assert (result.ok, result.checked, result.unchained) == (True, 6, 0)
    assert not Event.objects.filter(seq__isnull=True).exists()


@pytest.mark.parametrize(
    ("field_name", "forged"),
    [
        ("occurred_at", datetime.datetime(2022, 3, 1, 9, 0, tzinfo=datetime.UTC)),
        ("actor", None),
        ("actor_name", "王伟"),
        ("actor_role", "admin"),
        ("actor_unit", "东川区人力资源和社会保障局"),
        ("action", "profile.approve"),
        ("subject_type", "accounts.user"),
        ("subject_id", "999"),
        ("from_state", "draft"),
        ("to_state", "approved"),
        ("opinion", "同意推荐"),
        ("address", "10.0.0.9"),
        ("details", {"退回次数": 0}),
        ("prev_hash", "f" * 64),
        ("hash", "e" * 64),
    ],
)
def test_verify_chain_finds_any_altered_field_of_a_middle_event(chain, tamper, field_name, forged):
    column, value = db_value(field_name, forged)

    tamper(f"UPDATE audit_event SET {column} = %s WHERE seq = 3", [value])

    result = verify_chain(chunk_size=2)
    assert outcome(result) == (False, 3, "第 3 条记录内容被改动")
    assert result.checked == 2


@pytest.mark.parametrize("deleted", [1, 3])
def test_verify_chain_names_a_deleted_event_by_its_own_number(chain, tamper, deleted):
    tamper("DELETE FROM audit_event WHERE seq = %s", [deleted])

    assert outcome(verify_chain()) == (False, deleted, f"第 {deleted} 条记录被删除")


def test_verify_chain_names_deleted_events_as_a_range(chain, tamper):
    tamper("DELETE FROM audit_event WHERE seq IN (2, 3)")

    assert outcome(verify_chain()) == (False, 2, "第 2 至第 3 条记录被删除")


@pytest.mark.parametrize(("from_seq", "reason"), [(5, "第 5 条记录被删除"), (4, "第 4 至第 5 条记录被删除")])
def test_verify_chain_finds_a_removed_tail_against_the_chain_head(chain, tamper, from_seq, reason):
    tamper("DELETE FROM audit_event WHERE seq >= %s", [from_seq])

    assert outcome(verify_chain()) == (False, from_seq, reason)


def test_verify_chain_finds_the_whole_trail_removed(chain, tamper):
    tamper("DELETE FROM audit_event")

    assert outcome(verify_chain()) == (False, 1, "第 1 至第 5 条记录被删除")


def test_verify_chain_finds_a_removed_chain_head(chain, tamper):
    tamper("DELETE FROM audit_chainhead")

    assert outcome(verify_chain()) == (False, 1, "审计链头记录被删除，无法确认记录完整")


def test_verify_chain_finds_a_chain_head_moved_back(chain, tamper):
    tamper("UPDATE audit_chainhead SET last_seq = 4, last_hash = %s", [chain[3].hash])

    assert outcome(verify_chain()) == (False, 5, "审计链头被改回第 4 条，其后还有第 5 至第 5 条记录")


def rehashed(seq: int, /, **changes) -> Event:
    """Event `seq` rewritten with `changes` and a hash that matches its new content."""
    event = Event.objects.get(seq=seq)
    for name, value in changes.items():
        setattr(event, name, value)
    event.hash = event.computed_hash()
    return event


def test_verify_chain_finds_a_rewritten_event_with_a_recomputed_hash(chain, tamper):
    forged = rehashed(3, opinion="同意推荐")

    tamper("UPDATE audit_event SET opinion = %s, hash = %s WHERE seq = 3", [forged.opinion, forged.hash])

    assert outcome(verify_chain()) == (False, 3, "第 3 条与第 4 条记录之间的链接断开：其中一条被改写或替换")


def test_verify_chain_finds_a_rewritten_last_event_against_the_chain_head(chain, tamper):
    forged = rehashed(5, opinion="同意推荐")

    tamper("UPDATE audit_event SET opinion = %s, hash = %s WHERE seq = 5", [forged.opinion, forged.hash])

    assert outcome(verify_chain()) == (False, 5, "第 5 条记录被替换：与审计链头不符")


def test_verify_chain_finds_a_deleted_event_even_when_the_next_is_renumbered_and_relinked(chain, tamper):
    # Remove event 3, renumber event 4 as 3 and point it at event 2 with its hash
    # recomputed: rows 1 to 3 are whole and linked, so the gap shows at number 4.
    forged = rehashed(4, seq=3, prev_hash=chain[1].hash)
    tamper("DELETE FROM audit_event WHERE seq = 3")
    tamper("UPDATE audit_event SET seq = 3, prev_hash = %s, hash = %s WHERE seq = 4", [forged.prev_hash, forged.hash])

    assert outcome(verify_chain()) == (False, 4, "第 4 条记录被删除")


def test_verify_chain_finds_reordered_events_even_when_rehashed(chain, tamper):
    second = rehashed(3, seq=2, prev_hash=chain[0].hash)
    third = rehashed(2, seq=3, prev_hash=second.hash)
    for event in (second, third):
        tamper(
            "UPDATE audit_event SET occurred_at = %s, opinion = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            [db_value("occurred_at", event.occurred_at)[1], event.opinion, event.prev_hash, event.hash, event.seq],
        )

    assert outcome(verify_chain()) == (False, 3, "第 3 条与第 4 条记录之间的链接断开：其中一条被改写或替换")


def test_verify_chain_finds_reordered_events(chain, tamper):
    tamper("UPDATE audit_event SET seq = 0 WHERE seq = 2")
    tamper("UPDATE audit_event SET seq = 2 WHERE seq = 3")
    tamper("UPDATE audit_event SET seq = 3 WHERE seq = 0")

    assert outcome(verify_chain()) == (False, 2, "第 2 条记录内容被改动")


def test_verify_chain_reports_the_first_of_several_breaks_across_pages(officer, tamper):
    subject = UnitFactory()
    for n in range(40):
        record_event(action="unit.review", subject=subject, actor=officer, opinion=f"意见{n}")
    chain_pending()

    tamper("UPDATE audit_event SET opinion = '同意' WHERE seq IN (23, 37)")
    tamper("DELETE FROM audit_event WHERE seq = 30")

    result = verify_chain(chunk_size=7)
    assert outcome(result) == (False, 23, "第 23 条记录内容被改动")
    assert result.checked == 22


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_event SET opinion = '同意' WHERE seq = 2", "DELETE FROM audit_event WHERE seq = 2"]
)
def test_raw_sql_write_is_refused_by_postgresql_and_caught_by_verify_elsewhere(chain, statement):
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="审计记录只能追加，不能修改或删除"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement)
        assert outcome(verify_chain()) == (True, None, "")
    else:
        with connection.cursor() as cursor:
            cursor.execute(statement)
        assert verify_chain().first_broken_seq == 2
