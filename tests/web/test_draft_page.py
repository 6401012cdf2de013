"""The draft page, where every form post of the applicant lands, does not build the profile
snapshot (27 queries): the profile is frozen once, at submission (issue 12)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.applications import flow
from tests.factories import UnitFactory, engineering_committee, ready_engineer, review_plan
from zhicheng.applications import snapshot
from zhicheng.catalog.models import Specialty

pytestmark = pytest.mark.django_db
AUG_1 = datetime.date(2022, 8, 1)


@pytest.fixture
def snapshots(monkeypatch):
    built = []
    real = snapshot.profile_snapshot

    def counted(profile):
        built.append(profile.pk)
        return real(profile)

    monkeypatch.setattr(snapshot, "profile_snapshot", counted)
    monkeypatch.setattr("zhicheng.applications.services.profile_snapshot", counted)
    return built


def test_the_draft_page_does_not_build_the_snapshot_and_submission_does_once(client, snapshots):
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False):
        plan = review_plan(engineering_committee("city"))
        application = flow.start(ready_engineer(UnitFactory()), plan, Specialty.objects.create(series="engineering", name="建筑工程"), AUG_1)
        client.force_login(application.applicant)

        draft = client.get(reverse("web:application", args=[application.pk]))
        flow.submit(application, AUG_1)
        submitted = client.get(reverse("web:application", args=[application.pk]))

    assert draft.status_code == 200 and "提交时将按当前档案冻结" in draft.text
    assert "个人档案" in draft.text and reverse("web:profile") in draft.text
    assert snapshots == [application.applicant.profile.pk]  # the submission's, nothing else
    assert "提交时冻结" in submitted.text and "昆明理工大学" in submitted.text
