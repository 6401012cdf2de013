"""A prepared read gives what the ORM gives for the same queryset — related rows read with
it, deferred fields, the database's own types — from SQL built once (issue 12)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.applications import flow
from tests.factories import ApplicantFactory, UnitFactory, UserFactory, engineering_committee, ready_engineer, review_plan
from zhicheng.accounts.backends import SIGNED_IN
from zhicheng.accounts.models import Role, User
from zhicheng.applications.access import own_application
from zhicheng.applications.models import Application
from zhicheng.catalog.models import Specialty
from zhicheng.prepared import PreparedRead

pytestmark = pytest.mark.django_db


def fields_of(instance):
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
            if field.attname not in instance.get_deferred_fields()}


def test_the_signed_in_person_is_read_with_the_unit_and_its_region():
    staff = UserFactory(role=Role.EMPLOYER, unit=UnitFactory())
    [read] = SIGNED_IN(staff.pk)
    expected = User.objects.select_related("unit__region").get(pk=staff.pk)

    with CaptureQueriesContext(connection) as later:
        names = (read.unit.name, read.unit.region.name)
    assert fields_of(read) == fields_of(expected) and fields_of(read.unit) == fields_of(expected.unit)
    assert names == (expected.unit.name, expected.unit.region.name) and len(later) == 0
    assert SIGNED_IN(-1) == []


def test_an_own_application_is_read_as_the_orm_reads_it_deferred_fields_and_all():
    with_plan = own_application(("plan__committee",), ("snapshot", "precheck"))
    plan = review_plan(engineering_committee("city"))
    application = flow.start(ready_engineer(UnitFactory()), plan, Specialty.objects.create(series="engineering", name="建筑工程"),
                             datetime.date(2022, 8, 1))
    [read] = with_plan(application.applicant_id, application.pk)
    expected = Application.objects.select_related("plan__committee").defer("snapshot", "precheck").get(pk=application.pk)

    assert read.get_deferred_fields() == expected.get_deferred_fields() == {"snapshot", "precheck"}
    assert fields_of(read) == fields_of(expected) and fields_of(read.plan.committee) == fields_of(expected.plan.committee)
    assert isinstance(read.created_at, datetime.datetime) and read.created_at.tzinfo is not None
    assert with_plan(application.applicant_id + 1, application.pk) == []  # someone else's: not found


def test_the_sql_is_built_once_per_connection():
    built = []
    person = ApplicantFactory()
    by_pk = PreparedRead(lambda pk: built.append(pk) or User.objects.filter(pk=pk), key_types=(int,))

    assert [user.pk for user in by_pk(person.pk)] == [person.pk] and by_pk(person.pk + 1000) == []
    assert len(built) == 1
