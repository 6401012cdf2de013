"""The audit trail (审计记录): append-only events, each hash-chained to the one before (P3).

Events are written only through `zhicheng.audit.trail.record_event`, which appends a row
without any lock shared by unrelated writes; the chaining step then gives the committed
rows their place in the chain (seq), in order, once: the only change a row ever sees.
The ORM refuses any other change here, and on PostgreSQL triggers refuse in the database
too (migration 0003).  Whatever gets past both is found by `verify_chain`, against the
signed checkpoints kept outside the database (`zhicheng.audit.anchor`).
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhicheng.accounts.models import Role

GENESIS_HASH = "0" * 64  # prev_hash of the first event


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event."""

    def __init__(self):
        super().__init__("审计记录只能追加，不能修改或删除")


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError

    def delete(self):
        raise AppendOnlyError


class Event(models.Model):
    """审计事件: who did what to which object, when, from where, with what opinion."""

    id = models.BigAutoField(primary_key=True)
    # The place in the chain, given by the chaining step after commit; empty until then.
    seq = models.BigIntegerField("序号", null=True, blank=True, unique=True)
    occurred_at = models.DateTimeField("发生时间", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人账号", null=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who the actor was at that moment, kept as text so a later rename or transfer
    # does not rewrite history.  Empty for the system (a periodic job).
    actor_name = models.CharField("操作人", max_length=100, blank=True)
    actor_role = models.CharField("角色", max_length=20, choices=Role.choices, blank=True)
    actor_unit = models.CharField("所属单位", max_length=100, blank=True)
    action = models.CharField("操作", max_length=64)
    subject_type = models.CharField("对象类型", max_length=100)
    subject_id = models.CharField("对象编号", max_length=64)
    from_state = models.CharField("原状态", max_length=32, blank=True)
    to_state = models.CharField("新状态", max_length=32, blank=True)
    opinion = models.TextField("意见", blank=True)
    address = models.CharField("IP地址", max_length=45, blank=True)
    details = models.JSONField("详情", default=dict, blank=True)
    prev_hash = models.CharField("前一条哈希", max_length=64, blank=True)
    hash = models.CharField("哈希", max_length=64, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "审计事件"
        ordering = ["id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="audit_event_subject"),
            models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name="audit_event_unchained"),
        ]

    def __str__(self):
        return f"#{self.seq or '-'} {self.action} {self.subject_type}#{self.subject_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError

    def computed_hash(self) -> str:
        """sha256 over prev_hash and every other field in a fixed order, as stored."""
        fields = [
            self.seq,
            self.occurred_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
            self.actor_id,
            self.actor_name,
            self.actor_role,
            self.actor_unit,
            self.action,
            self.subject_type,
            self.subject_id,
            self.from_state,
            self.to_state,
            self.opinion,
            self.address,
            self.details,
        ]
        canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256((self.prev_hash + canonical).encode("utf-8")).hexdigest()


class ChainHead(models.Model):
    """The one row that says where the chain ends.  Only the chaining step locks it (never
    an append), so chaining runs one at a time; verification compares it with the last
    event, so a removed tail shows.  `purged_*` is where the kept trail begins once events
    past the retention period have been purged: the hash there links the rest."""

    ROW = 1

    last_seq = models.BigIntegerField("最后序号", default=0)
    last_hash = models.CharField("最后哈希", max_length=64, default=GENESIS_HASH)
    purged_through = models.BigIntegerField("已清理至序号", default=0)
    purged_hash = models.CharField("清理边界哈希", max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = verbose_name_plural = "审计链头"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_chain_head_single_row")]
