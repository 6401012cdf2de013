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
from django.urls import reverse

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


# The arrangement of a year the packaged calendar stops short of, and nobody has imported.
UNKNOWN = 2027
UNKNOWN_YEAR_MESSAGE = f"工作日历尚未导入{UNKNOWN}年的法定节假日安排，涉及{UNKNOWN}年的日期暂不能计算；请系统管理员按国务院办公厅公布的{UNKNOWN}年节假日安排导入"


def test_every_page_computing_from_plan_dates_in_an_unknown_year_names_the_year_and_who_must_act():
    """This year's open plans reach into a year whose holidays are not loaded (their material
    deadline, meeting and result publicity): no page fails, and each page that counts
    working days from those dates says which year is missing and that the administrator
    imports it, in place of the date."""
    from zhicheng.review.models import ReviewPlan

    day = datetime.date(2026, 12, 1)
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=CHINA), tick=False):
        call_command("load_demo")
        reaching = ReviewPlan.objects.filter(year=day.year, receiving_until__gte=day)
        shifted = list(reaching.values_list("pk", flat=True))
        reaching.update(receiving_until=datetime.date(UNKNOWN, 1, 15), meeting_on=datetime.date(UNKNOWN, 3, 1),
                        result_publicity_from=datetime.date(UNKNOWN, 3, 3), result_publicity_to=datetime.date(UNKNOWN, 3, 9))
        walked, failed, documents = set(), [], set()
        involved = [user for user in people() if user.role in (Role.ADMIN, Role.BUREAU) or user.applications.filter(plan__in=shifted).exists()
                    or user.committees_run.filter(plans__in=shifted).exists()
                    or user.role == Role.EMPLOYER and Application.objects.filter(plan__in=shifted, employer_id=user.unit_id).exists()]
        for user in involved:
            pages, failures = walk(user, documents)
            walked |= pages
            failed += [f"{user.get_role_display()} {user.real_name}: {url}" for url in failures]
        computing = {}
        for plan in ReviewPlan.objects.filter(pk__in=shifted).select_related("committee"):
            client = Client(raise_request_exception=False)
            client.force_login(plan.committee.office_staff.first())
            for name in ("web:plan", "web:plan_edit", "web:plan_results", "web:meeting_new"):
                url = reverse(name, args=[plan.pk])
                response = client.get(url)
                computing[url] = (response.status_code, UNKNOWN_YEAR_MESSAGE in html.unescape(response.content.decode()))
            checked = client.post("/api/v1/rules/plan-check", plan.plan_check_input(), content_type="application/json")
            computing[f"API plan-check {plan.pk}"] = (checked.status_code, UNKNOWN_YEAR_MESSAGE in checked.json()["error"]["message"])

    assert len(shifted) == 2  # the district and the city committees' plans of this year
    assert failed == []
    assert len(walked) > 40
    assert computing == {url: (422 if url.startswith("API") else 200, True) for url in computing}
