"""List pages make the same number of queries however many rows they show."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ApplicantFactory, UnitFactory, UserFactory
from zhicheng.accounts.models import Role
from zhicheng.profiles.models import Education, TitleRecord

pytestmark = pytest.mark.django_db


def staff_with_records(unit, count):
    for _ in range(count):
        user = ApplicantFactory()
        user.profile.contract_unit = unit
        user.profile.save()
        Education.objects.create(
            profile=user.profile, degree="bachelor", school="昆明理工大学", major="土木工程",
            graduated_on=datetime.date(2008, 7, 1), proof_kind="chsi",
        )
        TitleRecord.objects.create(
            profile=user.profile, series="engineering", level="intermediate", obtained_on=datetime.date(2016, 12, 30),
            method="review", issued_by="昆明市工程系列中级职称评审委员会",
        )


def queries_for_staff_list(client, unit):
    client.force_login(UserFactory(role=Role.EMPLOYER, unit=unit))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("web:unit_staff"))
    assert response.status_code == 200
    return len(captured), response.content.decode().count("<tr><td><a href=")


def test_unit_staff_list_queries_do_not_grow_with_rows(client):
    small, large = UnitFactory(), UnitFactory()
    staff_with_records(small, 5)
    staff_with_records(large, 500)

    small_queries, small_rows = queries_for_staff_list(client, small)
    large_queries, large_rows = queries_for_staff_list(client, large)

    assert (small_rows, large_rows) == (5, 500)
    assert small_queries == large_queries
