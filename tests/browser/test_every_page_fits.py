"""Every role's main pages in Debian's Chromium, on a desktop (1366×900) and on a phone
(390×844): the document is never wider than the screen, and axe-core finds nothing serious
or critical.  Screenshots of every page at both sizes are kept under test-artifacts/layout/."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.browser.layout import SIZES, check_page, shot_name, ARTIFACTS
from tests.browser.pages import main_pages
from tests.factories import UnitFactory, UserFactory
from zhicheng.accounts.models import Role, User
from zhicheng.demo.loader import DEMO_PASSWORD, DemoLoader
from zhicheng.review.models import ReviewPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, login, password=DEMO_PASSWORD):
    page.goto("/login/")
    page.get_by_label("身份证号或手机号码").fill(login)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_main_pages_of_every_role_fit_desktop_and_phone_without_serious_findings(browser, live_server):
    call_command("load_demo")
    people = [User.objects.get(mobile=account.login) for account in DemoLoader().showcase()]
    assert {person.role for person in people} == set(Role.values)
    problems, opened = [], []
    office = next(person for person in people if person.role == Role.COMMITTEE)
    this_year = ReviewPlan.objects.get(committee__office_staff=office, year=timezone.localdate().year)
    assert reverse("web:plan", args=[this_year.pk]) in main_pages(office)  # not only the replayed 2022 plan
    for person in people:
        paths = main_pages(person)
        for size, (width, height) in SIZES.items():
            # The pages forbid inline script; the test lifts that only to inject axe-core.
            context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": width, "height": height}, bypass_csp=True)
            page = context.new_page()
            log_in(page, person.mobile)
            for path in paths:
                problems += check_page(page, path, person.role, size)
                opened.append(shot_name(person.role, size, path))
            context.close()

    assert problems == []
    assert len(opened) >= 2 * 30  # every role, both sizes
    assert all((ARTIFACTS / name).stat().st_size > 0 for name in opened)


def test_header_menu_folds_on_a_phone_and_stands_open_on_a_desktop(browser, live_server):
    officer = UserFactory(role=Role.EMPLOYER, unit=UnitFactory())
    seen = {}
    for size, (width, height) in SIZES.items():
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": width, "height": height})
        page = context.new_page()
        log_in(page, officer.mobile, "Secret#2022")
        review = page.get_by_role("navigation", name="主菜单").get_by_role("link", name="申报审核")
        toggle = page.get_by_role("button", name="菜单")
        seen[size] = {"link": review.is_visible(), "toggle": toggle.is_visible()}
        if size == "phone":
            toggle.click()
            seen["phone-opened"] = {"link": review.is_visible(), "expanded": toggle.get_attribute("aria-expanded")}
            page.get_by_role("button", name="退出").click()
            page.wait_for_url("**/login/")
        context.close()

    assert seen["desktop"] == {"link": True, "toggle": False}
    assert seen["phone"] == {"link": False, "toggle": True}
    assert seen["phone-opened"] == {"link": True, "expanded": "true"}
