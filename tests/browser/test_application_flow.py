"""Three roles in Debian's Chromium: the applicant submits, the employer returns once, the
applicant fixes, the employer approves and runs a publicity, the committee office asks for
corrections, the applicant resubmits, the committee office qualifies."""

import datetime
import re

import pytest
import time_machine

from tests.factories import UnitFactory, UserFactory, engineering_committee, pdf_file, ready_engineer, review_plan
from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, State
from zhicheng.applications.workflow import REVIEW_SECTIONS
from zhicheng.catalog.models import Specialty

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Secret#2022"


@pytest.fixture
def august_2022(settings):
    # The server's clock is set to 2022; its cookies must not carry 2022 expiry dates, which
    # the browser (living today) would throw away at once.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=True) as traveller:
        yield traveller


@pytest.fixture
def cast(august_2022):
    unit = UnitFactory(name="昆明市东川区水利水电勘测设计院")
    officer = UserFactory(role=Role.EMPLOYER, unit=unit, real_name="黎艳芳", mobile="13587100001")
    plan = review_plan(engineering_committee("city", name="昆明市工程系列中级职称评审委员会"))
    office = UserFactory(role=Role.COMMITTEE, real_name="熊德华", mobile="13887130001")
    plan.committee.office_staff.add(office)
    Specialty.objects.create(series="engineering", name="水利工程")
    applicant = ready_engineer(unit)
    applicant.real_name, applicant.mobile = "韦明辉", "13987130001"
    applicant.save()
    return applicant, officer, office


def login(new_page, user):
    page = new_page()
    page.goto("/login/")
    page.get_by_label("身份证号或手机号码").fill(user.mobile)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    return page


def open_application(page, application):
    page.goto(f"/applications/{application.pk}/")


def state_of(application):
    application.refresh_from_db()
    return application.state


def test_three_roles_take_an_application_to_qualification(new_page, cast, august_2022, tmp_path):
    applicant_user, officer_user, office_user = cast
    evidence = tmp_path / "承诺书.pdf"
    evidence.write_bytes(pdf_file().read())

    # The applicant starts an application, fills the commitment, uploads it and submits.
    applicant = login(new_page, applicant_user)
    applicant.goto("/applications/new/")
    applicant.get_by_label("评审委员会").select_option(index=1)  # the only committee open today
    applicant.get_by_label("申报专业").select_option(label="工程系列·水利工程")
    applicant.get_by_label("申报职称").select_option(label="工程师")
    applicant.get_by_role("button", name="创建申报").click()
    applicant.wait_for_url(re.compile(r"/applications/\d+/$"))
    application = Application.objects.get(applicant=applicant_user)
    applicant.locator("#commitment").get_by_role("link", name="填写").click()
    applicant.get_by_label("承诺书编号").fill("KM2022-000123")
    applicant.get_by_role("button", name="保存").click()
    upload = applicant.locator("form.upload-form")
    upload.get_by_label("材料类型").select_option("commitment")
    upload.get_by_label("文件").set_input_files(str(evidence))
    upload.get_by_role("button", name="上传").click()
    applicant.get_by_role("button", name="提交单位审核").click()
    applicant.wait_for_load_state()
    assert "待单位审核" in applicant.locator(".card-head .state").inner_text()

    # The employer returns it once (not counted before approval).
    employer = login(new_page, officer_user)
    assert "韦明辉" in employer.locator("main").inner_text()
    open_application(employer, application)
    returning = employer.locator("#return form")
    returning.get_by_label("需要修改的内容").fill("请补充年度考核结果")
    returning.get_by_role("button", name="退回").click()
    employer.wait_for_load_state()
    assert state_of(application) == State.RETURNED and application.counted_opinions == 0

    # The applicant adds the assessment and submits again.
    open_application(applicant, application)
    applicant.locator("#assessments").get_by_role("link", name="添加").click()
    applicant.get_by_label("年度").fill("2021")
    applicant.get_by_label("考核结果").select_option("excellent")
    applicant.get_by_role("button", name="保存").click()
    applicant.get_by_role("button", name="提交单位审核").click()
    applicant.wait_for_load_state()
    assert state_of(application) == State.SUBMITTED

    # The employer reviews every section, stamps the copy and approves.
    open_application(employer, application)
    review = employer.locator("#sections-review")
    review.get_by_label("无问题项目的审核意见").fill("无误")
    review.get_by_role("button", name="记录审核意见").click()
    employer.wait_for_load_state()
    assert all(label in employer.locator("#review").inner_text() for label in REVIEW_SECTIONS.values())
    stamp = employer.locator("#stamp-all")
    stamp.get_by_label("已核验原件").check()
    stamp.get_by_label("原件核验地点").fill("单位人事科")
    stamp.get_by_role("button", name="全部签署并盖章").click()
    employer.wait_for_load_state()
    assert "已核验原件（单位人事科）" in employer.locator("#attachments").inner_text()
    employer.locator("form[action$='/approve/']").get_by_role("button", name="审核通过").click()
    employer.wait_for_load_state()
    assert state_of(application) == State.EMPLOYER_APPROVED

    # The employer runs the unit publicity from the day of the approval; once it is over, records
    # the result and recommends.
    employer.goto("/unit/publicity/")
    employer.get_by_label(re.compile("韦明辉")).check()
    employer.get_by_label("公示开始日期").fill("2022-08-01")
    employer.get_by_role("button", name="开始公示").click()
    employer.wait_for_url(re.compile(r"/unit/publicity/\d+/$"))
    assert "2022年8月1日至2022年8月5日" in employer.locator("h1").inner_text()
    publicity_page = employer.url
    august_2022.move_to(datetime.datetime(2022, 8, 8, 10, 0))
    # a week on, yesterday's sessions have expired: each person logs in again
    employer, applicant = login(new_page, officer_user), login(new_page, applicant_user)
    employer.goto(publicity_page)
    employer.get_by_role("button", name="登记公示结果").click()
    employer.wait_for_load_state()
    employer.get_by_role("link", name="填写推荐意见并报送评委会").click()
    employer.get_by_label("对申报人专业技术工作的评价").fill("长期从事水利工程设计，业绩突出")
    employer.get_by_label("推荐方式").fill("单位职称推荐小组评议")
    employer.get_by_label("参与推荐的人员范围").fill("单位领导班子及技术骨干")
    employer.get_by_label("参与推荐人数").fill("9")
    employer.get_by_label("推荐意见").fill("同意推荐")
    employer.get_by_label("意见形成情况").fill("应到9人，实到9人，同意9票")
    employer.get_by_role("button", name="保存").click()
    employer.wait_for_load_state()
    assert state_of(application) == State.COMMITTEE_REVIEW

    # The committee office asks for corrections, all at once, with a deadline.
    office = login(new_page, office_user)
    office.get_by_role("link", name=re.compile("工程师")).click()
    correction = office.locator("form[action$='/correction/']")
    correction.get_by_label("业绩成果及其证明材料").check()
    correction.get_by_label("继续教育证明").check()
    correction.get_by_label("具体说明", exact=True).fill("请补充项目验收证明和2021年继续教育学时证明")
    correction.get_by_label("补正期限").fill("2022-08-15")
    correction.get_by_role("button", name="发出补正通知").click()
    office.wait_for_load_state()
    assert state_of(application) == State.CORRECTION_REQUESTED and application.counted_opinions == 1

    # The applicant corrects and resubmits; the office qualifies.
    open_application(applicant, application)
    assert "2022年8月15日" in applicant.locator("#corrections").inner_text()
    applicant.locator("#continuing_education").get_by_role("link", name="添加").click()
    applicant.get_by_label("年度").fill("2021")
    applicant.get_by_label("学时").fill("90")
    applicant.get_by_label("培训机构或方式").fill("云南省专业技术人员继续教育平台")
    applicant.get_by_role("button", name="保存").click()
    applicant.get_by_role("button", name="提交补正材料").click()
    applicant.wait_for_load_state()
    assert state_of(application) == State.COMMITTEE_REVIEW

    open_application(office, application)
    office.locator("form[action$='/qualify/']").get_by_role("button", name="审核通过").click()
    office.wait_for_load_state()
    assert state_of(application) == State.QUALIFIED
    assert "资格审核通过" in office.locator("#timeline").inner_text()
    office.screenshot(path=str(tmp_path / "qualified.png"), full_page=True)
