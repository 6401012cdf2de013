"""The trail against someone who can write to the database as the application does (its
own role: not a superuser, not the owner of the tables), the tampering cases of issue 11.

On PostgreSQL the triggers refuse each one and nothing changes.  SQLite has no roles and
no such triggers, so there each one goes through and `verify_chain`, with the signed
checkpoints, names the first number it touched."""

import pytest
from django.db import DatabaseError, connection, transaction

from zhicheng.audit.anchor import write_checkpoint
from zhicheng.audit.models import ChainHead, Event
from zhicheng.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_application(settings, chain):
    """Run SQL as the application's role, after a checkpoint of the five events."""
    settings.AUDIT_ANCHOR_KEY = "测试用核验密钥"
    write_checkpoint()
    role = f"{connection.settings_dict['NAME']}_app"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # created in the test's transaction, gone with it
            cursor.execute(f'CREATE ROLE "{role}" NOLOGIN NOSUPERUSER')
            cursor.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO "{role}"')
            cursor.execute(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{role}"')

    def run(*statements):
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # the test's own pending foreign-key checks first, or TRUNCATE refuses for that
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f'SET LOCAL ROLE "{role}"')
            for sql, params in statements:
                cursor.execute(sql, params)

    return run


def recomputed_from(seq: int, opinion: str) -> list:
    """Event `seq` with a new opinion, every hash after it and the head recomputed."""
    statements, prev_hash = [], Event.objects.get(seq=seq).prev_hash
    for event in Event.objects.filter(seq__gte=seq).order_by("seq"):
        event.opinion = opinion if event.seq == seq else event.opinion
        event.prev_hash = prev_hash
        event.hash = prev_hash = event.computed_hash()
        statements.append(("UPDATE audit_event SET opinion = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                           [event.opinion, event.prev_hash, event.hash, event.seq]))
    return statements + [("UPDATE audit_chainhead SET last_hash = %s", [prev_hash])]


def emptied() -> list:
    if connection.vendor == "postgresql":
        return [("TRUNCATE audit_event, audit_chainhead", [])]
    return [("DELETE FROM audit_event", []), ("DELETE FROM audit_chainhead", [])]  # SQLite's TRUNCATE


# case: (the statements, given the chain; the first number verify names where they go through)
CASES = {
    "change one event": (lambda chain: [("UPDATE audit_event SET opinion = '同意' WHERE seq = 3", [])], 3),
    "delete a middle event": (lambda chain: [("DELETE FROM audit_event WHERE seq = 3", [])], 3),
    "delete the last event and move the head back": (lambda chain: [
        ("DELETE FROM audit_event WHERE seq = 5", []),
        ("UPDATE audit_chainhead SET last_seq = 4, last_hash = %s", [chain[3].hash]),
    ], 5),
    "rewrite an event and recompute the hashes after it and the head": (lambda chain: recomputed_from(4, "同意推荐"), 4),
    "empty both tables": (lambda chain: emptied(), 1),
    "remove the chain head": (lambda chain: [("DELETE FROM audit_chainhead", [])], 1),
    "insert an event with its own number and hash": (lambda chain: [(
        "INSERT INTO audit_event (seq, occurred_at, actor_name, actor_role, actor_unit, action, subject_type, subject_id,"
        " from_state, to_state, opinion, address, details, prev_hash, hash)"
        " VALUES (6, '2026-12-01', '', '', '', 'x', 'x', '1', '', '', '', '', '{}', %s, %s)", [chain[4].hash, "a" * 64]
    )], 6),
}


@pytest.mark.parametrize("case", list(CASES))
def test_tampering_as_the_application_is_refused_or_named(as_application, chain, case):
    make, first_affected = CASES[case]
    statements = make(chain)
    before = list(Event.objects.order_by("seq").values_list("seq", "hash"))

    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="审计记录只能追加"):
            as_application(*statements)
        assert list(Event.objects.order_by("seq").values_list("seq", "hash")) == before
        assert (ChainHead.objects.get().last_seq, verify_chain().ok) == (5, True)
    else:
        as_application(*statements)
        result = verify_chain()
        assert (result.ok, result.first_broken_seq) == (False, first_affected)


def test_the_application_cannot_switch_the_triggers_off(as_application):
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="must be owner"):
            as_application(("ALTER TABLE audit_event DISABLE TRIGGER audit_event_guard", []))
        with pytest.raises(DatabaseError, match="permission denied|superuser"):
            as_application(("SET session_replication_role = replica", []))
    assert verify_chain().ok
