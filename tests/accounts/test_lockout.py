"""Login failures lock the account and the address (django-axes), each lock is in the
trail, and an administrator lifts it."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import ApplicantFactory, UserFactory
from zhicheng.accounts.models import LoginFailures, Role
from zhicheng.audit.models import Event

pytestmark = pytest.mark.django_db

RIGHT = "Secret#2022"


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = settings.LOGIN_FAILURE_LIMIT = 3
    return 3


def login(client, name, password, address="10.1.1.1"):
    return client.post(reverse("web:login"), {"login": name, "password": password}, REMOTE_ADDR=address)


def lock_events():
    return Event.objects.filter(action="account.locked")


def test_account_locked_after_limit_then_right_password_fails_until_unlock(client, limit):
    person = ApplicantFactory(id_number="530113198503120125", mobile="13987130001")
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True, mobile="13900000009")

    answers = [login(client, "13987130001", f"wrong-{n}").status_code for n in range(limit - 1)]
    assert answers == [200] * (limit - 1)
    assert not lock_events().exists()

    locked = login(client, "13987130001", "wrong-last")
    assert locked.status_code == 429
    assert "连续3次登录失败" in locked.content.decode()
    refused = login(client, "13987130001", RIGHT)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    event = lock_events().get()
    assert (event.subject_type, event.subject_id) == ("accounts.user", str(person.pk))
    assert event.details["failures"] == limit and event.address == "10.1.1.1"

    client.force_login(admin)
    response = client.post(reverse("admin:accounts_user_changelist"),
                           {"action": "unlock", "_selected_action": [person.pk]}, follow=True)
    assert "已解除1个账号的登录锁定" in response.content.decode()
    client.logout()
    assert Event.objects.filter(action="account.unlocked", subject_id=str(person.pk), actor=admin).count() == 1
    assert login(client, "13987130001", RIGHT).status_code == 302
    assert lock_events().count() == 1


def test_own_successful_logins_do_not_clear_failures_against_another_account(client, limit):
    ApplicantFactory(mobile="13987130001")
    ApplicantFactory(mobile="13900000002")
    for n in range(limit - 1):
        login(client, "13987130001", f"wrong-{n}", address="10.4.4.4")
        assert login(client, "13900000002", RIGHT, address="10.4.4.4").status_code == 302
        client.logout()

    assert login(client, "13987130001", "wrong-last", address="10.4.4.4").status_code == 429


def test_successful_login_clears_the_accounts_own_failures(client, limit):
    ApplicantFactory(mobile="13987130001")
    for _ in range(3):
        for n in range(limit - 1):
            login(client, "13987130001", f"wrong-{n}", address="10.4.4.5")
        assert login(client, "13987130001", RIGHT, address="10.4.4.5").status_code == 302
        client.logout()
    assert not AccessAttempt.objects.filter(username="13987130001").exists()


def test_identity_number_and_mobile_count_as_one_account(client, limit):
    ApplicantFactory(id_number="530113198503120125", mobile="13987130001")

    login(client, "13987130001", "wrong-1", address="10.1.1.1")
    login(client, "530113198503120125", "wrong-2", address="10.1.1.2")
    third = login(client, "530113198503120125", "wrong-3", address="10.1.1.3")

    assert third.status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"13987130001"}


def test_address_locked_after_failures_on_many_accounts_other_addresses_unaffected(client, limit):
    ApplicantFactory(mobile="13987130001")
    for n in range(limit):
        login(client, f"1398713100{n}", "wrong", address="10.9.9.9")

    assert login(client, "13987130001", RIGHT, address="10.9.9.9").status_code == 429
    assert login(client, "13987130001", RIGHT, address="10.2.2.2").status_code == 302
    event = lock_events().get()
    assert event.subject_type == "axes.accessattempt" and event.details["address"] == "10.9.9.9"


def test_administrator_unlocks_an_address(client, limit):
    ApplicantFactory(mobile="13987130001")
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True, mobile="13900000009")
    for n in range(limit):
        login(client, f"1398713100{n}", "wrong", address="10.9.9.9")
    attempt = LoginFailures.objects.filter(ip_address="10.9.9.9").first()

    client.force_login(admin)
    response = client.post(reverse("admin:accounts_loginfailures_changelist"),
                           {"action": "unlock_addresses", "_selected_action": [attempt.pk]}, follow=True)
    assert "已解除1个网络地址的登录锁定" in response.content.decode()
    client.logout()

    assert not AccessAttempt.objects.filter(ip_address="10.9.9.9").exists()
    assert Event.objects.filter(action="address.unlocked", actor=admin).get().details["unlocked_address"] == "10.9.9.9"
    assert login(client, "13987130001", RIGHT, address="10.9.9.9").status_code == 302


def test_admin_login_is_locked_too(client, limit):
    UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True, mobile="13900000009")
    for n in range(limit):
        client.post(reverse("admin:login"), {"username": "13900000009", "password": f"wrong-{n}"}, REMOTE_ADDR="10.3.3.3")

    response = client.post(reverse("admin:login"), {"username": "13900000009", "password": RIGHT}, REMOTE_ADDR="10.3.3.3")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert lock_events().count() == 1


def test_lock_ends_after_the_cool_off(client, limit, time_machine):
    time_machine.move_to("2026-12-01 09:00 +0800")
    ApplicantFactory(mobile="13987130001")
    for n in range(limit):
        login(client, "13987130001", f"wrong-{n}")
    assert login(client, "13987130001", RIGHT).status_code == 429

    time_machine.move_to("2026-12-01 09:31 +0800")

    assert login(client, "13987130001", RIGHT).status_code == 302


def test_trusted_proxy_count_decides_the_address(client, settings, limit):
    settings.TRUSTED_PROXY_COUNT = 1
    ApplicantFactory(mobile="13987130001")
    for n in range(limit):
        # the client wrote the first hop itself; the proxy (REMOTE_ADDR) appended the real one
        client.post(reverse("web:login"), {"login": "13987130001", "password": "wrong"},
                    REMOTE_ADDR="192.168.0.2", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 10.7.7.7")

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.7.7.7"}
    assert lock_events().get().address == "10.7.7.7"


def test_without_trusted_proxies_a_forwarded_header_is_ignored(client, settings, limit):
    settings.TRUSTED_PROXY_COUNT = 0
    ApplicantFactory(mobile="13987130001")
    for n in range(limit):
        client.post(reverse("web:login"), {"login": "13987130001", "password": "wrong"},
                    REMOTE_ADDR="10.8.8.8", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}")

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.8.8.8"}
    assert lock_events().get().address == "10.8.8.8"
