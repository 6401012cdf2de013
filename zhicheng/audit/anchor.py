"""Checkpoints (核验点): the chain anchored outside the database.

Every so often (`zhicheng audit checkpoint`, run by the periodic job) the events chained
since the last checkpoint are written, seq by seq with their hashes, into one file in the
object store (or the folder AUDIT_CHECKPOINT_DIR), signed with HMAC-SHA256 under the key
AUDIT_ANCHOR_KEY, which lives in the environment and never in the database.  Files are
only ever added.  Whoever can write to the database but does not hold the key can then
neither shorten the trail nor rewrite it and recompute the hashes unnoticed:
`verify_chain` compares every event with its checkpointed hash and names the first one
that differs or is missing.
"""

import datetime
import hashlib
import hmac
import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import connection, transaction
from django.utils import timezone

from .models import GENESIS_HASH, Event
from .trail import durable_chain_end, locked_head

PREFIX = "audit/checkpoints"
CHECKPOINT_LOCK = 0x7A68_6368_6B70  # the advisory lock of checkpoint writers
NAME = re.compile(r"^(\d{12})-(\d{12})\.json$")


class AnchorError(Exception):
    """The checkpoints cannot be trusted or cannot be written; the message says why."""

    def __init__(self, reason: str, seq: int | None = None):
        super().__init__(reason)
        self.reason, self.seq = reason, seq


@dataclass(frozen=True)
class Checkpoint:
    from_seq: int
    to_seq: int
    prev_hash: str
    hashes: tuple[str, ...]
    created_at: datetime.datetime

    def hash_at(self, seq: int) -> str:
        return self.prev_hash if seq == self.from_seq - 1 else self.hashes[seq - self.from_seq]


def anchor_key() -> bytes:
    return settings.AUDIT_ANCHOR_KEY.encode("utf-8")


def storage() -> Storage:
    folder = settings.AUDIT_CHECKPOINT_DIR
    return FileSystemStorage(location=folder) if folder else default_storage


def _path(name: str) -> str:
    return name if settings.AUDIT_CHECKPOINT_DIR else f"{PREFIX}/{name}"


def _signature(payload: dict) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(anchor_key(), canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def checkpoint_ranges() -> list[tuple[int, int, str]]:
    """(from_seq, to_seq, file name) of every checkpoint, in order."""
    try:
        _, files = storage().listdir("" if settings.AUDIT_CHECKPOINT_DIR else PREFIX)
    except FileNotFoundError:
        return []
    ranges = sorted((int(m[1]), int(m[2]), name) for name in files if (m := NAME.match(name)))
    expected = 1
    for from_seq, to_seq, name in ranges:
        if from_seq != expected:
            raise AnchorError(f"核验点文件缺失：第 {expected} 至第 {from_seq - 1} 条没有核验点（其后的文件为 {name}）", expected)
        expected = to_seq + 1
    return ranges


def read_checkpoint(name: str) -> Checkpoint:
    """One checkpoint file, its signature checked."""
    try:
        with storage().open(_path(name)) as handle:
            document = json.loads(handle.read().decode("utf-8"))
        signature = document.pop("signature")
        payload_ok = hmac.compare_digest(signature, _signature(document))
        checkpoint = Checkpoint(
            from_seq=int(document["from_seq"]), to_seq=int(document["to_seq"]), prev_hash=document["prev_hash"],
            hashes=tuple(document["hashes"]), created_at=datetime.datetime.fromisoformat(document["created_at"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise AnchorError(f"核验点文件 {name} 无法读取或格式不对") from None
    if not payload_ok:
        raise AnchorError(f"核验点文件 {name} 的签名不符：文件被改动，或 AUDIT_ANCHOR_KEY 不是签署时的密钥")
    if NAME.match(name).groups() != (f"{checkpoint.from_seq:012d}", f"{checkpoint.to_seq:012d}") or len(
        checkpoint.hashes
    ) != checkpoint.to_seq - checkpoint.from_seq + 1:
        raise AnchorError(f"核验点文件 {name} 的内容与文件名不符")
    return checkpoint


class Anchors:
    """The checkpoints, read one file at a time as a walk in seq order reaches it."""

    def __init__(self, ranges: list[tuple[int, int, str]]):
        self.ranges = ranges
        self.last_seq = ranges[-1][1] if ranges else 0
        self._current: Checkpoint | None = None
        self.read: set[str] = set()
        self.latest_at: datetime.datetime | None = None

    @classmethod
    def load(cls) -> "Anchors | None":
        """None when no key is configured: then nothing can be checked against them."""
        return cls(checkpoint_ranges()) if settings.AUDIT_ANCHOR_KEY else None

    def hash_at(self, seq: int) -> str | None:
        """The checkpointed hash of event `seq`, None beyond the last checkpoint."""
        if seq > self.last_seq or seq < 1:
            return None
        if self._current is None or not self._current.from_seq <= seq <= self._current.to_seq:
            self._current = self._open(next(r for r in self.ranges if r[0] <= seq <= r[1]))
        return self._current.hash_at(seq)

    def _open(self, entry) -> Checkpoint:
        from_seq, to_seq, name = entry
        checkpoint = read_checkpoint(name)
        self.read.add(name)
        if self.latest_at is None or checkpoint.created_at > self.latest_at:
            self.latest_at = checkpoint.created_at
        return checkpoint

    def check_unread(self, after_seq: int) -> None:
        """Read the files a walk did not reach (past the end of a shortened chain), so a
        file that claims more than it was signed for is caught too."""
        for entry in self.ranges:
            if entry[2] not in self.read and entry[1] > after_seq:
                self._open(entry)

    def created_at(self, seq: int) -> datetime.datetime:
        self.hash_at(seq)
        return self._current.created_at


def _one_writer() -> None:
    """One checkpoint writer at a time, whichever process runs it, without holding up the
    chainers while it verifies: on PostgreSQL a lock of its own (until the transaction
    ends); SQLite has one writer anyway, taken here before anything is read."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHECKPOINT_LOCK])
    else:
        locked_head()


def write_checkpoint() -> Checkpoint | None:
    """Sign and store the events chained since the last checkpoint, as far as the chain is
    on disk (`durable_chain_end`); None if there are none.  The new segment is verified
    first: a broken chain is not signed."""
    from .verify import verify_chain  # verify reads the checkpoints: imported here, not at the top

    if not settings.AUDIT_ANCHOR_KEY:
        raise AnchorError("未配置核验密钥：请在环境变量 AUDIT_ANCHOR_KEY 中设置（见部署说明），再写核验点")
    durable = durable_chain_end()
    with transaction.atomic():
        _one_writer()
        ranges = checkpoint_ranges()
        after = ranges[-1][1] if ranges else 0
        result = verify_chain(after=after)
        if not result.ok:
            raise AnchorError(f"审计记录已不完整，未写核验点：{result.reason}", result.first_broken_seq)
        rows = list(Event.objects.filter(seq__gt=after, seq__lte=min(result.last_seq, durable)).order_by("seq").values_list("seq", "hash"))
        if not rows:
            return None
        checkpoint = Checkpoint(
            from_seq=after + 1, to_seq=rows[-1][0], prev_hash=Anchors(ranges).hash_at(after) if after else GENESIS_HASH,
            hashes=tuple(h for _, h in rows), created_at=timezone.now().replace(microsecond=0),
        )
        payload = {
            "from_seq": checkpoint.from_seq, "to_seq": checkpoint.to_seq, "prev_hash": checkpoint.prev_hash,
            "hashes": list(checkpoint.hashes), "created_at": checkpoint.created_at.isoformat(),
        }
        body = json.dumps({**payload, "signature": _signature(payload)}, ensure_ascii=False, indent=0)
        storage().save(_path(f"{checkpoint.from_seq:012d}-{checkpoint.to_seq:012d}.json"), ContentFile(body.encode("utf-8")))
    return checkpoint
