"""The demo runs today's year: its plans on working days of known years, the committees'
filings and experts in force, valid 学信网 codes, and every demo account listed."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from zhicheng.accounts.models import User
from zhicheng.catalog.calendar import working_calendar
from zhicheng.catalog.models import Committee
from zhicheng.catalog.standing import standing_problem
from zhicheng.profiles.models import Education
from zhicheng.review.models import ReviewPlan

pytestmark = pytest.mark.django_db

CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("day", [datetime.date(2026, 12, 1), datetime.date(2026, 12, 28), datetime.date(2026, 3, 2)])
def test_this_years_plans_fall_on_working_days_of_known_years_inside_the_filing(day):
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, tzinfo=CHINA), tick=False):
        call_command("load_demo")
        calendar = working_calendar()
        plans = ReviewPlan.objects.filter(year=day.year).select_related("committee")

        assert plans.count() == 3
        for plan in plans:
            plan.full_clean()  # the plan check, working days, filing and expert terms
            dates = [getattr(plan, field) for field in ReviewPlan.DATE_FIELDS if getattr(plan, field)]
            assert all(calendar.covers(d.year) and calendar.is_working_day(d) for d in dates), plan
            assert standing_problem(plan.committee, day) is None
        open_now = [plan.committee.region_level for plan in plans if plan.window_open_on(day)]
        assert sorted(open_now) == ["city", "district"]
        assert not Education.objects.filter(proof_kind="chsi", verification_expires_on__lt=day).exists()
        if day.month == 12:  # next year unknown: the meeting left open rather than guessed
            assert not calendar.covers(day.year + 1)


def test_every_demo_account_is_listed_from_the_login_page(client):
    assert reverse("web:demo_accounts") not in client.get(reverse("web:login")).content.decode()
    assert client.get(reverse("web:demo_accounts")).status_code == 404

    call_command("load_demo")

    assert reverse("web:demo_accounts") in client.get(reverse("web:login")).content.decode()
    page = client.get(reverse("web:demo_accounts")).content.decode()
    for user in User.objects.filter(is_demo=True).select_related("unit"):
        assert user.mobile in page and user.real_name in page
    for committee in Committee.objects.all():
        assert committee.name in page
    assert "评委会组建单位经办人" in page and "用人单位经办人" in page
