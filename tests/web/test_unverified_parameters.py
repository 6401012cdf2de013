"""The administrator's page of every rule parameter in force that is not verified."""

import pytest
from django.utils import timezone

from tests.factories import ApplicantFactory, UnitFactory, UserFactory
from zhicheng.accounts.models import Role
from zhicheng.rules.parameters import default_parameters

pytestmark = pytest.mark.django_db


def test_the_administrator_sees_every_unverified_parameter_in_force(client):
    client.force_login(UserFactory(role=Role.ADMIN))
    unverified = default_parameters().unverified(timezone.localdate())

    response = client.get("/rules/unverified/")

    page = response.content.decode()
    assert response.status_code == 200
    assert len(unverified) >= 30
    assert f"以下 {len(unverified)} 项参数" in page
    assert page.count("<tr>") == len(unverified) + 1
    for value in unverified:
        assert value.description in page and value.unverified_reason in page
    assert "卫生系列（医疗） 职称层级" not in page  # verified values are not listed
    assert "主治医师 申报（报考）条件（E1）" in page


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.BUREAU, Role.COMMITTEE])
def test_other_roles_do_not_see_it(client, role):
    user = ApplicantFactory() if role == Role.APPLICANT else UserFactory(role=role, unit=UnitFactory(is_hr_bureau=True))
    client.force_login(user)

    assert client.get("/rules/unverified/").status_code == 404
