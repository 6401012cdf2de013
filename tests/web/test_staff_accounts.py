"""Staff accounts come from an administrator or the bureau of their region."""

import re

import pytest
from django.urls import reverse

from tests.factories import UnitFactory, UserFactory, region
from zhicheng.accounts.models import RegionLevel, Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureau_officer(client):
    officer = UserFactory(role=Role.BUREAU, unit=UnitFactory(name="东川区人社局", is_hr_bureau=True))
    client.force_login(officer)
    return officer


def test_bureau_opens_employer_account_with_one_time_password(client, bureau_officer):
    unit = UnitFactory(name="东川区某设计院")

    response = client.post(
        reverse("web:bureau_account_new"), {"real_name": "赵春梅", "mobile": "13508710001", "role": "employer", "unit": unit.pk}
    )

    page = response.content.decode()
    password = re.search(r'<strong class="password">([^<]+)</strong>', page).group(1)
    account = User.objects.get(mobile="13508710001")
    assert (account.role, account.unit, account.real_name) == (Role.EMPLOYER, unit, "赵春梅")
    assert account.check_password(password)
    assert password not in account.password
    assert "135****0001" in page and "13508710001" not in page  # the mobile masked, as on every officer's page
    client.logout()
    assert client.post(reverse("web:login"), {"login": "13508710001", "password": password}).status_code == 302


def test_bureau_cannot_open_account_for_unit_outside_region(client, bureau_officer):
    elsewhere = region("530102", "五华区", RegionLevel.DISTRICT, region("530100", "昆明市", RegionLevel.CITY))
    far_unit = UnitFactory(region=elsewhere)

    response = client.post(
        reverse("web:bureau_account_new"), {"real_name": "钱立新", "mobile": "13508710002", "role": "employer", "unit": far_unit.pk}
    )

    assert "所属单位：" in response.content.decode()
    assert not User.objects.filter(mobile="13508710002").exists()


def test_bureau_cannot_grant_administrator_role(client, bureau_officer):
    response = client.post(
        reverse("web:bureau_account_new"),
        {"real_name": "孙德华", "mobile": "13508710003", "role": "admin", "unit": UnitFactory().pk},
    )

    assert "角色：" in response.content.decode()
    assert not User.objects.filter(mobile="13508710003").exists()


def test_password_change_keeps_the_account_usable(client):
    user = UserFactory(role=Role.EXPERT, unit=UnitFactory())
    client.force_login(user)

    response = client.post(
        reverse("web:password_change"),
        {"old_password": "Secret#2022", "new_password1": "Tongdu#Copper2023", "new_password2": "Tongdu#Copper2023"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Tongdu#Copper2023")
