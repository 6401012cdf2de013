"""How long the trail is kept.  The Cybersecurity Law (《中华人民共和国网络安全法》第二十一条
(三)) asks that network logs be kept for no less than six months, as does GB/T 22239-2019
level 3 (security audit); AUDIT_RETENTION_MONTHS may be longer, never shorter."""

import datetime

from django.conf import settings
from django.core.checks import Error, register

MINIMUM_MONTHS = 6


def retention_months() -> int:
    return settings.AUDIT_RETENTION_MONTHS


def retained_since(today: datetime.date) -> datetime.date:
    """The first day still kept: events of earlier days may be purged."""
    months = today.year * 12 + today.month - 1 - retention_months()
    year, month = divmod(months, 12)
    return datetime.date(year, month + 1, 1)


@register()
def retention_at_least_the_minimum(app_configs, **kwargs):
    value = getattr(settings, "AUDIT_RETENTION_MONTHS", None)
    if not isinstance(value, int) or value < MINIMUM_MONTHS:
        return [Error(
            f"审计记录保存期限 AUDIT_RETENTION_MONTHS 为 {value!r}，不得少于 {MINIMUM_MONTHS} 个月"
            "（《中华人民共和国网络安全法》第二十一条）",
            hint=f"把环境变量 AUDIT_RETENTION_MONTHS 设为 {MINIMUM_MONTHS} 或更大的整数",
            id="zhicheng.audit.E001",
        )]
    return []


class PurgeRefused(Exception):
    """The trail cannot be purged now; the message says why."""


def purge(today: datetime.date) -> tuple[int, int]:
    """Remove the events older than the retention period, up to the end of a checkpoint
    (so every event still kept links to a hash that the checkpoints vouch for); the
    boundary's seq and hash stay in the chain head.  Returns (first, last) seq removed,
    (0, 0) if nothing is old enough.  The whole trail is verified first."""
    from django.db import connection, transaction
    from django.db.models import Min
    from django.utils import timezone

    from .anchor import checkpoint_ranges
    from .models import Event
    from .trail import locked_head, record_event
    from .verify import verify_chain

    if not settings.AUDIT_ANCHOR_KEY:
        raise PurgeRefused("未配置核验密钥 AUDIT_ANCHOR_KEY：没有核验点的记录不能清理")
    result = verify_chain()
    if not result.ok:
        raise PurgeRefused(f"审计记录不完整，未清理：{result.reason}")
    cutoff = timezone.make_aware(datetime.datetime.combine(retained_since(today), datetime.time()))
    with transaction.atomic():
        head = locked_head()
        first_kept = Event.objects.filter(seq__isnull=False, occurred_at__gte=cutoff).aggregate(first=Min("seq"))["first"]
        if first_kept is None:
            first_kept = head.last_seq + 1
        boundary = max((to_seq for _, to_seq, _ in checkpoint_ranges() if to_seq < first_kept), default=0)
        if boundary <= head.purged_through:
            return 0, 0
        first = head.purged_through + 1
        head.purged_through, head.purged_hash = boundary, Event.objects.get(seq=boundary).hash
        head.save(update_fields=["purged_through", "purged_hash"])
        with connection.cursor() as cursor:
            # The only removal of events there is (the database's trigger allows no other).
            cursor.execute("DELETE FROM audit_event WHERE seq >= %s AND seq <= %s", [first, boundary])
        record_event(action="audit.purge", subject=head, details={
            "first": first, "last": boundary, "kept_from": retained_since(today), "months": retention_months(),
        })
    return first, boundary
