import pytest
from django.db import connection

from tests.factories import ApplicantFactory, UnitFactory, UserFactory
from zhicheng.accounts.models import Role
from zhicheng.audit.trail import record_event


@pytest.fixture
def officer():
    """An employer's HR officer (用人单位经办人)."""
    return UserFactory(real_name="李娜", role=Role.EMPLOYER, unit=UnitFactory(name="东川区人民医院"))


@pytest.fixture
def chain(officer):
    """Five events about one applicant's profile, seq 1 to 5."""
    profile = ApplicantFactory().profile
    return [
        record_event(action="profile.review", subject=profile, actor=officer, opinion=f"第{n}次审核：材料齐全")
        for n in range(1, 6)
    ]


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

