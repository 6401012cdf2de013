"""Application pages: each party sees its own (P1), the rest is a 404 like a missing page."""

import datetime
import subprocess

import pytest
import time_machine
from django.urls import reverse

from tests.applications import flow
from tests.factories import UnitFactory, UserFactory, ready_engineer
from zhicheng.accounts.models import Role
from zhicheng.audit.trail import events_for

pytestmark = pytest.mark.django_db
AUG_1 = datetime.date(2022, 8, 1)


@pytest.fixture
def submitted():
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False):
        yield flow.submitted_to_a_city_plan(AUG_1)


@pytest.mark.parametrize("who", ["applicant", "own_officer"])
def test_own_parties_open_the_application_and_its_print(client, submitted, who, tmp_path):
    application, officer, _office = submitted
    user = application.applicant if who == "applicant" else officer
    client.force_login(user)

    page = client.get(reverse("web:application", args=[application.pk]))
    printed = client.get(reverse("web:application_print", args=[application.pk]))

    assert page.status_code == 200 and application.applicant.real_name in page.content.decode()
    assert printed["Content-Type"] == "application/pdf"
    (tmp_path / "a.pdf").write_bytes(printed.content)
    text = subprocess.run(["pdftotext", str(tmp_path / "a.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert application.applicant.real_name in text and "附件材料清单" in text and "承诺书.pdf" in text
    download = events_for(application).get(action="document.download")  # P3: every file access
    assert (download.actor, download.details["file"]) == (user, f"职称申报表-{application.applicant.real_name}.pdf")


@pytest.mark.parametrize("who", ["other_applicant", "other_officer", "committee_before_forwarding", "expert"])
def test_other_parties_get_the_same_404_as_a_missing_application(client, submitted, who):
    application, _officer, office = submitted
    user = {
        "other_applicant": lambda: ready_engineer(UnitFactory()),
        "other_officer": lambda: UserFactory(role=Role.EMPLOYER, unit=UnitFactory()),
        "committee_before_forwarding": lambda: office,
        "expert": lambda: UserFactory(role=Role.EXPERT, unit=UnitFactory()),
    }[who]()
    client.force_login(user)

    for name in ("web:application", "web:application_print"):
        assert client.get(reverse(name, args=[application.pk])).status_code == 404
        assert client.get(reverse(name, args=[999999])).status_code == 404
    attachment = application.attachments.get()
    assert client.get(reverse("web:attachment", args=[application.pk, attachment.pk])).status_code == 404


def test_employer_is_notified_and_the_message_list_marks_read(client, submitted):
    application, officer, _office = submitted
    client.force_login(officer)

    unread = client.get(reverse("web:unit_applications")).content.decode()
    listing = client.get(reverse("web:notifications")).content.decode()
    after = client.get(reverse("web:unit_applications")).content.decode()

    assert '<span class="badge">1</span>' in unread
    assert f"{application.applicant.real_name}提交了工程师申报，请审核" in listing
    assert 'class="badge"' not in after


def test_failed_action_shows_why_and_changes_nothing(client, submitted):
    application, officer, _office = submitted
    application.refresh_from_db()
    client.force_login(officer)

    response = client.post(
        reverse("web:application_approve", args=[application.pk]), {"version": application.version, "text": "同意"}, follow=True
    )

    assert "以下项目尚未审核通过" in response.content.decode()
    application.refresh_from_db()
    assert application.state == "submitted"
