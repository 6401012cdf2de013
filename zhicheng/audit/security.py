"""Security events in the trail (issue 11 item 3, GB/T 22239 level 3 security audit):
logins and their failures, logouts, password changes and resets, accounts created, roles,
units and rights changed, and every change made in the administration site.

They are recorded where they happen for every path at once (Django's login signals, the
user model's saves, the admin's own change log), so no view can forget one.  The person
acting and their address come from the request being served (`RequestContextMiddleware`);
outside a request (a command) there is none.  Other parts record their own security events
(a lockout, a reveal of a masked number) with `zhicheng.audit.trail.record_event`.
"""

import contextvars

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Q
from django.db.models.signals import post_init, post_save
from django.dispatch import receiver

from .trail import client_address, record_event

_request = contextvars.ContextVar("audit_request", default=None)

# What an account may do and where: a change of any of these is a security event.
RIGHTS = ("role", "unit_id", "is_active", "is_staff", "is_superuser")
ADMIN_ACTIONS = {ADDITION: "admin.add", CHANGE: "admin.change", DELETION: "admin.delete"}


class RequestContextMiddleware:
    """Makes the request being served known to the recorders below."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def acting() -> tuple:
    """(the logged-in person or None, their address) of the request being served."""
    request = _request.get()
    if request is None:
        return None, ""
    user = getattr(request, "user", None)
    return (user if user is not None and user.is_authenticated else None), client_address(request)


@receiver(user_logged_in)
def login_succeeded(sender, request, user, **kwargs):
    record_event(action="account.login", subject=user, actor=user, address=client_address(request) if request else "")


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    login = str(credentials.get("username") or credentials.get(get_user_model().USERNAME_FIELD) or "").strip().upper()[:64]
    account = get_user_model().objects.filter(Q(mobile=login) | Q(id_number=login)).first() if login else None
    record_event(action="account.login_failed", subject=account, address=client_address(request) if request else "",
                 details={"login": login, "known_account": account is not None})


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        record_event(action="account.logout", subject=user, actor=user, address=client_address(request) if request else "")


@receiver(post_init, sender="accounts.User")
def remember_rights(sender, instance, **kwargs):
    # only what was loaded: a deferred field is neither compared nor fetched
    instance._audit_before = {name: instance.__dict__[name] for name in (*RIGHTS, "password") if name in instance.__dict__}


@receiver(post_save, sender="accounts.User")
def account_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    actor, address = acting()
    before = getattr(instance, "_audit_before", {})
    if created:
        record_event(action="account.create", subject=instance, actor=actor or instance, address=address,
                     details={"role": instance.role, "unit": instance.unit_id, "is_staff": instance.is_staff})
    else:
        changed = {name: [before[name], instance.__dict__.get(name)] for name in RIGHTS
                   if name in before and before[name] != instance.__dict__.get(name)}
        if changed:
            record_event(action="account.rights_change", subject=instance, actor=actor, address=address, details=changed)
        # A save of the password alone is Django upgrading the stored hash at login, not a change.
        if "password" in before and before["password"] != instance.__dict__.get("password") and set(update_fields or ()) != {"password"}:
            own = actor is not None and actor.pk == instance.pk
            record_event(action="account.password_change" if own else "account.password_reset", subject=instance,
                         actor=actor, address=address)
    remember_rights(sender, instance)


@receiver(post_save, sender=LogEntry)
def admin_changed(sender, instance, created, raw=False, **kwargs):
    """Every add, change and delete through the administration site (its own change log)."""
    if not created or raw:
        return
    _, address = acting()
    record_event(
        action=ADMIN_ACTIONS.get(instance.action_flag, "admin.change"), subject=instance, actor=instance.user, address=address,
        details={
            "object_type": f"{instance.content_type.app_label}.{instance.content_type.model}" if instance.content_type else "",
            "object_id": str(instance.object_id or ""), "object": instance.object_repr, "message": instance.get_change_message(),
        },
    )
