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
