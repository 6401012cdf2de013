"""Writing, reading and checking the audit trail (P3).

An append takes no lock that unrelated writes share: `record_event` inserts one row in the
caller's transaction, with no place in the chain yet.  After that transaction commits,
`chain_pending` gives the committed rows their seq and hashes in order, one chainer at a
time (the chain head's row lock, taken by nothing but chainers, and only outside the
steps' own transactions).  Every commit has its chainer, which returns only once the
commit's own events are chained, so no committed row is left behind by a chainer that
looked just before it; rows a stopped process left unchained are chained by the next
commit, by `zhicheng audit checkpoint` and by `verify_chain`.

A chaining is committed without waiting for the WAL to reach the disk (PostgreSQL's
asynchronous commit, for the chainer's own transaction only).  Nothing is lost that way:
the events themselves were committed durably by their step's own transaction, without a
place in the chain; a chaining lost in a crash leaves them unchained again, to be chained
by the next chainer as any stopped process's rows are.  The WAL is flushed in order, so
the next synchronous commit of anything makes the chainings before it durable too.  What
leaves the database with the chain's hashes (a checkpoint, a backup) goes no further than
what is on disk (`durable_chain_end`): a lost chaining may come back in another order.

A commit's chainer knows its own events.  The chainers of one process take their turns
among themselves first, and one whose events the turn before it chained (it chains all
that is pending) is done without asking the database for the chain head at all; the
others take the chain head's lock as before.
"""

import ipaddress
import json
import threading
from collections.abc import Collection

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import F, QuerySet

from zhicheng.prepared import PreparedRead

from .models import ChainHead, Event

CHAIN_BATCH = 1000
# the oldest committed events without a place in the chain
PENDING = PreparedRead(lambda: Event.objects.filter(seq__isnull=True).order_by("id")[:CHAIN_BATCH], key_types=())
# the ids this process's chainers chained (and committed) lately: a chainer whose events
# are all here has nothing left to do; forgotten wholesale past the bound (then the
# chainer just takes the lock)
RECENTLY_CHAINED_BOUND = 100_000


class _ProcessChainers:
    """The turns of this process's chainers, and the events they chained."""

    def __init__(self):
        self.turn = threading.Lock()
        self.chained: set[int] = set()

    def remember(self, ids) -> None:
        if len(self.chained) > RECENTLY_CHAINED_BOUND:
            self.chained.clear()
        self.chained.update(ids)


_process = _ProcessChainers()


class _CommitChainer:
    """The chainer of one transaction's events, run once after it commits (registered
    with each event: a savepoint rolled back takes its own registration with it, not the
    others')."""

    __slots__ = ("ids", "done")

    def __init__(self):
        self.ids: list[int] = []
        self.done = False

    def __call__(self):
        if not self.done:
            self.done = True
            chain_pending(own=self.ids)


def _commit_chainer() -> _CommitChainer:
    """The chainer of the transaction in progress (a new one when the last one has run or
    went with a rollback)."""
    chainer = getattr(connection, "_audit_commit_chainer", None)
    if chainer is None or chainer.done or not any(func is chainer for _, func, _ in connection.run_on_commit):
        chainer = connection._audit_commit_chainer = _CommitChainer()
    return chainer


def record_event(
    *,
    action: str,
    subject,
    actor=None,
    from_state: str = "",
    to_state: str = "",
    opinion: str = "",
    address: str = "",
    details: dict | None = None,
) -> Event:
    """Append one event about `subject` (any saved model instance, or None for an event
    about nothing stored, e.g. a failed login to an unknown account) done by `actor` (a
    User, or None for the system, e.g. a periodic job).  The one way anything is recorded.

    Joins the caller's transaction: if the caller rolls back, the event goes too; once it
    commits, the event is chained.  The actor's name, role and unit are copied as they are
    now: renaming a user later does not change the trail.
    """
    subject_type, subject_id = _subject_key(subject)
    event = Event(
        actor=actor,
        actor_name=actor.real_name if actor else "",
        actor_role=actor.role if actor else "",
        actor_unit=actor.unit.name if actor and actor.unit else "",
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        from_state=from_state,
        to_state=to_state,
        opinion=opinion,
        address=address,
        # Hash what the database will give back: dates and decimals as JSON strings.
        details=json.loads(json.dumps(details or {}, cls=DjangoJSONEncoder)),
    )
    event.save(force_insert=True)
    chainer = _commit_chainer()
    chainer.ids.append(event.pk)
    # robust: a chaining hiccup never turns the caller's committed step into an error;
    # the rows wait for the next chainer.
    transaction.on_commit(chainer, robust=True)
    return event


def chain_pending(own: Collection[int] = ()) -> int:
    """Give every committed, unchained event its seq, prev_hash and hash, oldest insertion
    first; the number chained.

    ``own``: the events of the commit this chainer runs after.  Outside any transaction it
    first waits for this process's chainer before it; if that one chained all of ``own``,
    there is nothing left for this one (every other pending row has its own chainer)."""
    if own and not connection.in_atomic_block:
        with _process.turn:
            if _process.chained.issuperset(own):
                return 0
            return _chain_all()
    return _chain_all()


def _chain_all() -> int:
    outermost = not connection.in_atomic_block
    chained = 0
    while True:
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            head = _locked_link()
            if head is None:
                return chained
            last_seq, last_hash = head
            pending = PENDING()
            if not pending:
                return chained
            links = []
            for event in pending:
                event.seq, event.prev_hash = last_seq + 1, last_hash
                event.hash = event.computed_hash()
                last_seq, last_hash = event.seq, event.hash
                links.append((event.seq, event.prev_hash, event.hash, event.id))
            with connection.cursor() as cursor:
                # The one change an event ever sees (the database's trigger allows no other).
                cursor.executemany("UPDATE audit_event SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s AND seq IS NULL", links)
                cursor.execute("UPDATE audit_chainhead SET last_seq = %s, last_hash = %s WHERE id = %s", [last_seq, last_hash, ChainHead.ROW])
        if outermost:  # committed (inside a caller's transaction it may still roll back)
            _process.remember(event.id for event in pending)
        chained += len(pending)
        if len(pending) < CHAIN_BATCH:
            # all there was when we looked; a row committed since has its own chainer after us
            return chained


def durable_chain_end() -> int:
    """Chain what is pending, and the last seq of the chain once it is on disk: in a
    transaction of its own that holds the chain head's row lock, which PostgreSQL writes to
    the WAL, so its commit waits for the disk, and with it for every chaining committed
    before (the WAL is flushed in order).  What leaves the database with the chain's
    hashes goes no further: a chaining lost in a crash may come back in another order."""
    with transaction.atomic():
        chain_pending()  # inside this transaction: committed with it
        head = locked_head()
    return head.last_seq if head else 0


def _locked_link() -> tuple[int, str] | None:
    """(last_seq, last_hash) of the chain head, locked for this transaction (see
    `locked_head`)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT last_seq, last_hash FROM audit_chainhead WHERE id = %s FOR UPDATE", [ChainHead.ROW])
            row = cursor.fetchone()
        if row is not None:
            return row[0], row[1]
    head = locked_head()
    return None if head is None else (head.last_seq, head.last_hash)


def locked_head() -> ChainHead | None:
    """The chain head, locked for this transaction (waiting for the chainer before); None
    when it is gone although events are chained (that is for verify to report, not for a
    chainer to paper over)."""
    if connection.features.has_select_for_update:
        head = ChainHead.objects.select_for_update().filter(pk=ChainHead.ROW).first()
    else:
        # SQLite: a write first takes the database's one write lock before anything is read.
        ChainHead.objects.filter(pk=ChainHead.ROW).update(last_seq=F("last_seq"))
        head = ChainHead.objects.filter(pk=ChainHead.ROW).first()
    if head is None and not ChainHead.objects.exists() and not Event.objects.filter(seq__isnull=False).exists():
        ChainHead.objects.bulk_create([ChainHead(pk=ChainHead.ROW)], ignore_conflicts=True)  # a new trail
        return locked_head()
    return head


def events_for(subject) -> QuerySet[Event]:
    """Everything that happened to `subject`, oldest first (the timeline)."""
    subject_type, subject_id = _subject_key(subject)
    return Event.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by("id")


def _subject_key(subject) -> tuple[str, str]:
    """("app_label.model", pk) of the concrete model, so a proxy shares its timeline."""
    if subject is None:
        return "", ""
    if subject.pk is None:
        raise ValueError("审计对象必须是已保存的记录")
    return subject._meta.concrete_model._meta.label_lower, str(subject.pk)


def client_address(request) -> str:
    """The client's IP address.  Behind our proxy (HTTPS_ONLY) REMOTE_ADDR is the proxy
    itself, and the client is the first X-Forwarded-For hop; a hop that is not an IP
    address is not recorded as one."""
    if settings.HTTPS_ONLY:
        first_hop = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[0].strip()
        try:
            return str(ipaddress.ip_address(first_hop))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR", "")
