"""Year rollover: an administrator imports a year's holiday arrangement, previews it and
confirms; a year without holidays is refused; until a year is loaded, its dates are shown
as the message naming the year and who must act."""

import datetime
import zoneinfo
from pathlib import Path

import chinese_calendar
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import UserFactory, engineering_committee, review_plan
from zhicheng import rules
from zhicheng.accounts.models import Role
from zhicheng.audit.models import Event
from zhicheng.catalog.calendar import working_calendar
from zhicheng.catalog.models import CalendarOverride, CalendarYear
from zhicheng.review.forms import ReviewPlanForm

pytestmark = pytest.mark.django_db

CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")
NOTICE_2026 = (Path(__file__).with_name("holidays_2026.csv")).read_text(encoding="utf-8")
D = datetime.date


def at(day):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=CHINA), tick=False)


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    return client


def nothing_imported():
    return not CalendarYear.objects.exists() and not CalendarOverride.objects.exists()


def test_a_year_without_holidays_is_refused_and_nothing_changes(admin_client):
    events = Event.objects.count()
    weekends_only = "2027-01-02,休,周六\n2027-01-03,休,周日\n"

    for text in ("", weekends_only, "2027-01-04,班,周一"):
        response = admin_client.post(reverse("web:calendar_years"), {
            "year": 2027, "notice": "国务院办公厅关于2027年部分节假日安排的通知", "text": text, "confirm": "1"})
        assert response.status_code == 200

    page = response.content.decode()
    assert "本是工作日" in page
    response = admin_client.post(reverse("web:calendar_years"), {
        "year": 2027, "notice": "通知", "text": weekends_only, "confirm": "1"})
    assert "没有任何工作日放假的法定节假日" in response.content.decode()
    assert nothing_imported() and Event.objects.count() == events
    assert not working_calendar().covers(2027)


def test_a_line_outside_the_year_or_listed_twice_is_refused_naming_the_line():
    with pytest.raises(rules.RuleInputError) as outside:
        rules.calendar.parse_arrangement("2027-01-01,休,元旦\n2028-01-01,休,元旦", 2027)
    assert outside.value.field == "第2行" and "不在2027年内" in outside.value.message
    with pytest.raises(rules.RuleInputError) as twice:
        rules.calendar.parse_arrangement("2027-01-01~2027-01-03,休,元旦\n2027-01-02,休,重复", 2027)
    assert twice.value.field == "第2行" and "已在第1行列出" in twice.value.message


def test_import_2026_from_the_notice_as_if_it_were_new_matches_the_official_calendar(admin_client):
    """2026 imported from the State Council notice replaces the packaged data for 2026 (an
    imported year is defined by its import alone), so every day and every deadline computed
    from it can be compared with the official calendar."""
    upload = SimpleUploadedFile("2026.csv", NOTICE_2026.encode("utf-8"), content_type="text/csv")
    preview = admin_client.post(reverse("web:calendar_years"), {
        "year": 2026, "notice": "国务院办公厅关于2026年部分节假日安排的通知", "file": upload})

    page = preview.content.decode()
    assert "2026年安排预览" in page and "确认导入2026年安排" in page
    # February: 20 weekdays, 6 of them in the Spring Festival holiday, 2 working Saturdays;
    # October: 22 weekdays, 5 in the National Day holiday, 1 working Saturday
    assert '<td>2月</td><td class="n">16</td>' in page and '<td>10月</td><td class="n">18</td>' in page
    assert nothing_imported()  # the preview changes nothing

    confirm = admin_client.post(reverse("web:calendar_years"), {
        "year": 2026, "notice": "国务院办公厅关于2026年部分节假日安排的通知", "text": NOTICE_2026, "confirm": "1"}, follow=True)

    assert "2026年节假日安排已导入" in confirm.content.decode()
    imported = CalendarYear.objects.get(year=2026)
    assert imported.imported_by.role == Role.ADMIN
    assert Event.objects.filter(action="calendar.year_imported").count() == 1
    calendar = working_calendar()
    day = D(2026, 1, 1)
    while day.year == 2026:
        assert calendar.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += datetime.timedelta(days=1)
    # A plan in 2026: the meeting on 20 October, a result publicity from 28 September
    computed = rules.plan_check({"region_level": "city", "meeting_on": "2026-10-20",
                                 "publicity": [{"kind": "result", "from": "2026-09-28", "to": "2026-10-09"}]},
                                calendar=calendar)["computed"]
    # counted back: 19, 16–12 October, Saturday the 10th (worked), 9 and 8 October, the 1st–7th off, 30–28 September
    assert computed["latest_pre_meeting_filing"] == "2026-09-28"
    assert computed["publicity_earliest_end"][0]["earliest_end"] == "2026-10-09"
    # across the Spring Festival: 2 March, Saturday 28 February (worked), 27–24 February, 15–23 off,
    # Saturday 14 February (worked), 13–9 February
    assert rules.latest_pre_meeting_filing(D(2026, 3, 3), calendar) == D(2026, 2, 9)


def test_until_a_year_is_loaded_the_plan_page_names_it_and_shows_the_rest(client):
    committee = engineering_committee("city", filing=(D(2025, 1, 1), D(2027, 12, 31)), pool=False)
    office = UserFactory(role=Role.COMMITTEE)
    committee.office_staff.add(office)
    plan = review_plan(committee, year=2026, applications_open_on=D(2026, 10, 12), receiving_from=D(2026, 10, 19),
                       receiving_until=D(2026, 12, 15), meeting_on=D(2027, 2, 16))
    client.force_login(office)

    page = client.get(reverse("web:plan", args=[plan.pk])).content.decode()

    assert "工作日历尚未导入2027年的法定节假日安排" in page and "请系统管理员" in page
    assert "2027年2月16日" in page and "2026年12月15日" in page  # the plan's own dates still shown


def test_administrators_are_warned_from_1_november_while_a_plan_needs_next_year(client):
    committee = engineering_committee("city", filing=(D(2025, 1, 1), D(2027, 12, 31)), pool=False)
    review_plan(committee, year=2026, receiving_until=D(2026, 12, 15), meeting_on=D(2027, 2, 16))
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    warning = "2027年的法定节假日安排尚未导入"

    with at(D(2026, 10, 30)):
        client.force_login(admin)  # a session of the day: sessions expire
        assert warning not in client.get(reverse("web:admin_home")).content.decode()
    with at(D(2026, 11, 2)):
        client.force_login(admin)
        admin_client = client
        page = admin_client.get(reverse("web:admin_home")).content.decode()
        assert warning in page and committee.name in page
        CalendarYear.objects.create(year=2027, notice="国务院办公厅关于2027年部分节假日安排的通知")
        assert warning not in admin_client.get(reverse("web:admin_home")).content.decode()


def test_a_meeting_or_material_deadline_on_a_day_off_is_refused_with_the_next_working_day():
    committee = engineering_committee("city")
    form = ReviewPlanForm({"year": 2022, "receiving_until": "2022-10-01", "meeting_on": "2022-11-19", "pass_rate_ceiling": 70},
                          committee=committee)

    assert not form.is_valid()
    assert "2022年10月1日是休息日" in form.errors["receiving_until"][0] and "下一个工作日2022年10月8日" in form.errors["receiving_until"][0]  # Saturday, worked after 国庆
    assert "2022年11月19日是休息日" in form.errors["meeting_on"][0] and "2022年11月21日" in form.errors["meeting_on"][0]
