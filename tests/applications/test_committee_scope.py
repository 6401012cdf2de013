"""What the committee office sees (P1): what reached its committee, whatever happened to it
since (sent back to the applicant, resubmitted, withdrawn), and nothing that never did."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction

from tests.applications import flow
from tests.factories import ready_engineer
from zhicheng.applications import committee, publicity, services
from zhicheng.applications.access import visible_applications
from zhicheng.applications.models import Application, State

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def cast():
    with time_machine.travel(datetime.datetime(2022, 9, 1, 10, 0), tick=False) as clock:
        unit, officer, office, plan, specialty = flow.city_plan_cast()
        applications = []
        for _ in range(3):
            application = flow.start(ready_engineer(unit, insured_until=D(2022, 9, 1)), plan, specialty, D(2022, 9, 1))
            flow.submit(application, D(2022, 9, 1))
            flow.approve(application, officer)
            applications.append(application)
        shown = flow.publicise(applications, officer, D(2022, 9, 1))
        publicity.publicity_close(actor=officer, publicity=shown, today=D(2022, 9, 8))
        clock.move_to(datetime.datetime(2022, 9, 8, 10, 0))
        yield officer, office, applications


def seen_by(office):
    return set(visible_applications(office).values_list("pk", flat=True))


def test_the_office_keeps_what_reached_it_and_never_sees_what_did_not(cast):
    officer, office, (returned, withdrawn, kept_by_employer) = cast
    for application in (returned, withdrawn):
        flow.recommend(application, officer)
    assert seen_by(office) == {returned.pk, withdrawn.pk}

    flow.fresh(returned)
    committee.committee_return(application_id=returned.pk, actor=office, expected_version=returned.version,
                               text="请补充项目验收证明", today=D(2022, 9, 8))
    flow.submit(returned, D(2022, 9, 8))  # put right and with the employer again
    flow.fresh(withdrawn)
    services.application_withdraw(application_id=withdrawn.pk, actor=withdrawn.applicant, expected_version=withdrawn.version,
                                 reason="另行申报")
    flow.fresh(kept_by_employer)
    services.employer_return(application_id=kept_by_employer.pk, actor=officer, expected_version=kept_by_employer.version,
                             text="请补充材料", today=D(2022, 9, 8))

    states = dict(Application.objects.values_list("pk", "state"))
    assert (states[returned.pk], states[withdrawn.pk], states[kept_by_employer.pk]) == (
        State.SUBMITTED, State.WITHDRAWN, State.RETURNED)
    assert seen_by(office) == {returned.pk, withdrawn.pk}


def test_an_application_in_a_committees_state_is_always_marked_as_reached(cast):
    _officer, _office, (application, *_) = cast
    # however it is put there, saved or created in bulk, it is marked
    application.state = State.QUALIFIED
    application.save(update_fields=["state"])
    made = Application.objects.bulk_create([Application(
        applicant=ready_engineer(application.employer), plan=application.plan, employer=application.employer, series="engineering",
        specialty=application.specialty, level="intermediate", state=State.COMMITTEE_REVIEW)])[0]
    assert Application.objects.get(pk=application.pk).reached_committee
    assert Application.objects.get(pk=made.pk).reached_committee

    # and the database refuses an update that would leave one unmarked
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=made.pk).update(reached_committee=False)
    assert Application.objects.get(pk=made.pk).reached_committee
