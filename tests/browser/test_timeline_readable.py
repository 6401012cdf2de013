"""The committee office's timeline picture on its home page, in Debian's Chromium at
1366×900 and 390×844: every label is drawn whole inside the picture, at a size people read
(at least 13 px on the screen), and no two labels overlap.  Screenshots of the picture at
both sizes are kept under test-artifacts/layout/."""

import pytest
from django.core.management import call_command

from tests.browser.layout import ARTIFACTS, SIZES
from tests.browser.test_every_page_fits import log_in
from zhicheng.accounts.models import Role, User
from zhicheng.demo.loader import DemoLoader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BOXES = """() => {
  const svg = document.querySelector('svg.timeline').getBoundingClientRect();
  return [...document.querySelectorAll('svg.timeline text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left - svg.left, right: r.right - svg.left, top: r.top, bottom: r.bottom,
            width: svg.width, size: parseFloat(getComputedStyle(t).fontSize) * svg.width / t.ownerSVGElement.viewBox.baseVal.width};
  });
}"""


def overlap(a, b) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def test_timeline_labels_are_whole_readable_and_apart_on_desktop_and_phone(browser, live_server):
    call_command("load_demo")
    office = next(User.objects.get(mobile=account.login) for account in DemoLoader().showcase()
                  if User.objects.get(mobile=account.login).role == Role.COMMITTEE)
    seen = {}
    for size, (width, height) in SIZES.items():
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": width, "height": height})
        page = context.new_page()
        log_in(page, office.mobile)
        page.goto("/")
        picture = page.locator("svg.timeline").first
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        picture.screenshot(path=ARTIFACTS / f"committee-{size}-timeline.png")
        seen[size] = page.evaluate(BOXES)
        context.close()

    for size, labels in seen.items():
        assert len(labels) >= 5, size  # the milestones and today
        for label in labels:
            assert -0.5 <= label["left"] and label["right"] <= label["width"] + 0.5, (size, label)
            assert label["size"] >= 13, (size, label)
        assert not [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:] if overlap(a, b)], size
