"""A prepared read gives what the ORM gives for the same queryset — related rows read with
it, deferred fields, the database's own types — from SQL built once (issue 12)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.applications import flow
from tests.factories import (
    ApplicantFactory, UnitFactory, UserFactory, engineering_committee, expert_pool, ready_engineer, review_plan,
)
from zhicheng.accounts.backends import SIGNED_IN
from zhicheng.accounts.models import Role, User
from zhicheng.applications.access import own_application
from zhicheng.applications.models import Application
from zhicheng.catalog.models import ExpertMembership, Specialty
from zhicheng.catalog.standing import office_pools, pools
from zhicheng.prepared import PreparedRead, PreparedValues

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


def test_prepared_values_take_a_day_wherever_the_query_compares_it():
    committee = engineering_committee("city")
    expert_pool(committee, (datetime.date(2020, 1, 1), datetime.date(2023, 3, 31)), size=3)
    in_term = PreparedValues(lambda committee, day: ExpertMembership.objects.filter(
        committee_id=committee, term_from__lte=day, term_until__gte=day).order_by("term_until").values_list("term_until", flat=True),
        key_types=(int, datetime.date))

    for day in (datetime.date(2022, 8, 1), datetime.date(2023, 6, 1), datetime.date(2019, 1, 1)):
        expected = list(ExpertMembership.objects.filter(committee=committee, term_from__lte=day, term_until__gte=day)
                        .order_by("term_until").values_list("term_until", flat=True))
        assert in_term(committee.pk, day) == expected
    assert len(in_term(committee.pk, datetime.date(2022, 8, 1))) > 3 and in_term(committee.pk, datetime.date(2019, 1, 1)) == []
    assert all(type(day) is datetime.date for day in in_term(committee.pk, datetime.date(2022, 8, 1)))


def test_an_offices_pools_are_the_pools_of_the_committees_it_runs():
    office = UserFactory(role=Role.COMMITTEE)
    committees = [engineering_committee("city"), engineering_committee("district")]
    for committee in committees:
        committee.office_staff.add(office)
    expert_pool(committees[1], (datetime.date(2020, 1, 1), datetime.date(2022, 9, 30)), size=2)  # lapsing soon after
    other = engineering_committee("city")  # not the office's

    for day in (datetime.date(2022, 8, 1), datetime.date(2022, 10, 8), datetime.date(2030, 1, 1)):
        found = office_pools(office.pk, day)
        assert found == pools([c.pk for c in committees], day) and other.pk not in found
    assert office_pools(office.pk, datetime.date(2022, 8, 1))[committees[1].pk].lapsing == 2


def test_a_prepared_read_carries_the_querysets_annotations():
    """A list's rows read by their keys (RowsByKey) are the ORM's rows, annotations included."""
    from django.db.models import Count

    from zhicheng.review.models import ReviewPlan
    from zhicheng.web.listing import RowsByKey

    committee = engineering_committee("city")
    plans = [review_plan(committee, year=year) for year in (2021, 2022, 2023)]
    flow.start(ready_engineer(UnitFactory()), plans[1], Specialty.objects.create(series="engineering", name="建筑工程"),
               datetime.date(2022, 8, 1))
    rows = RowsByKey(lambda: ReviewPlan.objects.select_related("committee").annotate(listed=Count("applications")))
    keys = [plan.pk for plan in plans]

    read = {plan.pk: plan for plan in rows(keys)}
    expected = ReviewPlan.objects.select_related("committee").annotate(listed=Count("applications")).in_bulk(keys)
    assert {pk: plan.listed for pk, plan in read.items()} == {plans[0].pk: 0, plans[1].pk: 1, plans[2].pk: 0}
    with CaptureQueriesContext(connection) as later:
        names = [read[pk].committee.name for pk in keys]
    assert names == [expected[pk].committee.name for pk in keys] and len(later) == 0
    assert all(fields_of(read[pk]) == fields_of(expected[pk]) for pk in keys)
    assert rows([]) == [] and rows([keys[0]])[0].listed == 0


def test_a_statement_a_connection_repeats_is_prepared_on_the_postgresql_server():
    """On PostgreSQL the server binds the parameters and a statement sent a second time on a
    connection is prepared there (parsed and planned once); the answers are the same."""
    people = ApplicantFactory.create_batch(3)
    for person in people:  # the same statement, other parameters
        assert User.objects.filter(pk=person.pk).values_list("real_name", flat=True).get() == person.real_name
    if connection.vendor != "postgresql":
        return  # (SQLite has no server to prepare on)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('"accounts_user"."real_name"' in statement and "$1" in statement for statement in prepared)
