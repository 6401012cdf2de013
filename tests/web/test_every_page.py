"""Every page of each role, with the demo loaded on a given day: no page fails (no 500),
in particular while next year's holidays are not loaded and the plans reach into it."""

import datetime
import html
import re
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Application
from zhicheng.catalog.models import Committee

pytestmark = pytest.mark.django_db

CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")
LINK = re.compile(r'href="(/[^"#]*)"')
# Django's own admin and static files are not pages of the system; logging out ends the walk.
NOT_WALKED = ("/admin/", "/static/", "/logout/")


DOCUMENT = re.compile(r"\.(pdf|xlsx)$")


def walk(user, documents: set[str], limit=300) -> tuple[set[str], list[str]]:
    """Every page reachable by links from the user's home page; the ones that failed.  A
    document (PDF, Excel) already fetched by someone else is not rendered again."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    seen, queue, failed = set(), ["/"], []
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or url in documents:
            continue
        seen.add(url)
        if DOCUMENT.search(url):
            documents.add(url)
        response = client.get(url, follow=True)
        if response.status_code >= 500:
            failed.append(url)
        if response.get("Content-Type", "").startswith("text/html"):
            for link in LINK.findall(response.content.decode()):
                link = html.unescape(link)
                if not link.startswith(NOT_WALKED) and link not in seen:
                    queue.append(link)
    return seen, failed


def people() -> list[User]:
    """One person of each role, and everyone whose pages differ by what they hold: each
    committee's office, each applicant of this year's applications and their unit's officer."""
    chosen = [User.objects.filter(role=role).order_by("pk").first() for role in Role]
    chosen += [committee.office_staff.first() for committee in Committee.objects.all()]
    for application in Application.objects.select_related("applicant", "employer").order_by("-pk")[:8]:
        chosen += [application.applicant, User.objects.filter(role=Role.EMPLOYER, unit=application.employer).first()]
    return list({user.pk: user for user in chosen if user}.values())


@pytest.mark.parametrize("day", [datetime.date(2026, 12, 1), datetime.date(2026, 12, 28)],
                         ids=["2026-12-01", "last-week-2027-unknown"])
def test_every_page_of_every_role_answers_without_a_server_error(day):
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=CHINA), tick=False):
        call_command("load_demo")
        walked, failed, documents = set(), [], set()
        for user in people():
            pages, failures = walk(user, documents)
            walked |= pages
            failed += [f"{user.get_role_display()} {user.real_name}: {url}" for url in failures]

    assert failed == []
    assert len(walked) > 60  # the walk reached the pages of every role, not just the home pages
    assert any(url.startswith("/committee/plans/") for url in walked)
