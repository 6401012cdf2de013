"""Writing, reading and checking the audit trail (P3)."""

import ipaddress
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import QuerySet

from .models import GENESIS_HASH, ChainHead, Event


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
    """Append one event about `subject` (any saved model instance) done by `actor` (a User,
    or None for the system, e.g. a periodic job).

    Joins the caller's transaction: if the caller rolls back, the event goes too.  The
    chain head stays locked until that transaction ends, so call this after the caller's
    own row locks, as its last write, to keep the wait short and the lock order fixed.
    The actor's name, role and unit are copied as they are now: renaming a user later
    does not change the trail.
    """
    subject_type, subject_id = _subject_key(subject)
    with transaction.atomic():
        # P3: appends line up on the chain head, so no two take the same seq and prev_hash.
        # PostgreSQL: the row lock below.  SQLite: this INSERT already holds the
        # database's single write lock; select_for_update is a no-op there.
        ChainHead.objects.bulk_create([ChainHead(pk=ChainHead.ROW)], ignore_conflicts=True)
        head = ChainHead.objects.select_for_update().get(pk=ChainHead.ROW)
        event = Event(
            seq=head.last_seq + 1,
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
            prev_hash=head.last_hash,
        )
        event.hash = event.computed_hash()
        event.save(force_insert=True)
        head.last_seq, head.last_hash = event.seq, event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


def events_for(subject) -> QuerySet[Event]:
    """Everything that happened to `subject`, oldest first (the timeline)."""
    subject_type, subject_id = _subject_key(subject)
    return Event.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by("seq")


def _subject_key(subject) -> tuple[str, str]:
    """("app_label.model", pk) of the concrete model, so a proxy shares its timeline."""
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


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def verify_chain(*, chunk_size: int = 2000) -> VerifyResult:
    """Walk the chain in seq order and report the first broken link (P3)."""
    head = ChainHead.objects.filter(pk=ChainHead.ROW).first()
    if head is None:
        if Event.objects.exists():
            return VerifyResult(ok=False, checked=0, first_broken_seq=1, reason="审计链头记录被删除，无法确认记录完整")
        return VerifyResult(ok=True, checked=0)

    checked, prev_seq, prev_hash = 0, 0, GENESIS_HASH
    while True:
        # Keyset pages keep memory flat however long the trail.  Only up to the head read
        # above: events appended while we walk are not part of this check.
        page = list(Event.objects.filter(seq__gt=prev_seq, seq__lte=head.last_seq).order_by("seq")[:chunk_size])
        if not page:
            break
        for event in page:
            if event.hash != event.computed_hash():
                return _broken(checked, event.seq, f"第 {event.seq} 条记录内容被改动")
            if event.seq != prev_seq + 1:
                return _broken(checked, event.seq, f"第 {event.seq} 条记录之前的记录被删除")
            if event.prev_hash != prev_hash:
                return _broken(checked, event.seq, f"第 {event.seq} 条记录之前的记录被删除或替换")
            checked, prev_seq, prev_hash = checked + 1, event.seq, event.hash

    if prev_seq < head.last_seq:
        missing = f"第 {head.last_seq} 条" if prev_seq + 1 == head.last_seq else f"第 {prev_seq + 1} 至第 {head.last_seq} 条"
        return _broken(checked, prev_seq + 1, f"{missing}记录被删除")
    if prev_hash != head.last_hash:
        return _broken(checked - 1, head.last_seq, f"第 {head.last_seq} 条记录被替换")
    return VerifyResult(ok=True, checked=checked)


def _broken(checked: int, seq: int, reason: str) -> VerifyResult:
    return VerifyResult(ok=False, checked=checked, first_broken_seq=seq, reason=reason)
