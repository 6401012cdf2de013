"""A newcomer's whole year on the demo, in Debian's Chromium: loaded as `make demo` loads
it on 2026-12-01 (next year's holidays unknown, so the demo starts on an earlier day of the
year from which the whole path fits), two people of one unit register, fill their profiles, apply to the
district committee, upload and submit; the unit's officer reviews, publicises and recommends; the
committee office qualifies, files the pre-meeting list, holds the meeting with its experts,
(one passes, the other is voted down: the pass-rate ceiling lets no meeting pass every
candidate), publicises the result; the bureau acknowledges the filing and confirms the
result; the applicant downloads the certificate.  Every step is taken in the browser by the person
whose step it is, logged in with the account 「演示账号」 lists for that role.  Where the
rules make days pass (the unit publicity, the pre-meeting filing, the result publicity),
the one whose step comes next moves the demo date forward on its page (演示日期)."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from zhicheng.accounts.models import Role, Unit
from zhicheng.applications.models import Application, State
from zhicheng.catalog.calendar import working_calendar
from zhicheng.demo import clock
from zhicheng.demo.loader import DEMO_PASSWORD
from zhicheng.review.models import ReviewPlan
from tests.browser.layout import SIZES, check_page
from tests.documents.pdf_reading import pdf_text
from tests.factories import pdf_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")
PASSWORD = "Xiaojiang#2026"
EMPLOYER = "昆明市东川区水利水电勘测设计院"
DISTRICT = "东川区工程系列初级职称评审委员会"
BUREAU = "昆明市东川区人力资源和社会保障局"


REAL_DAY = datetime.date(2026, 12, 1)


@pytest.fixture
def demo(settings):
    """The demo as `make demo` runs it (ZHICHENG_DEMO), loaded on 2026-12-01."""
    settings.DEMO = True
    settings.CSRF_COOKIE_AGE = None  # as the demo's settings: the browser does not share its date
    with time_machine.travel(datetime.datetime.combine(REAL_DAY, datetime.time(9), CHINA), tick=True):
        call_command("load_demo")
        yield
        clock.release()


def move_date(page, day: datetime.date):
    """On 演示日期, moves the demo date forward to ``day``, confirmed."""
    page.goto("/demo/date/")
    page.get_by_label("调整到").fill(day.isoformat())
    page.get_by_label("确认调整演示日期").check()
    click(page, page.get_by_role("button", name="调整演示日期"), f"演示日期已调整为{chinese(day)}")
    assert f"演示日期：{chinese(day)}（实际日期{chinese(REAL_DAY)}）" in page.locator("body").inner_text()


def today() -> datetime.date:
    return datetime.datetime.now(CHINA).date()


def demo_logins(new_page) -> dict[str, list[tuple[str, str, str]]]:
    """「演示账号」, opened from the login page: per role, each account's (login, name, scope)."""
    page = new_page()
    page.goto("/login/")
    page.get_by_role("link", name="演示账号").click()
    page.wait_for_url("**/demo/accounts/")
    assert DEMO_PASSWORD in page.locator("main").inner_text()
    logins = {}
    for section in page.locator("main section.card:has(h2)").all():
        role = section.locator("h2").inner_text().strip()
        logins[role] = [
            tuple(cell.inner_text().strip() for cell in row.locator("td").all())
            for row in section.locator("tbody tr").all()
        ]
    return logins


def account(logins, role: str, scope: str) -> list[str]:
    return [login for login, _name, where in logins[role] if scope in where]


def log_in(new_page, login, password=DEMO_PASSWORD):
    page = new_page()
    page.goto("/login/")
    page.get_by_label("身份证号或手机号码").fill(login)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="退出").count() == 1, page.locator("main").inner_text()
    return page


def arrive(page, url):
    """Waits for the page a step leads to; if the step stopped on its form, says why."""
    try:
        page.wait_for_url(url, timeout=10_000)
    except Exception:
        raise AssertionError(f"still on {page.url}: {said(page)}") from None


def choose(select, text: str):
    """Selects the option whose label contains ``text``."""
    select.select_option(select.locator("option", has_text=text).first.get_attribute("value"))


def said(page) -> str:
    """The page's message after a step, or its errors: what a person reads."""
    return page.locator("main").inner_text()


def click(page, locator, expect: str):
    locator.click()
    page.wait_for_load_state()
    assert expect in said(page), said(page)


def state_of(application):
    application.refresh_from_db()
    return application.state


def register_and_apply(new_page, person, employer, evidence):
    """A newcomer registers, fills the profile (education, work, social insurance), applies
    to the district committee for 助理工程师, fills the commitment, uploads it and submits."""
    name, id_number, mobile = person
    start = today()
    page = new_page()
    page.goto("/register/")
    page.get_by_label("姓名").fill(name)
    page.get_by_label("身份证号").fill(id_number)
    page.get_by_label("手机号码").fill(mobile)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("确认密码").fill(PASSWORD)
    page.get_by_role("button", name="注册").click()
    arrive(page, "**/profile/")

    page.get_by_role("link", name="修改基本信息").click()
    choose(page.get_by_label("人事劳动合同签订单位"), employer.name)
    page.get_by_role("button", name="保存").click()
    arrive(page, "**/profile/**")

    graduated = datetime.date(start.year - 4, 7, 1)
    page.locator("#education").get_by_role("link", name="添加").click()
    page.get_by_label("学历层次").select_option("bachelor")
    page.get_by_label("毕业院校").fill("昆明理工大学")
    page.get_by_label("所学专业").fill("水利水电工程")
    page.get_by_label("工程类专业").check()
    page.get_by_label("毕业时间").fill(graduated.isoformat())
    page.get_by_label("学历证明方式").select_option("chsi")
    page.get_by_label("在线验证码/认证书编号").fill(f"A{id_number[6:14]}{mobile[-4:]}")
    page.get_by_label("在线验证有效期至").fill((start + datetime.timedelta(days=170)).isoformat())
    page.get_by_role("button", name="保存").click()
    arrive(page, "**/profile/#education")

    page.locator("#work").get_by_role("link", name="添加").click()
    page.get_by_label("工作单位").fill(employer.name)
    page.get_by_label("岗位/职务").fill("水利工程技术员")
    page.get_by_label("起始时间").fill(datetime.date(graduated.year, 8, 1).isoformat())
    page.get_by_role("button", name="保存").click()
    arrive(page, "**/profile/#work")

    page.locator("#insurance").get_by_role("link", name="添加").click()
    last_month = start.replace(day=1) - datetime.timedelta(days=1)
    page.get_by_label("起始月份").fill(f"{graduated.year}-08")
    page.get_by_label("截止月份").fill(f"{last_month.year}-{last_month.month:02d}")
    page.get_by_label("参保城市").fill("昆明市")
    page.get_by_label("参保单位名称").fill(employer.name)
    page.get_by_label("参保单位统一社会信用代码").fill(employer.credit_code)
    page.get_by_role("button", name="保存").click()
    arrive(page, "**/profile/#insurance")

    page.goto("/applications/new/")
    choose(page.get_by_label("评审委员会"), DISTRICT)
    page.get_by_label("申报专业").select_option(label="工程系列·水利工程")
    page.get_by_label("申报职称").select_option(label="助理工程师")
    page.get_by_role("button", name="创建申报").click()
    arrive(page, re.compile(r"/applications/\d+/$"))
    application = Application.objects.get(applicant__mobile=mobile)
    page.locator("#commitment").get_by_role("link", name="填写").click()
    page.get_by_label("承诺书编号").fill(f"DC{start.year}-{mobile[-6:]}")
    page.get_by_role("button", name="保存").click()
    arrive(page, re.compile(r"/applications/\d+/"))
    upload = page.locator("form.upload-form")
    upload.get_by_label("材料类型").select_option("commitment")
    upload.get_by_label("文件").set_input_files(str(evidence))
    click(page, upload.get_by_role("button", name="上传"), evidence.name)
    click(page, page.get_by_role("button", name="提交单位审核"), "已提交")
    assert state_of(application) == State.SUBMITTED
    return page, application


def employer_approves(officer, application):
    """The officer records every section's opinion at once, stamps every copy, approves."""
    officer.goto(f"/applications/{application.pk}/")
    review = officer.locator("#sections-review")
    review.get_by_label("无问题项目的审核意见").fill("经审核，情况属实")
    click(officer, review.get_by_role("button", name="记录审核意见"), "审核意见")
    stamp = officer.locator("#stamp-all")
    stamp.get_by_label("已核验原件").check()
    stamp.get_by_label("原件核验地点").fill("单位人事科")
    click(officer, stamp.get_by_role("button", name="全部签署并盖章"), "已核验原件（单位人事科）")
    click(officer, officer.locator("form[action$='/approve/']").get_by_role("button", name="审核通过"), "审核通过")
    assert state_of(application) == State.EMPLOYER_APPROVED


def employer_recommends(officer, application, name):
    officer.goto(f"/unit/applications/{application.pk}/recommend/")
    officer.get_by_label("对申报人专业技术工作的评价").fill(f"{name}从事水利工程设计四年，能独立完成小型水利工程的设计")
    officer.get_by_label("推荐方式").fill("单位职称推荐小组评议")
    officer.get_by_label("参与推荐的人员范围").fill("单位领导班子及技术骨干")
    officer.get_by_label("参与推荐人数").fill("7")
    officer.get_by_label("推荐意见").fill("同意推荐")
    officer.get_by_label("意见形成情况").fill("应到7人，实到7人，同意7票")
    click(officer, officer.get_by_role("button", name="保存"), "评委会")
    assert state_of(application) == State.COMMITTEE_REVIEW


def in_term(scope: str, committee: str, year: int) -> bool:
    """An expert's line on 「演示账号」 names the committee and the term, e.g.
    「…委员会（任期2025—2027年）」."""
    term = re.search(re.escape(committee) + r"（任期(\d{4})—(\d{4})年）", scope)
    return term is not None and int(term[1]) <= year <= int(term[2])


def chinese(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


NEWCOMERS = [("杨晓雯", "530113199703150024", "13987139001"), ("罗志强", "530113199608200011", "13987139002")]


def demo_date_fits(browser, live_server, login) -> list[str]:
    """演示日期 and a page under the demo date's banner, on a desktop and on a phone."""
    problems = []
    for size, (width, height) in SIZES.items():
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": width, "height": height}, bypass_csp=True)
        page = context.new_page()
        page.goto("/login/")
        page.get_by_label("身份证号或手机号码").fill(login)
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        for path in ("/demo/date/", "/"):
            problems += check_page(page, path, "demo-date", size)
        context.close()
    return problems


def test_newcomer_goes_from_registration_to_certificate_on_this_years_demo(new_page, demo, tmp_path, browser, live_server):
    start = today()
    assert start.year == REAL_DAY.year and start < REAL_DAY  # the demo date, from which the year runs to the end
    plan = ReviewPlan.objects.get(committee__name=DISTRICT, year=start.year)
    employer = Unit.objects.get(name=EMPLOYER)
    logins = demo_logins(new_page)
    officer_login = account(logins, Role.EMPLOYER.label, EMPLOYER)[0]
    office_login = account(logins, Role.COMMITTEE.label, DISTRICT)[0]
    bureau_login = account(logins, Role.BUREAU.label, BUREAU)[0]
    experts = {name: login for login, name, scope in logins[Role.EXPERT.label] if in_term(scope, DISTRICT, start.year)}
    evidence = tmp_path / "职称申报承诺书.pdf"
    evidence.write_bytes(pdf_file().read())
    assert demo_date_fits(browser, live_server, officer_login) == []

    # Two newcomers of the same unit register and apply: the meeting's pass-rate ceiling
    # (C2) lets a meeting pass only part of its candidates, so the second is voted down.
    (applicant, application), (_colleague, other) = (register_and_apply(new_page, person, employer, evidence) for person in NEWCOMERS)

    # The unit's officer reviews and approves both, and publicises them from today.
    officer = log_in(new_page, officer_login)
    for each in (application, other):
        employer_approves(officer, each)
    officer.goto("/unit/publicity/")
    for name, _id, _mobile in NEWCOMERS:
        officer.get_by_label(re.compile(name)).check()
    officer.get_by_label("公示开始日期").fill(start.isoformat())
    officer.get_by_role("button", name="开始公示").click()
    arrive(officer, re.compile(r"/unit/publicity/\d+/$"))
    publicity_page = officer.url
    ends_on = application.publicity_entries.get().publicity.ends_on
    assert chinese(ends_on) in officer.locator("h1").inner_text()

    # The officer moves the demo date to the working day after it ends and records the
    # result and recommends both before the material deadline.
    move_date(officer, working_calendar().next_working_day(ends_on + datetime.timedelta(days=1)))
    assert today() <= plan.receiving_until
    officer.goto(publicity_page)
    click(officer, officer.get_by_role("button", name="登记公示结果"), "公示")
    for (name, _id, _mobile), each in zip(NEWCOMERS, (application, other)):
        employer_recommends(officer, each, name)

    # The committee office qualifies both and files the pre-meeting list with the bureau.
    office = log_in(new_page, office_login)
    for each in (application, other):
        office.goto(f"/applications/{each.pk}/")
        click(office, office.locator("form[action$='/qualify/']").get_by_role("button", name="审核通过"), "资格审核通过")
        assert state_of(each) == State.QUALIFIED
    office.goto(f"/committee/plans/{plan.pk}/")
    office.get_by_label("评审工作方案").fill("按《东川区工程系列初级职称评审委员会评审工作规程》组织评审，随机抽取评审专家")
    office.get_by_label("资格审核公示情况").fill("资格审核结果已在本委员会公示栏公示5个工作日，无异议")
    for name, _id, _mobile in NEWCOMERS:
        office.get_by_label(re.compile(name)).check()
    click(office, office.get_by_role("button", name="报送会前备案"), "会前备案")

    bureau = log_in(new_page, bureau_login)
    bureau.goto("/bureau/filings/")
    click(bureau, bureau.locator("tr", has_text=DISTRICT).get_by_role("button", name="备案"), "已备案")

    # The office schedules the meeting on the plan's day and draws the panel.
    office.goto("/committee/meetings/")
    office.locator("li, tr, section", has_text=DISTRICT).get_by_role("link", name="安排评审会议").first.click()
    assert office.get_by_label("会议日期").input_value() == plan.meeting_on.isoformat()
    office.get_by_label("会议地点").fill("东川区住房和城乡建设局三楼会议室")
    office.get_by_role("button", name="保存").click()
    arrive(office, re.compile(r"/committee/meetings/\d+/$"))
    meeting_page = office.url
    click(office, office.get_by_role("button", name="随机抽取"), "抽取")
    attendance = office.locator("#attendance")
    drawn = [name for name in experts if attendance.get_by_label(re.compile(f"^\\s*{name}（")).count()]
    assert len(drawn) == attendance.locator("tbody tr").count() >= 7

    # On the meeting day (the office moves the demo date to it; everyone else signs in again)
    # every drawn expert attends; the office names the chair and opens the vote.
    move_date(office, plan.meeting_on)
    office.goto(meeting_page)
    for name in drawn:
        office.locator("#attendance").get_by_label(re.compile(f"^\\s*{name}（")).check()
    click(office, office.get_by_role("button", name="登记出席情况"), "出席")
    choose(office.get_by_label("主任委员（会议主持人）"), drawn[0])
    click(office, office.get_by_role("button", name="开始表决"), "会议已开始表决")

    # Each expert, in his own browser, confirms studying the standard and votes on every
    # candidate he need not stay out of (a colleague of the same unit is recused).
    for name in drawn:
        expert = log_in(new_page, experts[name])
        expert.goto("/expert/meetings/")
        expert.get_by_role("link", name="进入").first.click()
        expert.wait_for_load_state()
        click(expert, expert.get_by_role("button", name="我已学习上述评价标准"), "已确认")
        for candidate, choice in (("杨晓雯", "同意"), ("罗志强", "不同意")):
            row = expert.locator("#candidates tr", has_text=candidate)
            if row.get_by_role("button", name=choice, exact=True).count():
                click(expert, row.get_by_role("button", name=choice, exact=True), "已投票")

    # The office closes the vote and confirms: one passes, one does not (50%, under 70%).
    office = log_in(new_page, office_login)
    office.goto(meeting_page)
    click(office, office.get_by_role("button", name="结束表决"), "表决")
    click(office, office.get_by_role("button", name="确认评审结果"), "评审结果已确认")
    assert (state_of(application), state_of(other)) == (State.PASSED, State.NOT_PASSED)

    # The chair reads the minutes and signs them.
    chair = log_in(new_page, experts[drawn[0]])
    chair.goto("/expert/meetings/")
    chair.get_by_role("link", name="进入").first.click()
    chair.wait_for_load_state()
    assert chair.request.get(chair.locator("a", has_text="会议记录").first.get_attribute("href")).headers["content-type"] == "application/pdf"
    click(chair, chair.get_by_role("button", name="确认并签署会议记录"), f"您已于{chinese(plan.meeting_on)}")

    # The office publicises the result from the plan's day for the shortest period allowed.
    office = log_in(new_page, office_login)
    move_date(office, plan.result_publicity_from)
    office.goto(f"/results/plans/{plan.pk}/")
    office.get_by_label(re.compile("杨晓雯")).check()
    office.get_by_label("公示开始日期").fill(plan.result_publicity_from.isoformat())
    click(office, office.get_by_role("button", name="开始公示"), "公示")
    assert state_of(application) == State.RESULT_PUBLICITY
    publicity_ends = application.result_entries.get().publicity.ends_on

    # Once it is over, the district bureau confirms the result and the certificate is issued.
    bureau = log_in(new_page, bureau_login)
    move_date(bureau, working_calendar().next_working_day(publicity_ends + datetime.timedelta(days=1)))
    bureau.goto("/bureau/results/")
    bureau.get_by_label(re.compile("杨晓雯")).check()
    click(bureau, bureau.get_by_role("button", name="确认并发证"), "证书")
    assert state_of(application) == State.CONFIRMED

    # The applicant finds the certificate among the results and downloads it.
    applicant = log_in(new_page, NEWCOMERS[0][2], PASSWORD)
    applicant.goto("/my/results/")
    link = applicant.get_by_role("link", name="下载证书（PDF）")
    certificate = applicant.request.get(link.get_attribute("href"))
    assert certificate.ok and certificate.headers["content-type"] == "application/pdf"
    text = pdf_text(certificate.body())
    assert "杨晓雯" in text and "助理工程师" in text and application.certificates.get().number in text
    applicant.screenshot(path=str(tmp_path / "my_results.png"), full_page=True)
