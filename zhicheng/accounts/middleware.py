"""Request-level protection: the client's real address, session lifetimes, passwords
that must be changed, responses that may not be cached, and the Content-Security-Policy."""

import ipaddress
from datetime import timedelta

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from zhicheng.api.errors import error_body

from .services import password_change_reason

SIGNED_IN_AT = "signed_in_at"
IDLE_EXPIRY = "idle_expiry"


class ClientAddressMiddleware:
    """TRUSTED_PROXY_COUNT proxies stand in front of the app, each appending the address
    it saw to X-Forwarded-For: the client is the hop that many places from the right;
    anything further left was written by the client and is not believed.  The result
    replaces REMOTE_ADDR and the header is dropped, so nothing later can trust it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        forwarded = request.META.pop("HTTP_X_FORWARDED_FOR", "")
        proxies = settings.TRUSTED_PROXY_COUNT
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if proxies and len(hops) >= proxies:
            try:
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(hops[-proxies]))
            except ValueError:
                pass
        return self.get_response(request)


@receiver(user_logged_in)
def remember_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[SIGNED_IN_AT] = now
        request.session[IDLE_EXPIRY] = now + settings.SESSION_COOKIE_AGE  # written with the login itself


class SessionLifetimeMiddleware:
    """The idle timeout is the session's own expiry, renewed while the person is active:
    written again once it has fallen SESSION_RENEW_SECONDS behind (or the timeout was
    shortened), so it is never later than SESSION_COOKIE_AGE after the last request and a
    page's requests do not each write the session.  This adds the absolute lifetime:
    SESSION_ABSOLUTE_HOURS after signing in, sign in again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            signed_in_at = request.session.get(SIGNED_IN_AT)
            limit = timedelta(hours=settings.SESSION_ABSOLUTE_HOURS).total_seconds()
            if signed_in_at is None or now - signed_in_at > limit:
                logout(request)
                messages.info(request, f"登录已超过{settings.SESSION_ABSOLUTE_HOURS}小时，为保护您的信息，请重新登录")
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            renewed_until = now + settings.SESSION_COOKIE_AGE
            stored = request.session.get(IDLE_EXPIRY)
            if stored is None or stored > renewed_until or stored < renewed_until - settings.SESSION_RENEW_SECONDS:
                request.session[IDLE_EXPIRY] = renewed_until  # a change: the session is saved, its expiry renewed
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """An initial or reset password, or a staff password past its age, must be changed
    before anything else can be done: pages lead to 修改密码, the API answers 403."""

    ALLOWED = ("web:password_change", "web:password_changed", "web:logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            reason = password_change_reason(user)
            if reason and request.path.startswith(reverse("api:api-root")):
                # a program cannot follow a redirect to a form: the API's own error shape
                return JsonResponse(error_body("", f"{reason}（网页「修改密码」）"), status=403)
            if reason and request.path not in {reverse(name) for name in self.ALLOWED}:
                messages.warning(request, reason)
                return redirect("web:password_change")
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages and files carry personal data: no browser or proxy may keep a copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        return response


# the nonce's place in the policy written once (no nonce has angle brackets)
NONCE_PLACE = "<nonce>"
# what a view or decorator leaves on a response to change or drop its policy
OWN_POLICY = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
              "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site's policy written once a process instead of
    once a response: every page has the policy of the settings, and only its nonce (when
    the page used one) differs.  A response with a policy of its own, a report-only or
    partial policy, a debug page, or a header already set take django-csp's own way."""

    _written: tuple = (None, "", "")  # (the settings' policy, written with a nonce, without)

    def process_response(self, request, response):
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        if (not policy or settings.DEBUG or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
                or policy.get("EXCLUDE_URL_PREFIXES") or HEADER in response
                or any(hasattr(response, name) for name in OWN_POLICY)):
            return super().process_response(request, response)
        if self._written[0] is not policy:
            self._written = (policy, build_policy(nonce=NONCE_PLACE), build_policy())
        nonce = getattr(request, "_csp_nonce", None)
        response[HEADER] = self._written[1].replace(NONCE_PLACE, nonce) if nonce else self._written[2]
        if nonce is None:  # as django-csp: a nonce asked for after the header is written is an error
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
