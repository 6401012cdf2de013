"""The meeting's pages: the office's, the expert's, the minutes; and who may see none of them (P1, C3)."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.documents.pdf_reading import pdf_text
from tests.factories import UserFactory
from tests.meetings import scene as s
from zhicheng.accounts.models import Role
from zhicheng.audit.trail import events_for
from zhicheng.meetings import services
from zhicheng.meetings.models import Meeting, Tally, VoteReceipt

pytestmark = pytest.mark.django_db


def page(client, name, meeting, **query):
    args = [meeting.pk, "pdf"] if name == "web:meeting_minutes" else [meeting.pk]  # the minutes are a document with its format
    response = client.get(reverse(name, args=args), query)
    return response.status_code, response.content.decode() if response.status_code == 200 else ""


def flashed(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_office_page_shows_progress_while_voting_and_the_tally_after(client):
    built = s.scene(candidates=2)
    meeting = s.opened(built)
    for expert in built.experts[:8]:
        s.vote(meeting, expert, built.candidates[0], "yes")
    s.vote(meeting, built.experts[0], built.candidates[1], "no")
    client.force_login(built.office)

    status, during = page(client, "web:office_meeting", meeting)
    services.voting_close(meeting_id=meeting.pk, actor=built.office)
    _, after = page(client, "web:office_meeting", meeting)

    assert status == 200
    assert 'id="pass-rate"' not in during and "<th class=\"n\">同意</th>" not in during  # nothing to read a vote from
    assert "web/refresh.js" in during and 'id="tally" data-refresh="5"' in during  # the progress refreshes while voting is open
    rate = re.sub(r"\s+", " ", re.search(r'id="pass-rate">(.*?)</p>', after, re.S).group(1))
    assert rate == "通过率：表决2人，通过1人，通过率 50.0%；上限 70%"


def test_office_draw_rerun_check_shows_the_same_panel(client):
    built = s.scene(experts=15)
    meeting = s.drawn(built, size=11)
    client.force_login(built.office)

    _, html = page(client, "web:office_meeting", meeting, verify=1)

    assert "抽中的专家与记录一致" in html and meeting.draw.seed in html


def test_office_opens_the_meeting_from_its_page_on_the_day(client):
    built = s.scene()
    meeting = s.drawn(built)
    client.force_login(built.office)
    seats = [str(pk) for pk in meeting.members.values_list("pk", flat=True)]

    with time_machine.travel(datetime.datetime(2022, 11, 22, 9, 0), tick=False):
        client.post(reverse("web:meeting_attendance", args=[meeting.pk]), {"present": seats})
        response = client.post(reverse("web:meeting_open", args=[meeting.pk]), {"chair": seats[0]}, follow=True)

    assert "会议已开始表决" in flashed(response)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.OPEN


def test_office_open_without_chair_names_the_field(client):
    built = s.scene()
    meeting = s.drawn(built)
    client.force_login(built.office)

    response = client.post(reverse("web:meeting_open", args=[meeting.pk]), {}, follow=True)

    assert "主任委员（会议主持人）：这个字段是必填项。" in flashed(response)


def test_office_confirm_above_ceiling_refused_with_the_rate(client):
    built = s.scene(ceiling=50)
    meeting = s.opened(built)
    for expert in built.experts:
        s.vote(meeting, expert, built.candidates[0], "yes")
    client.force_login(built.office)
    client.post(reverse("web:meeting_close", args=[meeting.pk]))

    response = client.post(reverse("web:meeting_confirm", args=[meeting.pk]), follow=True)

    assert "通过率100.0%，超过评审计划规定的通过率上限50%，不能确认评审结果" in flashed(response)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.VOTING_CLOSED


def test_expert_page_recused_candidate_shows_recusal_and_no_buttons(client):
    built = s.scene(candidates=0)
    own = s.add_candidate(built, employer=built.experts[0].unit, name="同单位申报人")
    s.add_candidate(built, name="外单位申报人")
    meeting = s.opened(built)
    client.force_login(built.experts[0])

    _, html = page(client, "web:expert_meeting", meeting)

    row = re.search(r"<tr>\s*<td>同单位申报人</td>.*?</tr>", html, re.S).group(0)
    assert "回避" in row and "与申报人同一单位" in row and 'name="choice"' not in row
    other = re.search(r"<tr>\s*<td>外单位申报人</td>.*?</tr>", html, re.S).group(0)
    assert other.count('name="choice"') == 3
    assert str(own.pk) not in re.findall(r'name="application_id" value="(\d+)"', row.split("申报回避")[0])


def test_expert_page_after_voting_says_voted_never_how(client):
    built = s.scene()
    meeting = s.opened(built)
    client.force_login(built.experts[0])

    client.post(reverse("web:expert_vote", args=[meeting.pk]), {"application_id": built.candidates[0].pk, "choice": "no"})
    _, html = page(client, "web:expert_meeting", meeting)

    row = re.search(r"<tr>\s*<td>申报人01</td>.*?</tr>", html, re.S).group(0)
    assert "已投票" in row and "不同意" not in html and "同意" not in row
    assert Tally.objects.get(meeting=meeting).no == 1


def test_expert_vote_in_another_experts_session_is_that_experts_own(client):
    built = s.scene()
    meeting = s.opened(built)
    client.force_login(built.experts[1])

    client.post(reverse("web:expert_vote", args=[meeting.pk]), {"application_id": built.candidates[0].pk, "choice": "yes", "member": "1", "expert": built.experts[0].pk})

    assert list(VoteReceipt.objects.values_list("member__expert", flat=True)) == [built.experts[1].pk]


def test_expert_vote_before_study_refused_with_message(client):
    built = s.scene()
    meeting = s.opened(built, studied=False)
    client.force_login(built.experts[0])

    response = client.post(reverse("web:expert_vote", args=[meeting.pk]), {"application_id": built.candidates[0].pk, "choice": "yes"}, follow=True)

    assert "请先确认已学习评价标准" in flashed(response) and not VoteReceipt.objects.exists()


def test_meeting_pages_outside_scope_answer_404(client):
    built, other = s.scene(experts=12), s.scene()
    meeting = s.drawn(built, size=11)
    outsider = next(e for e in built.experts if not meeting.members.filter(expert=e).exists())
    applicant = built.candidates[0].applicant
    employer = UserFactory(role=Role.EMPLOYER, unit=built.candidates[0].employer)

    for user, names in (
        (applicant, ["web:office_meeting", "web:expert_meeting", "web:meeting_minutes"]),
        (employer, ["web:office_meeting", "web:expert_meeting", "web:meeting_minutes"]),
        (other.office, ["web:office_meeting", "web:meeting_minutes"]),
        (outsider, ["web:expert_meeting", "web:meeting_minutes"]),
    ):
        client.force_login(user)
        assert [page(client, name, meeting)[0] for name in names] == [404] * len(names), user
    client.force_login(outsider)
    assert client.post(reverse("web:expert_vote", args=[meeting.pk]), {"application_id": built.candidates[0].pk, "choice": "yes"}).status_code == 404


def test_expert_list_shows_only_own_meetings(client):
    built = s.scene(experts=12)
    meeting = s.drawn(built, size=11)
    outsider = next(e for e in built.experts if not meeting.members.filter(expert=e).exists())
    client.force_login(outsider)

    html = client.get(reverse("web:expert_meetings")).content.decode()

    assert "您尚未被抽取参加评审会议" in html


def test_minutes_pdf_for_office_and_chair_with_counts_and_signature(client):
    built = s.scene(candidates=2)
    meeting = s.opened(built)
    for number, expert in enumerate(built.experts):
        s.vote(meeting, expert, built.candidates[0], "yes" if number < 8 else "abstain")
        s.vote(meeting, expert, built.candidates[1], "no")
    s.close_and_confirm(built, meeting)
    chair = built.experts[0]
    services.minutes_sign(meeting_id=meeting.pk, actor=chair)
    client.force_login(chair)
    chair_pdf = client.get(reverse("web:meeting_minutes", args=[meeting.pk, "pdf"]))
    client.force_login(built.experts[1])
    member_status = client.get(reverse("web:meeting_minutes", args=[meeting.pk, "pdf"])).status_code
    client.force_login(built.office)
    text = re.sub(r"\s+", " ", pdf_text(client.get(reverse("web:meeting_minutes", args=[meeting.pk, "pdf"])).content))

    assert chair_pdf["Content-Type"] == "application/pdf" and member_status == 404
    assert "评审会议记录" in text and "抽取专家11人，出席11人" in text
    assert "申报人01" in text and "表决2人，通过1人，通过率50.0%" in text
    assert f"主任委员签字：{chair.real_name}（已于" in text
    downloads = events_for(meeting).filter(action="document.download")
    assert [(e.actor, e.details["format"]) for e in downloads] == [(chair, "pdf"), (built.office, "pdf")]  # not the refused one


def test_office_meeting_page_queries_do_not_grow_with_candidates(client):
    counts = []
    for number in (2, 12):
        built = s.scene(candidates=number)
        meeting = s.opened(built)
        client.force_login(built.office)
        with CaptureQueriesContext(connection) as captured:
            status, _ = page(client, "web:office_meeting", meeting)
        assert status == 200
        counts.append(len(captured))

    assert counts[0] == counts[1]
