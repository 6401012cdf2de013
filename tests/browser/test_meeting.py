"""The review meeting in Debian's Chromium: the committee office schedules it, draws the
panel, checks the draw, records attendance and opens the vote; three experts confirm
studying the standard and vote (one recused from a colleague's application); the live tally
and pass rate appear; the office closes the vote and confirms; the chair signs the minutes."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.browser.test_application_flow import login
from tests.meetings import scene as s
from zhicheng.applications.models import State
from zhicheng.meetings import services
from zhicheng.meetings.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def meeting_day(settings):
    # As in test_application_flow: no 2022 expiry dates on the cookies of a browser living today.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    with time_machine.travel(datetime.datetime(2022, 11, 22, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        yield


@pytest.fixture
def committee_ready(meeting_day):
    """An intermediate committee (minimum panel 11) with a pool of 11 in term, three
    candidates on the filed and acknowledged meeting list; the third works in the same
    unit as the first expert."""
    built = s.scene(experts=11, candidates=0)
    s.add_candidate(built, name="韦明辉")
    s.add_candidate(built, name="李春燕")
    s.add_candidate(built, name="张国栋", employer=built.experts[0].unit)
    return built


def row(page, name):
    return page.locator("#candidates tr", has_text=name)


def test_meeting_office_opens_experts_vote_office_confirms_chair_signs(new_page, committee_ready, tmp_path):
    built = committee_ready
    first, second, colleague = built.candidates
    present, voters = built.experts[:9], built.experts[:3]

    # The office schedules the meeting on the plan's day and draws the panel.
    office = login(new_page, built.office)
    office.goto("/committee/meetings/")
    office.get_by_role("link", name="安排评审会议").click()
    assert office.get_by_label("会议日期").input_value() == "2022-11-22"
    office.get_by_label("会议地点").fill("东川区人社局三楼会议室")
    office.get_by_role("button", name="保存").click()
    office.wait_for_url(re.compile(r"/committee/meetings/\d+/$"))
    meeting = Meeting.objects.get(plan=built.plan)
    assert office.get_by_label("抽取人数").input_value() == "11"
    office.get_by_role("button", name="随机抽取").click()
    office.wait_for_load_state()
    seed = meeting.draw.seed
    assert seed in office.locator("#draw").inner_text()
    office.get_by_role("link", name="按记录重新运行抽取以复核").click()
    assert "抽中的专家与记录一致" in office.locator("#draw").inner_text()

    # Attendance: nine of eleven, above the quorum of eight; the chair is the first expert.
    assert "出席人数须不少于8人" in office.locator("#attendance").inner_text()
    for expert in present:
        office.locator("#attendance").get_by_label(re.compile(f"{expert.real_name}（")).check()
    office.get_by_role("button", name="登记出席情况").click()
    office.wait_for_load_state()
    office.get_by_label("主任委员（会议主持人）").select_option(label=built.experts[0].real_name)
    office.get_by_role("button", name="开始表决").click()
    office.wait_for_load_state()
    assert "会议已开始表决" in office.locator(".messages").inner_text()

    # Three experts, each in his own browser, confirm the standard and vote.
    for number, expert in enumerate(voters):
        page = login(new_page, expert)
        page.goto("/expert/meetings/")
        page.get_by_role("link", name="进入").click()
        assert row(page, "韦明辉").get_by_role("button").count() == 0  # no vote before studying
        page.get_by_role("button", name="我已学习上述评价标准").click()
        page.wait_for_load_state()
        if number == 0:
            assert "回避" in row(page, "张国栋").inner_text() and row(page, "张国栋").get_by_role("button", name="同意").count() == 0
            page.screenshot(path=str(tmp_path / "expert_vote_page.png"), full_page=True)
        for name, choice in (("韦明辉", "同意"), ("李春燕", "不同意"), ("张国栋", "同意")):
            if number == 0 and name == "张国栋":
                continue
            row(page, name).get_by_role("button", name=choice, exact=True).click()
            page.wait_for_load_state()
            assert "已投票" in row(page, name).inner_text()
        assert "不同意" not in page.locator("#candidates").inner_text()  # the page never says how he voted

    # The other six present experts vote at their own terminals (here, the same service call).
    for expert in present[3:]:
        services.standard_study_confirm(meeting_id=meeting.pk, actor=expert)
        for application, choice in ((first, "yes"), (second, "yes" if expert in present[3:5] else "abstain"), (colleague, "yes")):
            services.ballot_cast(meeting_id=meeting.pk, actor=expert, application_id=application.pk, choice=choice)

    # While voting runs, the office's tally refreshes itself (no reload) and shows only how
    # many have voted, never the counts by choice.
    office.wait_for_function(
        r"() => /韦明辉[^\n]*\t9\t0\t9\t0\t已全部投票/.test(document.querySelector('#tally table').innerText)", timeout=20000
    )
    progress = office.locator("#tally table").inner_text()
    assert re.search(r"韦明辉.*\t9\t0\t9\t0\t已全部投票", progress)
    assert "同意" not in office.locator("#tally thead").inner_text() and office.locator("#pass-rate").count() == 0

    # The office closes the vote: the tally and the pass rate appear.
    office.get_by_role("button", name="结束表决").click()
    office.wait_for_load_state()
    tally = office.locator("#tally")
    assert re.search(r"韦明辉.*\t9\t0\t9\t0\t0\t0\t通过", tally.inner_text())
    assert re.search(r"李春燕.*\t9\t0\t2\t3\t4\t0\t未通过", tally.inner_text())
    assert re.search(r"张国栋.*\t8\t1\t8\t0\t0\t0\t通过", tally.inner_text())
    assert "通过率：表决3人，通过2人，通过率 66.7%；上限 70%" in tally.inner_text()
    office.screenshot(path=str(tmp_path / "office_tally.png"), full_page=True)

    office.get_by_role("button", name="确认评审结果").click()
    office.wait_for_load_state()
    assert "评审结果已确认" in office.locator(".messages").inner_text()
    for application in (first, second, colleague):
        application.refresh_from_db()
    assert [first.state, second.state, colleague.state] == [State.PASSED, State.NOT_PASSED, State.PASSED]

    # The chair reads and signs the minutes.
    chair = login(new_page, built.experts[0])
    chair.goto(f"/expert/meetings/{meeting.pk}/")
    minutes = chair.request.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert minutes.ok and minutes.headers["content-type"] == "application/pdf"
    chair.get_by_role("button", name="确认并签署会议记录").click()
    chair.wait_for_load_state()
    assert "您已于2022年11月22日" in chair.locator("#minutes").inner_text()
    meeting.refresh_from_db()
    assert meeting.minutes_signed_at is not None and meeting.chair == built.experts[0]
