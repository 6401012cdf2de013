"""Login failures and lockout (等保三级 登录失败处理), through django-axes.

One account is counted once however it is named: the 身份证号 and the mobile number of
a person are the same key.  An account or an address is locked after the configured
number of failures; each lock is an event in the trail, and an administrator can lift it
before the cool-off ends.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.shortcuts import render

from zhicheng.audit.trail import client_address, record_event

from .models import User


def account_for(login: str) -> User | None:
    login = (login or "").strip().upper()
    if not login:
        return None
    return User.objects.filter(Q(mobile=login) | Q(id_number=login)).first()


def login_key(request, credentials) -> str:
    """The name failures are counted under: the account's mobile number when the typed
    login names an account, else the text as typed."""
    typed = (credentials or {}).get("username") or request.POST.get("login") or request.POST.get("username") or ""
    account = account_for(typed)
    return account.mobile if account else typed.strip().upper()[:150]


def client_ip(request) -> str:
    """The client address as the proxy setting resolved it (see ClientAddressMiddleware)."""
    return client_address(request)


def lockout_minutes() -> int:
    cool_off = settings.AXES_COOLOFF_TIME
    return int(cool_off.total_seconds() // 60) if cool_off else 0


def locked_response(request, original_response=None, credentials=None):
    return render(
        request, "web/accounts/locked.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": lockout_minutes()},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def is_locked(request, login: str) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": login})


def count_failure(request, login: str) -> None:
    """A wrong secret other than a password (an SMS code) counts as a login failure."""
    user_login_failed.send(sender=__name__, credentials={"username": login}, request=request)


@receiver(user_locked_out)
def record_lock(sender, request, username, ip_address, **kwargs):
    """One event when a lock begins (attempts while already locked are not new locks)."""
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    account = User.objects.filter(mobile=username).first() if username else None
    subject = account or AccessAttempt.objects.filter(ip_address=ip_address).order_by("-attempt_time").first()
    if subject is None:
        return
    record_event(
        action="account.locked", subject=subject, address=ip_address or "",
        details={"login": username or "", "address": ip_address or "", "failures": request.axes_failures_since_start,
                 "page": request.path, "minutes": lockout_minutes()},
    )


@receiver(user_logged_in)
def forget_own_failures(sender, request, user, **kwargs):
    """The right password clears the failures counted against this account, from every
    address; failures from the same address against other accounts stay counted."""
    AxesProxyHandler.reset_attempts(username=user.mobile)


@transaction.atomic
def unlock_account(*, account: User, actor: User, address: str = "") -> int:
    """Lifts the lock of one account (its failures from every address)."""
    removed = AxesProxyHandler.reset_attempts(username=account.mobile)
    record_event(action="account.unlocked", subject=account, actor=actor, address=address,
                 details={"attempts_removed": removed})
    return removed


@transaction.atomic
def unlock_address(*, attempt: AccessAttempt, actor: User, address: str = "") -> int:
    """Lifts the lock of one address (every login tried from it)."""
    record_event(action="address.unlocked", subject=attempt, actor=actor, address=address,
                 details={"unlocked_address": attempt.ip_address})
    return AxesProxyHandler.reset_attempts(ip_address=attempt.ip_address)
