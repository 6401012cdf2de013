"""Finding a password again: a link by e-mail (Django's views, the locmem backend) or a
code by text message (the console sender), both throttled."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import ApplicantFactory
from zhicheng.accounts.models import ThrottleHit, User
from zhicheng.audit.models import Event

pytestmark = pytest.mark.django_db

NEW = "Tongdu#Plan2026"


@pytest.fixture
def person():
    return ApplicantFactory(id_number="530113198503120125", mobile="13987130001", email="li@example.cn")


@pytest.fixture(autouse=True)
def backends(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_SENDER = "zhicheng.accounts.sms.ConsoleSender"


def logs_in(client, password) -> bool:
    return client.post(reverse("web:login"), {"login": "13987130001", "password": password}).status_code == 302


def test_reset_by_email_end_to_end(client, person):
    response = client.post(reverse("web:password_reset"), {"email": "li@example.cn"})
    assert response.url == reverse("web:password_reset_sent")
    message = mail.outbox[0]
    assert message.to == ["li@example.cn"] and message.subject == "职称申报评审系统：重置密码"
    link = re.search(r"http://testserver(/password/reset/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert "密码要求：至少10个字符" in form.content.decode()
    weak = client.post(form.redirect_chain[-1][0], {"new_password1": "Dongchuan", "new_password2": "Dongchuan"})
    assert "密码太短" in weak.content.decode() and not logs_in(client, "Dongchuan")
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})

    assert done.url == reverse("web:password_reset_complete")
    assert logs_in(client, NEW)
    assert not User.objects.get(pk=person.pk).must_change_password
    client.logout()
    assert "链接已失效" in client.get(link, follow=True).content.decode()  # one use only


def test_unknown_email_gets_the_same_answer_and_no_mail(client, person):
    response = client.post(reverse("web:password_reset"), {"email": "nobody@example.cn"})
    assert response.url == reverse("web:password_reset_sent") and mail.outbox == []


def sms_code(capsys) -> str:
    return re.search(r"验证码 (\d{6})", capsys.readouterr().out).group(1)


def test_reset_by_sms_end_to_end(client, person, capsys):
    response = client.post(reverse("web:password_reset_sms"), {"mobile": "13987130001"})
    assert response.url == f"{reverse('web:password_reset_code')}?mobile=13987130001"
    code = sms_code(capsys)

    wrong = client.post(response.url, {"mobile": "13987130001", "code": "000000" if code != "000000" else "111111"})
    assert "验证码不正确或已失效" in wrong.content.decode()
    opened = client.post(response.url, {"mobile": "13987130001", "code": code}, follow=True)
    page = opened.content.decode()
    assert "设置新密码" in page and "密码要求：" in page
    client.post(opened.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})

    assert logs_in(client, NEW)
    client.logout()
    again = client.post(response.url, {"mobile": "13987130001", "code": code})
    assert "验证码不正确或已失效" in again.content.decode()  # a code is good once


def test_sms_code_expires(client, person, capsys, time_machine, settings):
    time_machine.move_to("2026-12-01 09:00 +0800", tick=False)
    client.post(reverse("web:password_reset_sms"), {"mobile": "13987130001"})
    code = sms_code(capsys)
    time_machine.move_to("2026-12-01 09:11 +0800", tick=False)

    late = client.post(reverse("web:password_reset_code"), {"mobile": "13987130001", "code": code})

    assert "验证码不正确或已失效" in late.content.decode()


def test_unknown_mobile_sends_nothing_and_says_the_same(client, person, capsys):
    response = client.post(reverse("web:password_reset_sms"), {"mobile": "13987139999"}, follow=True)
    assert "如果该手机号码是本系统的账号，验证码已发送" in response.content.decode()
    assert "[短信]" not in capsys.readouterr().out


def test_wrong_codes_lock_the_account(client, person, capsys, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client.post(reverse("web:password_reset_sms"), {"mobile": "13987130001"})
    code = sms_code(capsys)
    wrong = "000000" if code != "000000" else "111111"
    answers = [client.post(reverse("web:password_reset_code"), {"mobile": "13987130001", "code": wrong}).status_code
               for _ in range(3)]

    assert answers == [200, 200, 429]
    assert client.post(reverse("web:password_reset_code"), {"mobile": "13987130001", "code": code}).status_code == 429
    assert not logs_in(client, "Secret#2022")  # the account itself is locked
    assert Event.objects.filter(action="account.locked", subject_id=str(person.pk)).count() == 1


def test_reset_requests_throttled_per_account(client, person, capsys, settings):
    settings.REQUEST_LIMITS = {**settings.REQUEST_LIMITS, "reset": {"per_address": 50, "per_account": 2, "window_minutes": 60}}
    for _ in range(2):
        client.post(reverse("web:password_reset_sms"), {"mobile": "13987130001"})
    assert capsys.readouterr().out.count("[短信]") == 2

    refused = client.post(reverse("web:password_reset_sms"), {"mobile": "13987130001"})

    assert "同一账号在60分钟内最多可找回密码2次，已达上限" in refused.content.decode()
    assert "[短信]" not in capsys.readouterr().out
    assert ThrottleHit.objects.filter(key="账号 13987130001").count() == 2
    assert Event.objects.filter(action="throttle.limited").count() == 1


def test_email_reset_throttled_per_address(client, person, settings):
    settings.REQUEST_LIMITS = {**settings.REQUEST_LIMITS, "reset": {"per_address": 2, "per_account": 50, "window_minutes": 60}}
    for n in range(2):
        client.post(reverse("web:password_reset"), {"email": f"x{n}@example.cn"}, REMOTE_ADDR="10.5.5.5")

    refused = client.post(reverse("web:password_reset"), {"email": "li@example.cn"}, REMOTE_ADDR="10.5.5.5")
    other = client.post(reverse("web:password_reset"), {"email": "li@example.cn"}, REMOTE_ADDR="10.5.5.6")

    assert "同一网络地址在60分钟内最多可找回密码2次" in refused.content.decode()
    assert other.status_code == 302 and len(mail.outbox) == 1


def test_registration_throttled_per_identity_number(client, settings):
    settings.REQUEST_LIMITS = {**settings.REQUEST_LIMITS, "register": {"per_address": 50, "per_account": 2, "window_minutes": 60}}
    for n in range(2):
        client.post(reverse("web:register"), {"id_number": "530113198503120125"}, REMOTE_ADDR=f"10.6.6.{n}")

    refused = client.post(reverse("web:register"), {
        "real_name": "李建华", "id_number": "530113198503120125", "mobile": "13987130001",
        "password": NEW, "password_again": NEW,
    }, REMOTE_ADDR="10.6.6.9")

    assert "同一身份证号在60分钟内最多可注册2次" in refused.content.decode()
    assert not User.objects.exists()


def test_registration_throttled_per_address(client, settings):
    settings.REQUEST_LIMITS = {**settings.REQUEST_LIMITS, "register": {"per_address": 1, "per_account": 0, "window_minutes": 60}}
    client.post(reverse("web:register"), {"real_name": "张三"})

    refused = client.post(reverse("web:register"), {
        "real_name": "李建华", "id_number": "530113198503120125", "mobile": "13987130001",
        "password": NEW, "password_again": NEW,
    })

    assert "同一网络地址在60分钟内最多可注册1次" in refused.content.decode()
    assert not User.objects.exists()
