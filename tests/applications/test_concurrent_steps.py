"""Issue 12: closing day.  Many people at once, some on their own applications (unrelated
steps), some racing for the same one (conflicting steps): no step fails for anything but
its own reason, one racer wins, and every event ends up in one unbroken chain.

On PostgreSQL every worker runs on its own connection and all start together, so the row
locks, the lock order and the chaining after commit are what is tested.  SQLite has one
writer at a time and its in-memory test database answers "table is locked" rather than
waiting, so there the same steps take turns."""

import contextlib
import datetime
import threading

import pytest
import time_machine
from django.db import connection, connections

from tests.applications.flow import approve, start
from tests.factories import UnitFactory, UserFactory, engineering_committee, ready_engineer, review_plan
from zhicheng.accounts.models import Role
from zhicheng.applications import services
from zhicheng.applications.models import Application, State
from zhicheng.applications.workflow import REVIEW_SECTIONS
from zhicheng.audit.models import Event
from zhicheng.audit.verify import verify_chain
from zhicheng.catalog.models import Specialty

TODAY = datetime.date(2022, 8, 1)
SUBMITTERS, RACED, RACERS = 8, 2, 4


@pytest.fixture(autouse=True)
def in_august_2022():
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False):
        yield


@pytest.mark.django_db(transaction=True)
def test_closing_day_steps_at_once_fail_only_for_their_own_reasons():
    unit = UnitFactory()
    officers = [UserFactory(role=Role.EMPLOYER, unit=unit) for _ in range(RACERS)]
    plan = review_plan(engineering_committee("city"))
    specialty = Specialty.objects.create(series="engineering", name="建筑工程")
    drafts = [start(ready_engineer(unit), plan, specialty, TODAY) for _ in range(SUBMITTERS)]
    reviewed, *raced = [start(ready_engineer(unit), plan, specialty, TODAY) for _ in range(1 + RACED)]
    for application in (reviewed, *raced):
        services.application_submit(application_id=application.pk, actor=application.applicant,
                                    expected_version=0, today=TODAY)
    approve(raced[0], officers[0])  # one raced application approved, one still submitted
    versions = {a.pk: Application.objects.get(pk=a.pk).version for a in raced}
    events_before = Event.objects.count()

    def submit(application):
        services.application_submit(application_id=application.pk, actor=application.applicant,
                                    expected_version=0, today=TODAY)

    def section_opinion(officer, section):
        services.employer_section_opinion(application_id=reviewed.pk, actor=officer, section=section, passed=True, text="无误")

    def give_back(officer, application, n):
        services.employer_return(application_id=application.pk, actor=officer, expected_version=versions[application.pk],
                                 text=f"请补充第{n + 1}项材料", today=TODAY, reset=n % 2 == 1)

    jobs = (
        [(submit, (application,)) for application in drafts]
        + [(section_opinion, (officer, section)) for officer, section in zip(officers, REVIEW_SECTIONS)]
        + [(give_back, (officer, application, n)) for application in raced for n, officer in enumerate(officers)]
    )
    barrier = threading.Barrier(len(jobs))
    concurrent = connection.features.has_select_for_update
    turns = contextlib.nullcontext() if concurrent else threading.Lock()
    errors, conflicts = [], []

    def run(step, args):
        try:
            if concurrent:
                barrier.wait(timeout=30)
            with turns:
                step(*args)
        except services.Conflict as conflict:
            conflicts.append(str(conflict))
        except Exception as error:  # anything else is a failure of the system, not of the step
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(conflicts) == RACED * (RACERS - 1)
    assert all("已被他人处理" in text for text in conflicts)
    assert set(Application.objects.filter(pk__in=[a.pk for a in drafts]).values_list("state", flat=True)) == {State.SUBMITTED}
    for application in raced:
        application.refresh_from_db()
        assert application.version == versions[application.pk] + 1  # one winner each
        assert application.state == State.RETURNED
    assert reviewed.opinions.filter(kind="section").count() == RACERS
    # every event of every step that succeeded, each chained once, in one unbroken chain
    expected = SUBMITTERS + RACERS + RACED  # the submissions, the section opinions, one return each
    assert Event.objects.count() == events_before + expected
    assert not Event.objects.filter(seq__isnull=True).exists()
    result = verify_chain()
    assert (result.ok, result.checked) == (True, Event.objects.count())
