"""辖区概况: the bureau's lists of the units and committees in its region, each row as it reads."""

import re

import pytest
from django.urls import reverse

from tests.factories import ApplicantFactory, UnitFactory, UserFactory, engineering_committee
from zhicheng.accounts.models import Role

pytestmark = pytest.mark.django_db


def row_of(page: str, name: str) -> list[str]:
    """The cells of the table row that names ``name``, as text."""
    row = next(row for row in re.findall(r"<tr>(.*?)</tr>", page, re.S) if name in row)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_each_unit_shows_its_kind_region_and_applicants_and_each_committee_its_organiser_and_level(client):
    busy = UnitFactory(name="东川区甲建设有限公司", kind="state_enterprise")
    quiet = UnitFactory(name="东川区乙事业单位", kind="public_institution")
    for _ in range(3):
        applicant = ApplicantFactory()
        applicant.profile.contract_unit = busy
        applicant.profile.save()
    committee = engineering_committee("district", name="东川区工程系列初级评委会", pool=False)
    client.force_login(UserFactory(role=Role.BUREAU, unit=UnitFactory(name="东川区人社局", is_hr_bureau=True, kind="government")))

    page = client.get(reverse("web:bureau_home")).content.decode()

    assert row_of(page, busy.name) == [busy.name, busy.credit_code, "国有企业", "东川区", "3"]
    assert row_of(page, quiet.name) == [quiet.name, quiet.credit_code, "事业单位", "东川区", "0"]
    assert row_of(page, committee.name) == [committee.name, committee.organiser.name, "初级（区级）"]
