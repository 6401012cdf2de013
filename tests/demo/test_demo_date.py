"""The demo date (演示日期): `load-demo` run in December starts the demo on a day of this year
from which a fresh application's whole path fits in the years the calendar knows; every
process of the demo follows the stored date; it moves forward only, each move in the trail;
outside the demo none of it exists."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.audit.models import Event
from zhicheng.catalog.calendar import working_calendar
from zhicheng.demo import clock
from zhicheng.demo.loader import DEMO_PASSWORD, whole_path_fits
from zhicheng.demo.models import DemoClock
from zhicheng.review.models import ReviewPlan

pytestmark = pytest.mark.django_db
CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")
REAL = datetime.date(2026, 12, 1)


@pytest.fixture
def on_real_day():
    """The real date of the test: 2026-12-01, next year's holidays unknown."""
    def travel(day=REAL):
        traveller = time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, tzinfo=CHINA), tick=False)
        traveller.start()
        travellers.append(traveller)
    travellers = []
    yield travel
    clock.release()
    for traveller in reversed(travellers):
        traveller.stop()


@pytest.fixture
def demo(settings, on_real_day):
    settings.DEMO = True
    on_real_day()
    call_command("load_demo")
    return DemoClock.objects.get()


def signed_in(client, role=Role.APPLICANT):
    user = User.objects.filter(is_demo=True, role=role).first()
    client.force_login(user)
    return user


def test_loaded_in_december_the_demo_starts_on_the_latest_day_its_year_runs_to_the_end(demo):
    start = REAL + datetime.timedelta(days=demo.offset_days)
    calendar = working_calendar()

    assert start.year == 2026 and start < REAL and calendar.is_working_day(start)
    assert timezone.localdate() == start and clock.real_today() == REAL
    assert whole_path_fits(calendar, start)
    assert not whole_path_fits(calendar, calendar.next_working_day(start + datetime.timedelta(days=1)))
    plans = ReviewPlan.objects.filter(year=2026)
    assert plans.count() == 3
    for plan in plans:
        plan.full_clean()
        dates = [getattr(plan, field) for field in ReviewPlan.DATE_FIELDS if getattr(plan, field)]
        assert all(calendar.covers(d.year) and calendar.is_working_day(d) for d in dates), plan
        assert plan.meeting_on and plan.result_publicity_from and plan.result_publicity_to
    district = plans.get(committee__region_level="district")
    assert district.window_open_on(start)


def test_loaded_on_a_day_the_year_fits_the_demo_date_is_the_real_date(settings, on_real_day):
    settings.DEMO = True
    on_real_day(datetime.date(2026, 6, 1))

    call_command("load_demo")

    assert DemoClock.objects.get().offset_days == 0
    assert timezone.localdate() == datetime.date(2026, 6, 1)


def test_outside_the_demo_there_is_no_demo_date(client, on_real_day):
    on_real_day()
    call_command("load_demo")

    assert not DemoClock.objects.exists() and timezone.localdate() == REAL
    assert ReviewPlan.objects.get(year=2026, committee__region_level="district").result_publicity_from is None
    signed_in(client)
    assert client.get(reverse("web:demo_date")).status_code == 404
    assert "演示日期" not in client.get(reverse("web:home")).content.decode()


def test_every_request_takes_the_stored_date(demo, client):
    demo_today = timezone.localdate()
    clock.release()  # as another process of the demo, still on the real clock
    assert timezone.localdate() == REAL

    signed_in(client)
    page = client.get(reverse("web:home"), follow=True).content.decode()

    assert timezone.localdate() == demo_today
    assert f"演示日期：{demo_today.year}年{demo_today.month}月{demo_today.day}日（实际日期2026年12月1日）" in page


def test_the_demo_date_moves_to_the_next_working_day_and_is_in_the_trail(demo, client):
    before = timezone.localdate()
    user = signed_in(client, Role.EMPLOYER)
    expected = working_calendar().next_working_day(before + datetime.timedelta(days=1))

    response = client.post(reverse("web:demo_date"), {"to": "", "confirm": "on"}, follow=True)

    page = response.content.decode()
    assert f"演示日期已调整为{expected.year}年{expected.month}月{expected.day}日" in page
    assert timezone.localdate() == expected
    assert DemoClock.objects.get().offset_days == demo.offset_days + (expected - before).days
    event = Event.objects.get(action="demo.date_moved")
    assert event.actor == user and event.details == {"from": before.isoformat(), "to": expected.isoformat()}
    assert client.get(reverse("web:home")).status_code == 200  # the one who moved it stays signed in


def test_a_chosen_date_is_taken_only_forward_inside_the_known_years_and_confirmed(demo, client):
    before = timezone.localdate()
    signed_in(client)
    refusals = [
        ({"to": (before - datetime.timedelta(days=1)).isoformat(), "confirm": "on"}, "演示日期只能向后调整"),
        ({"to": before.isoformat(), "confirm": "on"}, "演示日期只能向后调整"),
        ({"to": "2027-01-04", "confirm": "on"}, "工作日历尚未导入2027年的法定节假日安排"),
        ({"to": "2026-12-20"}, "确认调整演示日期：请勾选此项后再调整"),
    ]
    for data, message in refusals:
        page = client.post(reverse("web:demo_date"), data).content.decode()
        assert message in page
        assert DemoClock.objects.get().offset_days == demo.offset_days and timezone.localdate() == before
    assert not Event.objects.filter(action="demo.date_moved").exists()

    page = client.post(reverse("web:demo_date"), {"to": "2026-12-20", "confirm": "on"}, follow=True).content.decode()

    assert "演示日期已调整为2026年12月20日" in page and timezone.localdate() == datetime.date(2026, 12, 20)
    assert "（实际日期2026年12月1日）" in page


def test_the_demo_date_page_needs_a_signed_in_demo_user(demo, client):
    response = client.get(reverse("web:demo_date"))
    assert response.status_code == 302 and reverse("web:login") in response["Location"]
    assert reverse("web:demo_date") in client.get(reverse("web:demo_accounts")).content.decode()
    signed_in(client)
    page = client.get(reverse("web:demo_date")).content.decode()
    assert "东川区工程系列初级职称评审委员会" in page and "未定" not in page
    assert DEMO_PASSWORD  # the accounts the page is reached from share the demo password
