"""Two reviewers acting at once cannot both succeed (P5).  The queues' query counts are
tested with every other list page in tests/web/test_query_counts.py."""

import datetime
import threading

import pytest
from django.db import connection, connections

from tests.factories import ApplicantFactory, UnitFactory, UserFactory, engineering_committee, review_plan
from zhicheng.accounts.models import Role
from zhicheng.applications import services
from zhicheng.applications.models import Application, Opinion, State
from zhicheng.catalog.models import Specialty


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_one_succeeds_the_other_is_told(client):
    unit = UnitFactory()
    first, second = UserFactory(role=Role.EMPLOYER, unit=unit), UserFactory(role=Role.EMPLOYER, unit=unit)
    plan = review_plan(engineering_committee("city"))
    application = Application.objects.create(
        applicant=ApplicantFactory(), plan=plan, employer=unit, series="engineering",
        specialty=Specialty.objects.create(series="engineering", name="建筑工程"), level="intermediate",
        state=State.SUBMITTED, version=3,
    )
    outcomes, start = [], threading.Barrier(2)

    def give_back(officer, text):
        try:
            if connection.vendor == "postgresql":
                start.wait(timeout=10)  # both transactions run at once, each on its own connection
            services.employer_return(application_id=application.pk, actor=officer, expected_version=3, text=text,
                                     today=datetime.date(2022, 8, 1))
            outcomes.append("ok")
        except services.Conflict as conflict:
            outcomes.append(str(conflict))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=give_back, args=(officer, text)) for officer, text in ((first, "甲的意见"), (second, "乙的意见"))]
    for thread in threads:
        thread.start()
        if connection.vendor != "postgresql":
            thread.join()  # SQLite has one writer: the two steps run one after the other
    for thread in threads:
        thread.join()

    application.refresh_from_db()
    assert sorted(outcomes, key=len)[0] == "ok"
    assert "已被他人处理" in sorted(outcomes, key=len)[1]
    assert (application.state, application.version) == (State.RETURNED, 4)
    assert Opinion.objects.filter(application=application, kind=Opinion.Kind.RETURN).count() == 1
