"""An officer reviews all sections in one submission, marking only the exceptions, and
stamps every accepted copy in one step; each opinion and each stamp is still recorded."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.applications import flow
from zhicheng.applications.models import Opinion
from zhicheng.applications.workflow import REVIEW_SECTIONS
from zhicheng.audit.models import Event as AuditEvent

pytestmark = pytest.mark.django_db
AUG_1 = datetime.date(2022, 8, 1)


@pytest.fixture
def submitted():
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False):
        application, officer, _office = flow.submitted_to_a_city_plan(AUG_1, attachments=[("education", "学历.pdf")])
        yield application, officer


def post_review(client, application, **extra):
    return client.post(reverse("web:application_sections_review", args=[application.pk]),
                       {"text": "经审核，情况属实", **extra}, follow=True)


def test_one_submission_records_every_section_with_the_exceptions_named(client, submitted):
    application, officer = submitted
    client.force_login(officer)

    response = post_review(client, application, problem_achievements="on", note_achievements="缺少项目验收证明")

    opinions = {o.section: (o.passed, o.text) for o in Opinion.objects.filter(application=application, kind=Opinion.Kind.SECTION)}
    assert set(opinions) == set(REVIEW_SECTIONS)
    assert opinions["achievements"] == (False, "缺少项目验收证明")
    assert all(opinions[s] == (True, "经审核，情况属实") for s in REVIEW_SECTIONS if s != "achievements")
    assert AuditEvent.objects.filter(action="application.section_opinion").count() == len(REVIEW_SECTIONS)
    assert "分项审核意见已记录，业绩成果有问题：" in response.content.decode()


def test_an_exception_without_its_problem_is_refused_and_nothing_is_recorded(client, submitted):
    application, officer = submitted
    client.force_login(officer)
    events = AuditEvent.objects.count()

    response = post_review(client, application, problem_education="on")

    assert "请写明学历学位及证明存在的问题" in response.content.decode()
    assert not Opinion.objects.filter(application=application, kind=Opinion.Kind.SECTION).exists()
    assert AuditEvent.objects.count() == events


def test_all_copies_stamped_in_one_step_each_with_its_own_record(client, submitted):
    application, officer = submitted
    client.force_login(officer)

    response = client.post(reverse("web:attachments_stamp", args=[application.pk]),
                           {"opinion": "经审核，与原件一致", "originals_seen": "on", "originals_seen_where": "单位人事科"}, follow=True)

    copies = list(application.attachments.all())
    assert len(copies) == 2 and all(c.stamped_by == officer and c.stamp_opinion == "经审核，与原件一致" for c in copies)
    assert AuditEvent.objects.filter(action="file.stamp").count() == 2
    assert "已在2份材料上签署审核意见并加盖电子审核章" in response.content.decode()

    again = client.post(reverse("web:attachments_stamp", args=[application.pk]), {"opinion": "再盖一次"}, follow=True)

    assert "没有待盖章的材料" in again.content.decode()
    assert AuditEvent.objects.filter(action="file.stamp").count() == 2
    assert {c.stamp_opinion for c in application.attachments.all()} == {"经审核，与原件一致"}


def test_a_step_that_fails_shows_the_page_again_with_what_was_typed(client, submitted):
    application, officer = submitted
    application.refresh_from_db()
    client.force_login(officer)

    response = client.post(reverse("web:application_approve", args=[application.pk]),
                           {"version": application.version, "text": "经审核，同意推荐（黎艳芳手写的意见）"})

    page = response.content.decode()
    assert response.status_code == 200 and "以下项目尚未审核通过" in page
    assert "经审核，同意推荐（黎艳芳手写的意见）</textarea>" in page
    application.refresh_from_db()
    assert application.state == "submitted" and not Opinion.objects.filter(application=application, kind=Opinion.Kind.APPROVE).exists()
