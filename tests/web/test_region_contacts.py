"""The foot of every page names the HR bureau of the person's own region, with the
department and phone recorded for it: nothing about one district is written into pages."""

import pytest
from django.urls import reverse

from tests.factories import ApplicantFactory, UnitFactory, UserFactory, dongchuan, region
from zhicheng.accounts.models import RegionLevel, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureaus():
    district = dongchuan()
    township = region("530113104", "乌龙镇", RegionLevel.TOWNSHIP, district)
    UnitFactory(name="昆明市东川区人力资源和社会保障局", region=district, is_hr_bureau=True,
                contact_department="事业单位管理科", contact_phone="62138554")
    UnitFactory(name="昆明市人力资源和社会保障局", region=district.parent, is_hr_bureau=True,
                contact_department="专业技术人员管理处", contact_phone="63137000")
    return district, township


def footer(client, user):
    client.force_login(user)
    page = client.get(reverse("web:notifications")).content.decode()
    return page[page.index("<footer"):page.index("</footer>")] if "<footer" in page else ""


def test_applicant_in_a_township_sees_the_district_bureau(client, bureaus):
    district, township = bureaus
    applicant = ApplicantFactory()
    applicant.profile.contract_unit = UnitFactory(region=township)
    applicant.profile.save()

    shown = footer(client, applicant)

    assert "昆明市东川区人力资源和社会保障局" in shown and "事业单位管理科" in shown and "62138554" in shown
    assert "昆明市人力资源和社会保障局" not in shown


def test_city_bureau_officer_sees_the_city_bureau_not_dongchuan(client, bureaus):
    district, _ = bureaus
    city_bureau = district.parent.units.get(is_hr_bureau=True)
    officer = UserFactory(role=Role.BUREAU, unit=city_bureau)

    shown = footer(client, officer)

    assert "昆明市人力资源和社会保障局" in shown and "专业技术人员管理处" in shown and "63137000" in shown
    assert "东川" not in shown and "62138554" not in shown


def test_a_region_without_a_recorded_bureau_shows_no_made_up_contact(client):
    applicant = ApplicantFactory()  # no contract unit yet

    assert footer(client, applicant) == ""


def test_a_region_deeper_than_four_levels_still_finds_its_bureau(client, bureaus):
    district, township = bureaus
    community = region("530113104001", "乌龙社区", RegionLevel.SUBDISTRICT, region("530113104100", "乌龙片区", RegionLevel.SUBDISTRICT, township))
    applicant = ApplicantFactory()
    applicant.profile.contract_unit = UnitFactory(region=community)
    applicant.profile.save()

    shown = footer(client, applicant)

    assert "昆明市东川区人力资源和社会保障局" in shown and "62138554" in shown
    assert "昆明市人力资源和社会保障局" not in shown


def test_the_footer_costs_one_query_however_deep_the_region(client, bureaus, django_assert_num_queries):
    from zhicheng.web.context import region_bureau

    _, township = bureaus
    applicant = ApplicantFactory()
    applicant.profile.contract_unit = UnitFactory(region=township)
    applicant.profile.save()
    request = type("Request", (), {"user": type(applicant).objects.get(pk=applicant.pk)})()

    with django_assert_num_queries(1):
        found = region_bureau(request)["contact_bureau"]
    assert found.name == "昆明市东川区人力资源和社会保障局"
