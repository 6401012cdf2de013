"""Each role's home page says what to do next: the applicant's step, holder, deadline and one
button; the officer's counts and dates; the office's plan as a picture with today marked;
the bureau's charts, each beside a table of the same figures."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.applications import flow
from tests.factories import UnitFactory, UserFactory, engineering_committee, ready_engineer, review_plan
from zhicheng.accounts.models import Role
from zhicheng.catalog.models import Specialty
from zhicheng.web.charts import bar_chart, timeline

pytestmark = pytest.mark.django_db
AUG_1 = datetime.date(2022, 8, 1)


@pytest.fixture
def cast():
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False):
        unit = UnitFactory(name="昆明市东川区水利水电勘测设计院")
        officer = UserFactory(role=Role.EMPLOYER, unit=unit)
        plan = review_plan(engineering_committee("city", name="昆明市工程系列中级职称评审委员会"),
                           notice_published_on=datetime.date(2022, 6, 1), result_publicity_from=datetime.date(2022, 11, 28))
        office = UserFactory(role=Role.COMMITTEE)
        plan.committee.office_staff.add(office)
        specialty = Specialty.objects.create(series="engineering", name="水利工程")
        draft = flow.start(ready_engineer(unit), plan, specialty, AUG_1)
        submitted = flow.start(ready_engineer(unit), plan, specialty, AUG_1)
        flow.submit(submitted, AUG_1)
        yield plan, officer, office, draft, submitted


def home(client, user, day):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(10, 0)), tick=False):
        client.force_login(user)
        response = client.get(reverse("web:home"))
        assert response.status_code == 200, (response.status_code, response.get("Location"))
        return response.content.decode()


def test_applicant_sees_the_step_the_holder_the_deadline_and_one_button(client, cast):
    plan, *_, draft, submitted = cast

    mine = home(client, draft.applicant, AUG_1)
    theirs = home(client, submitted.applicant, AUG_1)

    assert "工程师 · 水利工程" in mine and "您本人" in mine and "完善申报材料并提交" in mine
    assert "网上申报截止" in mine and "2022年9月15日" in mine  # the plan's window closes on 15 September
    assert f'href="{reverse("web:application", args=[draft.pk])}">继续填写并提交</a>' in mine
    assert "昆明市东川区水利水电勘测设计院" in theirs and "逐项审核" in theirs and "查看办理进度" in theirs
    assert "网上申报截止" not in theirs  # nothing is due from the applicant now


def test_officer_sees_what_waits_with_counts_and_dates(client, cast):
    _plan, officer, *_ = cast

    page = home(client, officer, AUG_1)

    assert '<strong class="count">1</strong> 件申报待审核' in page
    assert "最早一件于2022年8月1日提交" in page
    assert "没有正在进行的公示" in page


def test_committee_office_sees_the_plan_as_a_timeline_with_today_and_a_table(client, cast):
    plan, _officer, office, *_ = cast

    page = home(client, office, datetime.date(2022, 8, 20))

    assert "昆明市工程系列中级职称评审委员会 · 2022年度工作安排" in page
    assert "今天 2022年8月20日" in page and 'role="img"' in page
    assert "<td data-label=\"日期\">" not in page  # a plain two-column table
    for day, label in [("2022年6月1日", "通知发布"), ("2022年9月15日", "截止收审材料"), ("2022年11月22日", "评审会议")]:
        assert f"<td>{day}</td><td>{label}</td>" in page
    assert "尚未确定日期（不在图中）：资格审核公示、会前公示、结果公示结束。" in page  # named, not silently left out


def test_timeline_places_today_between_past_and_coming_milestones():
    picture = str(timeline([(datetime.date(2022, 6, 1), "通知发布"), (datetime.date(2022, 11, 22), "评审会议")], datetime.date(2022, 8, 20)))

    assert picture.count('class="done"') == 1 and picture.count('class="due"') == 1
    today_x = float(picture.split('class="today"')[0].rsplit('x1="', 1)[1].split('"')[0])
    assert 20 < today_x < 380


def test_bar_chart_scales_bars_to_the_largest_and_labels_each():
    picture = str(bar_chart([("甲评委会", 10), ("乙评委会", 5)], "申报人数（人）"))

    widths = [float(part.split('"')[0]) for part in picture.split('width="')[1:]]
    assert widths == [350.0, 175.0]
    assert "甲评委会" in picture and ">10<" in picture and 'aria-label="申报人数（人）（数据见下表）"' in picture


def test_bureau_sees_filings_to_act_on_and_the_figures_in_a_table(client, cast):
    plan, *_ = cast
    bureau = UserFactory(role=Role.BUREAU, unit=UnitFactory(region=plan.committee.region, is_hr_bureau=True))

    page = home(client, bureau, AUG_1)

    assert "份评审通知待备案" in page and "人待考核定职" in page
    assert "<td>昆明市工程系列中级职称评审委员会</td><td>1</td><td>0</td><td>0</td><td>—</td>" in page
