"""Anyone can check an electronic certificate (D3): the public verification page, opened in
Debian's Chromium without logging in, never shows the identity number (P2)."""

import datetime

import pytest
import time_machine

from tests.certificates import steps
from zhicheng.certificates import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def certificate():
    """A certificate confirmed in 2022; the server then runs on today's clock."""
    with time_machine.travel(datetime.datetime(2022, 7, 15, 9, 0), tick=False) as clock:
        cast = steps.cast(clock)
        issued = steps.certificate(cast, steps.in_publicity(cast, steps.passed(cast)))
    return cast, issued


def test_verification_page_shows_holder_and_validity_without_login(new_page, certificate, tmp_path):
    cast, issued = certificate
    page = new_page()

    page.goto(f"/verify/{issued.token}/")
    page.screenshot(path=tmp_path / "verify-valid.png", full_page=True)
    valid_text = page.locator("main").inner_text()
    services.certificate_revoke(actor=cast.bureau, certificate=issued, reason="业绩证明系伪造", today=datetime.date(2022, 12, 1))
    page.reload()
    page.screenshot(path=tmp_path / "verify-revoked.png", full_page=True)
    revoked_text = page.locator("main").inner_text()

    assert page.get_by_role("heading", name="电子职称证书核验").is_visible()
    assert "韦明辉" in valid_text and issued.number in valid_text and "有效" in valid_text
    assert "已撤销" in revoked_text and "2022年12月1日" in revoked_text
    assert page.get_by_role("link", name="退出").count() == 0  # nobody is logged in
    for text in (valid_text, revoked_text):
        assert cast.applicant.id_number not in text and cast.applicant.masked_id_number not in text
