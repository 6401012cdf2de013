"""Checking the audit trail (P3): every chained event against its own hash, the one before
it, the chain head and the signed checkpoints; the first broken place named by its number."""

from dataclasses import dataclass

from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone

from zhicheng.display import chinese_date

from .anchor import AnchorError, Anchors
from .models import GENESIS_HASH, ChainHead, Event
from .trail import locked_head, chain_pending

# What a malformed row raises when it is read back (SQLite stores text in any column).
UNREADABLE = (ValueError, TypeError, AttributeError, OverflowError, KeyError)


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""
    anchored: int = 0  # how many of the checked events a checkpoint vouches for
    last_seq: int = 0
    unchained: int = 0  # appended after the check began, checked next time


def verify_chain(*, chunk_size: int = 2000, after: int | None = None) -> VerifyResult:
    """Chain what is still unchained, then walk the chain in seq order from the start (or
    from checkpointed event `after`) and report the first broken place."""
    try:
        chain_pending()
    except DatabaseError:
        pass  # a read-only copy: the walk still checks what is chained
    try:
        head, max_seq = _head_and_end()
        anchors = Anchors.load()
        walk = _Walk(anchors, chunk_size)
        return walk.run(head, max_seq, after)
    except AnchorError as error:
        return VerifyResult(ok=False, checked=0, first_broken_seq=error.seq, reason=error.reason)


def _head_and_end() -> tuple[ChainHead | None, int]:
    """The head and the last chained seq, read together while no chainer moves them."""
    try:
        with transaction.atomic():
            head = locked_head()
            return head, Event.objects.aggregate(end=Max("seq"))["end"] or 0
    except DatabaseError:
        return ChainHead.objects.filter(pk=ChainHead.ROW).first(), Event.objects.aggregate(end=Max("seq"))["end"] or 0


class Broken(Exception):
    def __init__(self, seq: int, reason: str):
        self.seq, self.reason = seq, reason


def _missing(first: int, last: int) -> str:
    return f"第 {first} 条记录被删除" if first == last else f"第 {first} 至第 {last} 条记录被删除"


class _Walk:
    def __init__(self, anchors: Anchors | None, chunk_size: int):
        self.anchors, self.chunk_size = anchors, chunk_size
        self.checked = self.anchored = 0

    def run(self, head: ChainHead | None, max_seq: int, after: int | None) -> VerifyResult:
        anchored_end = self.anchors.last_seq if self.anchors else 0
        try:
            if head is None:  # gone while events are chained (an empty trail gets a new one)
                raise Broken(1, "审计链头记录被删除，无法确认记录完整")
            start, prev_hash = self._start(head, after)
            last = self._walk(start, prev_hash, max(head.last_seq, anchored_end), head)
            if max_seq > head.last_seq:
                raise Broken(head.last_seq + 1, f"审计链头被改回第 {head.last_seq} 条，其后还有第 {head.last_seq + 1} 至第 {max_seq} 条记录")
            if self.anchors:
                self.anchors.check_unread(last)
        except Broken as broken:
            return VerifyResult(ok=False, checked=self.checked, first_broken_seq=broken.seq, reason=broken.reason,
                                anchored=self.anchored)
        return VerifyResult(ok=True, checked=self.checked, anchored=self.anchored, last_seq=last,
                            unchained=Event.objects.filter(seq__isnull=True).count())

    def _start(self, head: ChainHead, after: int | None) -> tuple[int, str]:
        """Where the walk begins: after `after`, else after the purge boundary."""
        if after:
            return after, self.anchors.hash_at(after)
        start, prev_hash = head.purged_through, head.purged_hash
        anchored = self.anchors.hash_at(start) if self.anchors and start else None
        if anchored is not None and anchored != prev_hash:
            raise Broken(start, f"清理边界第 {start} 条记录的哈希与核验点不符")
        return start, prev_hash if start else GENESIS_HASH

    def _walk(self, prev_seq: int, prev_hash: str, limit: int, head: ChainHead) -> int:
        start = prev_seq
        for seq, event in self._events(prev_seq, limit):
            if seq > prev_seq + 1:
                raise Broken(prev_seq + 1, _missing(prev_seq + 1, seq - 1))
            if event is None or _hash_or_none(event) != event.hash:
                raise Broken(seq, f"第 {seq} 条记录内容被改动")
            anchored = self.anchors.hash_at(seq) if self.anchors else None
            if anchored is not None and anchored != event.hash:
                when = chinese_date(timezone.localtime(self.anchors.created_at(seq)).date())
                raise Broken(seq, f"第 {seq} 条记录被改写，与{when}签署的核验点不符")
            if event.prev_hash != prev_hash:
                first = prev_seq if prev_seq > start else seq
                raise Broken(first, f"第 {prev_seq} 条与第 {seq} 条记录之间的链接断开：其中一条被改写或替换"
                             if prev_seq > start else f"第 {seq} 条记录被替换：与前一条记录不相连")
            self.checked += 1
            self.anchored += anchored is not None
            prev_seq, prev_hash = seq, event.hash
        if prev_seq < limit:
            raise Broken(prev_seq + 1, _missing(prev_seq + 1, limit))
        if prev_seq == head.last_seq and prev_hash != head.last_hash:
            raise Broken(prev_seq, f"第 {prev_seq} 条记录被替换：与审计链头不符")
        return prev_seq

    def _events(self, after: int, limit: int):
        """(seq, event) in seq order up to `limit`; event None for a row that cannot be read."""
        while True:
            window = Event.objects.filter(seq__gt=after, seq__lte=limit).order_by("seq")
            try:
                page = [(event.seq, event) for event in window[: self.chunk_size]]
            except UNREADABLE:
                page = []
                for seq in window.values_list("seq", flat=True)[: self.chunk_size]:
                    try:
                        page.append((seq, Event.objects.get(seq=seq)))
                    except UNREADABLE:
                        page.append((seq, None))
            if not page:
                return
            yield from page
            after = page[-1][0]


def _hash_or_none(event: Event) -> str | None:
    try:
        return event.computed_hash()
    except UNREADABLE:
        return None
