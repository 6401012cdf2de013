"""Rate limits for requests that are not logins but can be abused in bulk: registering
accounts and asking for password-reset messages.  Counted in the database, so every app
process sees the same counts; the limits are settings (REQUEST_LIMITS)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.trail import client_address, record_event

from .models import ThrottleHit


@dataclass(frozen=True)
class Limit:
    per_address: int
    per_account: int
    window_minutes: int


ACTION_NAMES = {"register": "注册", "reset": "找回密码"}
ACCOUNT_NAMES = {"register": "同一身份证号", "reset": "同一账号"}


class Throttled(Exception):
    pass


def limit_for(action: str) -> Limit:
    return Limit(**settings.REQUEST_LIMITS[action])


@transaction.atomic
def throttle(request, action: str, account: str = "") -> None:
    """Counts one request of `action` from this address (and for this account, if
    given); raises Throttled, counting nothing, when a limit is already reached."""
    limit, now = limit_for(action), timezone.now()
    since = now - timedelta(minutes=limit.window_minutes)
    ThrottleHit.objects.filter(action=action, at__lt=since).delete()
    address = client_address(request)
    keys = [(f"地址 {address}", limit.per_address, "同一网络地址")]
    if account:
        keys.append((f"账号 {account}", limit.per_account, ACCOUNT_NAMES[action]))
    keys = [(key, maximum, who) for key, maximum, who in keys if maximum]
    counts = {key: ThrottleHit.objects.filter(action=action, key=key, at__gte=since).count() for key, maximum, _ in keys}
    for key, maximum, who in keys:
        if counts[key] >= maximum:
            raise Throttled(
                f"{who}在{limit.window_minutes}分钟内最多可{ACTION_NAMES[action]}{maximum}次，已达上限，请稍后再试；"
                "如有急需，请联系系统管理员"
            )
    for key, maximum, _ in keys:
        hit = ThrottleHit.objects.create(action=action, key=key, at=now)
        if counts[key] + 1 == maximum:
            record_event(action="throttle.limited", subject=hit, address=address,
                         details={"action": action, "key": key, "limit": maximum, "minutes": limit.window_minutes})
