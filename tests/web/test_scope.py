"""P1: every role sees only its own scope; outside it, a 404 just like a missing page."""

import pytest
from django.urls import reverse

from tests.factories import ApplicantFactory, UnitFactory, UserFactory, region
from zhicheng.accounts.models import RegionLevel, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_units():
    own, other = UnitFactory(name="甲公司"), UnitFactory(name="乙公司")
    mine = ApplicantFactory(real_name="本单位申报人")
    mine.profile.contract_unit = own
    mine.profile.save()
    theirs = ApplicantFactory(real_name="外单位申报人")
    theirs.profile.contract_unit = other
    theirs.profile.save()
    return own, mine, theirs


def test_employer_sees_own_staff_only(client, two_units):
    own, mine, theirs = two_units
    client.force_login(UserFactory(role=Role.EMPLOYER, unit=own))

    page = client.get(reverse("web:unit_staff")).content.decode()

    assert "本单位申报人" in page and "外单位申报人" not in page
    assert client.get(reverse("web:applicant_profile", args=[mine.profile.pk])).status_code == 200


def test_employer_cannot_open_other_units_applicant_same_as_missing(client, two_units):
    own, _mine, theirs = two_units
    client.force_login(UserFactory(role=Role.EMPLOYER, unit=own))

    forbidden = client.get(reverse("web:applicant_profile", args=[theirs.profile.pk]))
    missing = client.get(reverse("web:applicant_profile", args=[999999]))

    assert forbidden.status_code == missing.status_code == 404
    assert "外单位申报人" not in forbidden.content.decode()


def test_applicant_cannot_open_other_profiles_or_staff_pages(client, two_units):
    _own, mine, theirs = two_units
    client.force_login(mine)

    assert client.get(reverse("web:applicant_profile", args=[theirs.profile.pk])).status_code == 404
    assert client.get(reverse("web:unit_staff")).status_code == 404
    assert client.get(reverse("web:bureau_home")).status_code == 404


def test_bureau_sees_profiles_in_its_region_only(client, two_units):
    own, mine, _theirs = two_units
    elsewhere = region("530102", "五华区", RegionLevel.DISTRICT, region("530100", "昆明市", RegionLevel.CITY))
    far_unit = UnitFactory(region=elsewhere)
    far = ApplicantFactory()
    far.profile.contract_unit = far_unit
    far.profile.save()
    dongchuan_bureau = UnitFactory(name="东川区人社局", is_hr_bureau=True)
    client.force_login(UserFactory(role=Role.BUREAU, unit=dongchuan_bureau))

    assert client.get(reverse("web:applicant_profile", args=[mine.profile.pk])).status_code == 200
    assert client.get(reverse("web:applicant_profile", args=[far.profile.pk])).status_code == 404
    page = client.get(reverse("web:bureau_home")).content.decode()
    assert own.name in page and far_unit.name not in page


@pytest.mark.parametrize(
    "role, heading",
    [
        (Role.EMPLOYER, "待办事项"),
        (Role.EXPERT, "专家，您好"),
        (Role.BUREAU, "待办事项"),
        (Role.COMMITTEE, "评委会办公室 · 待办事项"),
        (Role.ADMIN, "需要设置的事项"),
    ],
)
def test_each_role_lands_on_its_own_home(client, role, heading):
    user = UserFactory(role=role, unit=UnitFactory())
    client.force_login(user)

    response = client.get(reverse("web:home"))

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == f"web/home/{role}.html"
    assert heading in response.content.decode()


def test_anonymous_visitor_sent_to_login(client):
    response = client.get(reverse("web:unit_staff"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("web:login"))


def test_interface_is_chinese_whatever_the_browser_asks_for(client):
    response = client.post(reverse("web:register"), {}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert "这个字段是必填项。" in response.content.decode()
    assert "This field is required" not in response.content.decode()
