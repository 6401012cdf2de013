import pytest
from django.db import connection

from tests.factories import ApplicantFactory, UnitFactory, UserFactory
from zhicheng.accounts.models import Role, User
from zhicheng.audit.trail import chain_pending, record_event
from zhicheng.profiles.models import ApplicantProfile


def without_events(user):
    """`user` saved without the account events its creation records (bulk_create sends no
    signals), so the chains below are numbered from 1."""
    User.objects.bulk_create([user])
    return User.objects.get(mobile=user.mobile)


@pytest.fixture
def officer():
    """An employer's HR officer (用人单位经办人)."""
    return without_events(UserFactory.build(real_name="李娜", role=Role.EMPLOYER, unit=UnitFactory(name="东川区人民医院")))


@pytest.fixture
def chain(officer):
    """Five events about one applicant's profile, chained as seq 1 to 5 (the test's
    transaction never commits, so the chaining step that follows a commit is run here)."""
    profile = ApplicantProfile.objects.create(user=without_events(ApplicantFactory.build(profile=None)))
    events = [
        record_event(action="profile.review", subject=profile, actor=officer, opinion=f"第{n}次审核：材料齐全")
        for n in range(1, 6)
    ]
    chain_pending()
    for event in events:
        event.refresh_from_db()
    return events


@pytest.fixture
def tamper():
    """Run raw SQL as an intruder with database access would.  On PostgreSQL triggers,
    the append-only one among them, are switched off for that statement (a superuser's
    session_replication_role, local to the test's transaction)."""

    def run(sql, params=()):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(sql, params)
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")

    return run

