"""People read Chinese, not the system's notation: no applicant or officer page shows a rule
code, §, an ISO date in a sentence, Django's 「---------」 or an English sentence; every step
says what happened, what comes next and who was told."""

import datetime
import re

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from tests.applications import flow
from tests.browser.pages import main_pages
from tests.factories import UnitFactory, UserFactory, engineering_committee, ready_engineer, review_plan
from tests.web.plain_text import notation, page_text
from zhicheng.accounts.models import Role, User
from zhicheng.catalog.models import Specialty
from zhicheng.demo.loader import DemoLoader
from zhicheng.display import citation, plain
from zhicheng.profiles.sections import SECTIONS

pytestmark = pytest.mark.django_db
AUG_1 = datetime.date(2022, 8, 1)


def test_no_applicant_or_officer_page_carries_notation(client):
    call_command("load_demo")
    people = [User.objects.get(mobile=a.login) for a in DemoLoader().showcase()]
    found, opened = [], 0
    for person in people:
        if person.role not in (Role.APPLICANT, Role.EMPLOYER, Role.COMMITTEE):
            continue
        client.force_login(person)
        paths = main_pages(person)
        if person.role == Role.APPLICANT:
            paths += [reverse("web:profile_basic"), reverse("web:password_change")]
            paths += [reverse("web:profile_record_add", args=[slug]) for slug in SECTIONS]
        for path in paths:
            response = client.get(path, follow=True)
            assert response.status_code == 200, path
            opened += 1
            found += [f"{person.role} {path}: {problem}" for problem in notation(response.content.decode())]

    assert opened > 25
    assert found == []


def test_the_checker_finds_each_kind_of_notation():
    html = ("<p>提示（E3）：</p><p>依据§一(四)</p><p>取得于2010-12-30</p><select><option>---------</option></select>"
            "<p>This password is too short.</p><p>T2</p>")

    found = notation(html)

    assert [line.split(":")[0] for line in found] == ["rule code", "§", "ISO date", "empty choice", "English", "rule code"]
    assert "2022年12月1日" in page_text("<p>2022年12月1日</p>")


def test_sources_are_cited_by_title_and_article_and_sentences_lose_their_codes():
    assert citation("昆明市 2022年职称申报评审工作通知 二(三)") == "《关于开展2022年专业技术职称申报评审工作的通知》第二条第（三）项"
    assert citation("东川区 2022年6月6日通知 三") == "《关于开展2022年专业技术职称申报评审工作的通知》第三条"
    assert citation("国家 人社部令第40号 职称评审管理暂行规定 评审专家每届任期不得超过3年") == \
        "《职称评审管理暂行规定》（人社部令第40号）：评审专家每届任期不得超过3年"
    assert plain("不足一个月（T1，§一(三)）") == "不足一个月（《关于开展2022年专业技术职称申报评审工作的通知》第一条第（三）项）"
    assert plain("助理工程师取得于2018-12-30") == "助理工程师取得于2018年12月30日"


@pytest.fixture
def submitted():
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False):
        unit = UnitFactory(name="昆明市东川区水利水电勘测设计院")
        officer = UserFactory(role=Role.EMPLOYER, unit=unit, real_name="黎艳芳")
        plan = review_plan(engineering_committee("city"))
        application = flow.start(ready_engineer(unit), plan, Specialty.objects.create(series="engineering", name="建筑工程"), AUG_1)
        flow.submit(application, AUG_1)
        yield application, officer


def test_a_return_says_what_happened_what_comes_next_and_who_was_told(client, submitted):
    application, officer = submitted
    application.refresh_from_db()
    with time_machine.travel(datetime.datetime(2022, 8, 2, 9, 0), tick=False):
        client.force_login(officer)
        response = client.post(reverse("web:application_return", args=[application.pk]),
                               {"version": application.version, "text": "请补充业绩证明"}, follow=True)

    name = application.applicant.real_name
    assert response.redirect_chain[-1][0].endswith(f"/applications/{application.pk}/"), response.redirect_chain
    assert f"已退回申报人：{name}的工程师申报现为「退回修改」。下一步：{name}按审核意见修改后重新提交。已发消息通知：{name}。" in response.content.decode()
    assert "操作已完成" not in response.content.decode()


def test_submitting_names_the_unit_that_reviews_next(client, submitted):
    application, officer = submitted
    client.force_login(application.applicant)

    page = client.get(reverse("web:application", args=[application.pk])).content.decode()

    # Submitted already: the applicant's page names who holds it now, by name.
    assert "昆明市东川区水利水电勘测设计院" in page and "逐项审核" in page
    assert re.search(r"下一步</dt><dd><strong>昆明市东川区水利水电勘测设计院</strong>", page)
