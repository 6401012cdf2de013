"""The closing day's requests read what they show and nothing more: a fixed number of
queries each, whatever the application holds (issue 12).  Every page's own three (the
session, the person, and the unread messages with the footer's bureau) are counted too."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.applications import flow
from tests.factories import UnitFactory, engineering_committee, pdf_file, ready_engineer, review_plan
from zhicheng.applications.forms import ApplicationStartForm
from zhicheng.applications.models import Application, State
from zhicheng.catalog.models import Specialty

pytestmark = pytest.mark.django_db
AUG_1 = datetime.date(2022, 8, 1)
# what a draft cannot have yet: no query asks for it on the draft's page
NOT_ON_A_DRAFT = ("certificates_certificate", "applications_recommendation", "applications_correctionrequest",
                  "certificates_resultcorrection", '"applications_opinion"."id"')


@pytest.fixture
def draft(client):
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False):
        plan = review_plan(engineering_committee("city"))
        application = flow.start(ready_engineer(UnitFactory()), plan, Specialty.objects.create(series="engineering", name="建筑工程"), AUG_1)
        client.force_login(application.applicant)
        yield application


def queries_of(call):
    with CaptureQueriesContext(connection) as captured:
        response = call()
    return response, [query["sql"] for query in captured.captured_queries]


def test_the_draft_page_asks_only_for_what_a_draft_can_have(client, draft):
    for year in (2019, 2020, 2021):
        saved = client.post(reverse("web:application_record_add", args=[draft.pk, "assessments"]), {"year": year, "result": "competent"})
        assert saved.status_code == 302, saved.text[-3000:]
    page, queries = queries_of(lambda: client.get(reverse("web:application", args=[draft.pk])))

    assert page.status_code == 200 and "2021" in page.text and "提交单位审核" in page.text
    # session, person, application, attachments, three sections, commitment, the year's
    # counted opinions, timeline, unread messages with the bureau
    assert len(queries) == 11
    assert not [sql for sql in queries if any(table in sql for table in NOT_ON_A_DRAFT)]


def test_a_submitted_application_still_shows_its_opinions(client, draft):
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False):
        flow.submit(draft, AUG_1)
    page, queries = queries_of(lambda: client.get(reverse("web:application", args=[draft.pk])))

    assert page.status_code == 200 and "待单位审核" in page.text
    assert [sql for sql in queries if '"applications_opinion"."id"' in sql]  # read once for the list and the sections
    assert len([sql for sql in queries if '"applications_opinion"."id"' in sql]) == 1


@pytest.mark.parametrize("section, fields", [
    ("assessments", {"year": 2021, "result": "competent"}),
    ("continuing_education", {"year": 2021, "hours": 90, "provider": "昆明市继续教育基地"}),
])
def test_a_section_form_and_its_post(client, draft, section, fields):
    url = reverse("web:application_record_add", args=[draft.pk, section])
    form, form_queries = queries_of(lambda: client.get(url))
    saved, post_queries = queries_of(lambda: client.post(url, fields))

    assert form.status_code == 200 and saved.status_code == 302
    # session, person, the application's row alone, unread messages with the bureau
    assert len(form_queries) == 4
    assert not [sql for sql in form_queries + post_queries if "INNER JOIN" in sql and "applications_application" in sql]
    # and the post: the uniqueness of the year, the record, the event (and the step's savepoint)
    assert len([sql for sql in post_queries if not sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]) == 6


def test_an_upload(client, draft):
    url = reverse("web:attachment_upload", args=[draft.pk])
    done, queries = queries_of(lambda: client.post(url, {"kind": "education_proof", "file": pdf_file("学历证明.pdf")}))

    assert done.status_code == 302 and draft.attachments.filter(kind="education_proof").exists()
    # session, person, the application's row, the copy, the event
    assert len([sql for sql in queries if not sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]) == 5


def test_the_submission(client, draft):
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False):
        done, queries = queries_of(lambda: client.post(reverse("web:application_submit", args=[draft.pk]), {"version": draft.version}))

    assert done.status_code == 302 and Application.objects.get(pk=draft.pk).state == State.SUBMITTED
    application_reads = [sql for sql in queries if sql.startswith('SELECT "applications_application"."id"')]
    # the view's row, the step's locked row (with the committee's region), the outcome's sentence
    assert len(application_reads) == 3
    assert not [sql for sql in queries if sql.startswith('SELECT "accounts_region"')]
    # the working calendar's two tables in one query
    assert len([sql for sql in queries if "catalog_calendar" in sql]) == 1


def test_the_start_form(client, draft):
    page, queries = queries_of(lambda: client.get(reverse("web:application_new")))

    assert page.status_code == 200 and "工程系列·建筑工程" in page.text
    assert len([sql for sql in queries if "review_reviewplan" in sql]) == 2  # the plans, and the choices
    assert [sql for sql in queries if sql.startswith("DECLARE")] == []  # the choices in plain queries, not through cursors


def test_the_start_forms_specialties_are_named_as_they_name_themselves():
    Specialty.objects.create(series="accounting", name="会计")
    Specialty.objects.create(series="engineering", name="给排水")
    field = ApplicationStartForm(open_plans=[]).fields["specialty"]

    assert [field.label_from_instance(s) for s in Specialty.objects.all()] == [str(s) for s in Specialty.objects.all()]
