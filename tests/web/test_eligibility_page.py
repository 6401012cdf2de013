import datetime

import pytest
from django.urls import reverse

from tests.factories import ApplicantFactory, UnitFactory
from zhicheng.profiles.models import Education, InsuranceMonth, TitleRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def engineer(client):
    unit = UnitFactory()
    user = ApplicantFactory()
    profile = user.profile
    profile.contract_unit, profile.applied_before = unit, True
    profile.save()
    Education.objects.create(
        profile=profile, degree="bachelor", school="昆明理工大学", major="土木工程", engineering=True,
        graduated_on=datetime.date(2008, 7, 1), proof_kind="chsi",
    )
    TitleRecord.objects.create(
        profile=profile, series="engineering", level="intermediate", obtained_on=datetime.date(2016, 12, 30),
        method="review", issued_by="昆明市工程系列中级职称评审委员会",
    )
    for month in range(1, 7):
        InsuranceMonth.objects.create(
            profile=profile, month=datetime.date(2022, month, 1), city="昆明市",
            insuring_unit_code=unit.credit_code, insuring_unit_name=unit.name,
        )
    client.force_login(user)
    return user


def ask(client, **answers):
    query = {"series": "engineering", "level": "senior", "route": "review", "region_level": "city", **answers}
    return client.get(reverse("web:eligibility"), query).content.decode()


def test_eligible_engineer_sees_each_rule_with_clause_and_dates(client, engineer):
    page = ask(client, as_of="2022-07-15")

    assert "符合申报条件" in page
    assert "人社部发〔2019〕16号" in page  # E1's source
    assert "《关于开展2022年专业技术职称申报评审工作的通知》第二条第（三）项" in page  # E2's source, cited by title and article
    assert "2021年12月30日" in page  # the years are met on this date, shown as a date


def test_missing_insurance_month_fails_e2_on_page(client, engineer):
    InsuranceMonth.objects.filter(month=datetime.date(2022, 6, 1)).delete()

    page = ask(client, as_of="2022-07-15")

    assert "暂不符合申报条件" in page
    assert "2022-06" in page


def test_skipping_a_level_is_refused(client, engineer):
    page = ask(client, level="principal", as_of="2022-07-15")

    assert "暂不符合申报条件" in page
    assert "逐级申报" in page


def test_eligibility_page_is_for_applicants_only(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(unit=UnitFactory()))

    assert client.get(reverse("web:eligibility")).status_code == 404
