"""Every page carries a Content-Security-Policy that forbids inline script, no template
holds one, and pages with personal data are not cached."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import ApplicantFactory

TEMPLATES = Path(__file__).resolve().parents[2] / "zhicheng"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def served_templates():
    return [path for path in TEMPLATES.glob("*/templates/**/*.html") if "documents" not in path.parts]


def test_no_template_holds_inline_script():
    offenders = [
        str(path.relative_to(TEMPLATES)) for path in served_templates()
        if INLINE_SCRIPT.search(text := path.read_text(encoding="utf-8")) or HANDLER.search(text) or JS_URL.search(text)
    ]
    assert served_templates() and offenders == []


@pytest.mark.django_db
@pytest.mark.parametrize("url_name, signed_in", [
    ("web:login", False), ("web:register", False), ("web:password_reset", False), ("web:notice_board", False),
    ("web:profile", True), ("web:password_change", True), ("web:my_applications", True),
])
def test_pages_carry_csp_and_no_store(client, url_name, signed_in):
    if signed_in:
        client.force_login(ApplicantFactory(id_number="530113198503120125"))

    response = client.get(reverse(url_name))

    policy = response["Content-Security-Policy"]
    assert response.status_code == 200
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy and "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert not INLINE_SCRIPT.search(page) and not HANDLER.search(page)
    for nonce in re.findall(r'<style nonce="([^"]+)"', page):
        assert f"'nonce-{nonce}'" in policy


@pytest.mark.django_db
def test_admin_pages_carry_csp_too(client, admin_client):
    response = admin_client.get("/admin/")
    assert "script-src 'self'" in response["Content-Security-Policy"] and response["Cache-Control"] == "no-store"


def policies(response_for, request_for):
    """The headers django-csp's own middleware and the site's write for the same request and response."""
    from csp.middleware import CSPMiddleware

    from zhicheng.accounts.middleware import ContentSecurityPolicyMiddleware

    written = []
    for middleware in (CSPMiddleware(lambda request: None), ContentSecurityPolicyMiddleware(lambda request: None)):
        request = request_for()
        middleware.process_request(request)
        response = middleware.process_response(request, response_for(request))
        written.append((response.get("Content-Security-Policy"), response.get("Content-Security-Policy-Report-Only")))
    return written


@pytest.mark.parametrize("uses_nonce", [True, False])
@pytest.mark.parametrize("own", [None, ("_csp_exempt", True), ("_csp_update", {"img-src": ["https://maps.example"]}),
                                 ("_csp_replace", {"style-src": None})])
def test_the_policy_written_once_is_the_one_django_csp_writes(rf, uses_nonce, own):
    from django.http import HttpResponse

    nonces = {}

    def request_for():
        request = rf.get("/")
        request._csp_nonce = nonces.setdefault("nonce", "c29tZSBub25jZQ==") if uses_nonce else None
        return request

    def response_for(request):
        response = HttpResponse("page")
        if own:
            setattr(response, *own)
        return response

    theirs, ours = policies(response_for, request_for)
    assert ours == theirs
    assert ("'nonce-c29tZSBub25jZQ=='" in (ours[0] or "")) == (uses_nonce and own is None or uses_nonce and own[0] == "_csp_update")


def test_a_nonce_asked_for_after_the_policy_is_written_is_refused(rf):
    from django.http import HttpResponse

    from csp.exceptions import CSPNonceError
    from zhicheng.accounts.middleware import ContentSecurityPolicyMiddleware

    middleware, request = ContentSecurityPolicyMiddleware(lambda request: None), rf.get("/")
    middleware.process_request(request)
    middleware.process_response(request, HttpResponse("page"))

    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
