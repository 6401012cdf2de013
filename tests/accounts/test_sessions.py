"""Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_ABSOLUTE_HOURS
after signing in however busy."""

import pytest
from django.urls import reverse

from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, time_machine):
    time_machine.move_to("2026-12-01 08:00 +0800", tick=False)
    ApplicantFactory(id_number="530113198503120125", mobile="13987130001")
    assert client.post(reverse("web:login"), {"login": "13987130001", "password": "Secret#2022"}).status_code == 302
    return client


def test_idle_timeout(signed_in, time_machine):
    time_machine.move_to("2026-12-01 08:29 +0800", tick=False)
    assert signed_in.get(reverse("web:profile")).status_code == 200  # 29 minutes idle: still in, and renewed

    time_machine.move_to("2026-12-01 08:58 +0800", tick=False)
    assert signed_in.get(reverse("web:profile")).status_code == 200

    time_machine.move_to("2026-12-01 09:29 +0800", tick=False)
    gone = signed_in.get(reverse("web:profile"))
    assert gone.status_code == 302 and gone.url.startswith(reverse("web:login"))


def test_idle_timeout_is_a_setting(signed_in, settings, time_machine):
    settings.SESSION_COOKIE_AGE = 5 * 60
    signed_in.get(reverse("web:profile"))  # the session is renewed with the new age

    time_machine.move_to("2026-12-01 08:06 +0800", tick=False)

    assert signed_in.get(reverse("web:profile")).status_code == 302


def test_absolute_lifetime(signed_in, settings, time_machine):
    settings.SESSION_ABSOLUTE_HOURS = 2
    for minute in ("08:25", "08:50", "09:15", "09:40", "09:59"):
        time_machine.move_to(f"2026-12-01 {minute} +0800", tick=False)
        assert signed_in.get(reverse("web:profile")).status_code == 200

    time_machine.move_to("2026-12-01 10:01 +0800", tick=False)
    ended = signed_in.get(reverse("web:profile"), follow=True)

    assert ended.redirect_chain[0][0].startswith(reverse("web:login"))
    assert "登录已超过2小时，为保护您的信息，请重新登录" in ended.content.decode()
    assert "_auth_user_id" not in signed_in.session


def stored_expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


def test_a_burst_of_requests_writes_the_session_once_and_the_timeout_is_never_longer(signed_in, settings, time_machine):
    time_machine.move_to("2026-12-01 08:10 +0800", tick=False)
    assert signed_in.get(reverse("web:profile")).status_code == 200  # renewed: 08:40
    renewed = stored_expiry(signed_in)

    time_machine.move_to("2026-12-01 08:10:50 +0800", tick=False)
    for _ in range(3):
        assert signed_in.get(reverse("web:profile")).status_code == 200
    assert stored_expiry(signed_in) == renewed  # within SESSION_RENEW_SECONDS: not written again

    time_machine.move_to("2026-12-01 08:11:30 +0800", tick=False)
    assert signed_in.get(reverse("web:profile")).status_code == 200
    assert stored_expiry(signed_in) > renewed  # fallen behind by more: renewed

    time_machine.move_to("2026-12-01 08:41:31 +0800", tick=False)  # 30 minutes after the last write
    gone = signed_in.get(reverse("web:profile"))
    assert gone.status_code == 302 and gone.url.startswith(reverse("web:login"))
