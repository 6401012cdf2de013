"""The password policy, in Chinese, beside every password field; passwords someone else
set are changed at first login; staff passwords may expire."""

import re

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import ApplicantFactory, UnitFactory, UserFactory
from zhicheng.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def refusal(password, user=None) -> list[str]:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize("password, message", [
    ("Dongchuan", "密码太短，至少需要10个字符"),
    ("Dongchuan@2022", "这是常见密码或地名、系统名称，容易被猜中，请换一个"),
    ("kunming#2026X", "这是常见密码或地名、系统名称，容易被猜中，请换一个"),
    ("Password123!", "这是常见密码或地名、系统名称，容易被猜中，请换一个"),
    ("abcdefghijkl", "密码须包含大写字母、小写字母、数字、符号中的至少3类，当前只有1类"),
    ("20261201123456", "密码不能全是数字"),
])
def test_weak_passwords_refused_in_chinese(password, message):
    assert message in refusal(password)


def test_dongchuan_refused_on_every_count():
    assert len(refusal("Dongchuan")) >= 2  # too short and too simple, whatever the length setting


def test_password_like_the_person_refused():
    person = User(real_name="李建华", mobile="13987130001", id_number="530113198503120125")
    assert "密码与手机号码、身份证号、姓名或电子邮箱太相似" in refusal("13987130001aB", person)


def test_good_password_accepted():
    assert refusal("Tongdu#Plan2026") == []


def test_no_english_in_any_password_message():
    messages = refusal("a") + refusal("1234567890") + password_validation.password_validators_help_texts()
    assert messages and not [text for text in messages if re.search(r"[A-Za-z]{4,}", text)]


@pytest.mark.parametrize("url_name", ["web:register", "web:password_change"])
def test_rules_shown_beside_the_field_before_any_failure(client, url_name):
    client.force_login(ApplicantFactory(id_number="530113198503120125"))
    if url_name == "web:register":
        client.logout()

    page = client.get(reverse(url_name)).content.decode()

    assert "密码要求：至少10个字符；包含大写字母、小写字母、数字、符号中的至少3类；不能是常见密码或地名、系统名称" in page


def test_initial_password_must_be_changed_at_first_login(client):
    bureau = UserFactory(role=Role.BUREAU, unit=UnitFactory(is_hr_bureau=True))
    client.force_login(bureau)
    page = client.post(reverse("web:bureau_account_new"),
                       {"real_name": "赵春梅", "mobile": "13508710001", "role": "employer", "unit": UnitFactory().pk})
    initial = re.search(r'<strong class="password">([^<]+)</strong>', page.content.decode()).group(1)
    client.logout()

    client.post(reverse("web:login"), {"login": "13508710001", "password": initial})
    elsewhere = client.get(reverse("web:unit_applications"))
    assert elsewhere.status_code == 302 and elsewhere.url == reverse("web:password_change")
    form = client.get(reverse("web:password_change")).content.decode()
    assert "请先设置只有您自己知道的新密码" in form

    weak = client.post(reverse("web:password_change"),
                       {"old_password": initial, "new_password1": "Dongchuan", "new_password2": "Dongchuan"})
    assert "密码太短" in weak.content.decode()
    assert User.objects.get(mobile="13508710001").must_change_password

    client.post(reverse("web:password_change"),
                {"old_password": initial, "new_password1": "Tongdu#Plan2026", "new_password2": "Tongdu#Plan2026"})
    account = User.objects.get(mobile="13508710001")
    assert not account.must_change_password and account.password_changed_at is not None
    assert client.get(reverse("web:unit_applications")).status_code == 200


def test_api_call_with_a_password_to_change_answers_403_in_the_api_error_shape(client):
    officer = UserFactory(role=Role.EMPLOYER, unit=UnitFactory())
    officer.password_handed_over()
    officer.save()
    client.force_login(officer)

    answer = client.post("/api/v1/rules/plan-check", data="{}", content_type="application/json")

    assert answer.status_code == 403 and answer["Content-Type"] == "application/json"
    assert answer.json() == {"error": {"field": "", "message": "您正在使用他人设置的初始密码或重置密码，请先设置只有您自己知道的新密码（网页「修改密码」）"}}
    assert User.objects.get(pk=officer.pk).must_change_password  # nothing changed
    assert client.get(reverse("web:unit_applications")).url == reverse("web:password_change")  # pages still lead to the form


def test_password_set_by_administrator_must_be_changed(client):
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True, mobile="13900000009")
    person = ApplicantFactory(id_number="530113198503120125")
    client.force_login(admin)

    client.post(reverse("admin:auth_user_password_change", args=[person.pk]),
                {"password1": "Handed#Over2026", "password2": "Handed#Over2026", "usable_password": "true"})

    person.refresh_from_db()
    assert person.check_password("Handed#Over2026") and person.must_change_password


def test_staff_password_expires_when_configured(client, settings, time_machine):
    time_machine.move_to("2026-06-01 09:00 +0800")
    officer = UserFactory(role=Role.EMPLOYER, unit=UnitFactory())
    applicant = ApplicantFactory(id_number="530113198503120125")
    time_machine.move_to("2026-12-01 09:00 +0800")
    settings.STAFF_PASSWORD_MAX_AGE_DAYS = 90

    client.force_login(officer)
    expired = client.get(reverse("web:unit_applications"))
    client.force_login(applicant)
    not_staff = client.get(reverse("web:profile"))

    assert expired.status_code == 302 and expired.url == reverse("web:password_change")
    assert not_staff.status_code == 200
    settings.STAFF_PASSWORD_MAX_AGE_DAYS = 0
    client.force_login(officer)
    assert client.get(reverse("web:unit_applications")).status_code == 200
