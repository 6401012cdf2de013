"""Committees review what they may (C3): grade, series and specialty, refused over HTTP with
the reason and nothing changed."""

import datetime

import pytest
import time_machine

from tests.factories import UnitFactory, engineering_committee, ready_engineer, review_plan
from zhicheng.applications.models import Application
from zhicheng.audit.models import Event
from zhicheng.catalog.models import Specialty

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_august_2022():
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False):
        yield


def start(client, applicant, plan, specialty, level):
    client.force_login(applicant)
    before = (Application.objects.count(), Event.objects.count())
    response = client.post(
        "/applications/new/", {"plan": plan.pk, "specialty": specialty.pk, "level": f"engineering.{level}", "route": "review"}
    )
    return response, before


@pytest.mark.parametrize(
    ("committee_level", "level", "reason"),
    [
        ("district", "senior", "为初级评委会，只评审技术员、助理工程师，不能受理高级工程师的申报"),
        ("city", "senior", "为中级评委会，只评审工程师，不能受理高级工程师的申报"),
        ("province", "intermediate", "为高级评委会，只评审高级工程师、正高级工程师，不能受理工程师的申报"),
    ],
)
def test_a_level_outside_the_committees_grade_is_refused(client, committee_level, level, reason):
    applicant = ready_engineer(UnitFactory())
    plan = review_plan(engineering_committee(committee_level), receiving_from=datetime.date(2022, 8, 5))
    specialty = Specialty.objects.create(series="engineering", name="建筑工程")

    response, before = start(client, applicant, plan, specialty, level)

    assert response.status_code == 200
    assert reason in response.content.decode()
    assert (Application.objects.count(), Event.objects.count()) == before


def test_a_specialty_the_committee_does_not_list_is_refused(client):
    applicant = ready_engineer(UnitFactory())
    committee = engineering_committee("city")
    committee.specialties.add(Specialty.objects.create(series="engineering", name="水利工程"))
    plan = review_plan(committee)
    other = Specialty.objects.create(series="engineering", name="建筑工程")

    response, before = start(client, applicant, plan, other, "intermediate")

    assert "的评审专业不包括“建筑工程”" in response.content.decode()
    assert (Application.objects.count(), Event.objects.count()) == before


def test_a_specialty_of_another_series_is_refused(client):
    applicant = ready_engineer(UnitFactory())
    plan = review_plan(engineering_committee("city"))
    teaching = Specialty.objects.create(series="school_teacher", name="小学数学")

    response, before = start(client, applicant, plan, teaching, "intermediate")

    assert "所选专业“小学数学”属于中小学教师" in response.content.decode()
    assert (Application.objects.count(), Event.objects.count()) == before


def test_a_level_and_specialty_the_committee_reviews_is_accepted(client):
    applicant = ready_engineer(UnitFactory())
    committee = engineering_committee("city")
    specialty = Specialty.objects.create(series="engineering", name="建筑工程")
    committee.specialties.add(specialty)
    plan = review_plan(committee)

    response, before = start(client, applicant, plan, specialty, "intermediate")

    assert response.status_code == 302
    assert Application.objects.count() == before[0] + 1
