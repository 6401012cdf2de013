import pytest
from django.urls import reverse

from zhicheng.accounts.models import Role, User
from zhicheng.profiles.models import ApplicantProfile

pytestmark = pytest.mark.django_db

GOOD = {
    "real_name": "李建华",
    "id_number": "530113198503120125",
    "mobile": "13987130001",
    "password": "Tongdu#2022",
    "password_again": "Tongdu#2022",
}


def post_registration(client, **changes):
    return client.post(reverse("web:register"), {**GOOD, **changes})


def test_registration_creates_applicant_with_profile_and_logs_in(client):
    response = post_registration(client)

    assert response.status_code == 302
    user = User.objects.get(id_number="530113198503120125")
    assert (user.real_name, user.mobile, user.role) == ("李建华", "13987130001", Role.APPLICANT)
    assert ApplicantProfile.objects.filter(user=user).exists()
    assert client.get(reverse("web:profile")).status_code == 200


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("id_number", "530113198503120126", "身份证号：校验码错误：按前17位计算末位应为5（GB 11643-1999 校验码）"),
        ("id_number", "530113198502300129", "身份证号：出生日期1985年2月30日不是真实的日期（GB 11643-1999 第7至14位）"),
        ("mobile", "2398713000", "手机号码：应为11位中国大陆手机号码，以1开头、第二位为3至9"),
        ("password_again", "Other#2022", "确认密码：两次输入的密码不一致"),
    ],
)
def test_registration_bad_input_names_field_and_rule_and_changes_nothing(client, field, value, expected):
    response = post_registration(client, **{field: value})

    assert response.status_code == 200
    assert expected in response.content.decode()
    assert User.objects.count() == 0


def test_registration_duplicate_id_number_refused(client):
    post_registration(client)
    client.logout()

    response = post_registration(client, mobile="13987130002")

    assert "身份证号：该身份证号已注册，请直接登录" in response.content.decode()
    assert User.objects.count() == 1


def test_registration_duplicate_mobile_refused(client):
    post_registration(client)
    client.logout()

    response = post_registration(client, id_number="530113200106150128")

    assert "手机号码：该手机号码已被其他账号使用" in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.parametrize("login", ["530113198503120125", "13987130001"])
def test_login_by_id_number_or_mobile(client, login):
    post_registration(client)
    client.logout()

    response = client.post(reverse("web:login"), {"login": login, "password": GOOD["password"]})

    assert response.status_code == 302
    assert response.url == reverse("web:home")


def test_login_wrong_password_refused(client):
    post_registration(client)
    client.logout()

    response = client.post(reverse("web:login"), {"login": "13987130001", "password": "wrong-password"})

    assert response.status_code == 200
    assert "身份证号（或手机号码）与密码不匹配" in response.content.decode()


@pytest.mark.parametrize("target, expected", [("/profile/", "/profile/"), ("https://evil.example/", "/")])
def test_login_goes_back_only_to_this_site(client, target, expected):
    post_registration(client)
    client.logout()

    response = client.post(f"{reverse('web:login')}?next={target}", {"login": "13987130001", "password": GOOD["password"]})

    assert response.url == expected
