"""本单位申报人: each of the unit's staff with the latest education and the latest title."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import ApplicantFactory, UnitFactory, UserFactory, ready_engineer
from zhicheng.accounts.models import Role
from zhicheng.profiles.models import Education, TitleRecord

pytestmark = pytest.mark.django_db


def rows_of(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [" ".join(row.split()) for row in body.split("</tr>") if "<tr>" in row]


def test_each_row_shows_the_latest_education_and_title_and_an_empty_row_dashes(client):
    unit = UnitFactory()
    engineer = ready_engineer(unit)  # 本科 2010, 助理工程师 2014-12-30
    profile = engineer.profile
    Education.objects.create(profile=profile, degree="college", school="昆明冶金高等专科学校", major="冶金", graduated_on=datetime.date(2006, 7, 1),
                             proof_kind="chsi", verification_code="A0", verification_expires_on=datetime.date(2022, 12, 31))
    TitleRecord.objects.create(profile=profile, series="engineering", level="intermediate", obtained_on=datetime.date(2019, 12, 1),
                               method="review", issued_by="昆明市工程系列中级职称评审委员会")
    newcomer = ApplicantFactory(real_name="孙新")
    newcomer.profile.contract_unit = unit
    newcomer.profile.save()
    client.force_login(UserFactory(role=Role.EMPLOYER, unit=unit))

    rows = rows_of(client.get(reverse("web:unit_staff")).content.decode())

    [with_records] = [row for row in rows if engineer.real_name in row]
    [without] = [row for row in rows if "孙新" in row]
    assert len(rows) == 2
    assert '<td data-label="最高学历">本科</td> <td data-label="现职称">工程师</td> <td data-label="取得时间">2019年12月1日</td>' in with_records
    assert f'<td data-label="身份证号">{engineer.masked_id_number}</td>' in with_records and engineer.id_number not in with_records
    assert f'href="{reverse("web:applicant_profile", args=[profile.pk])}"' in with_records
    assert '<td data-label="最高学历">—</td> <td data-label="现职称">—</td> <td data-label="取得时间">—</td>' in without
