"""Review meeting pages (评审会议): the committee office schedules the meeting, draws the
panel, records attendance, opens and closes the vote and confirms the results; each expert
studies the standard, declares relations and votes; the chair signs the minutes."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role, User
from zhicheng.applications.services import WorkflowError
from zhicheng.meetings import counting, services
from zhicheng.meetings.access import access_meeting_as_office, access_seat
from zhicheng.meetings.forms import AttendanceForm, BallotForm, DrawForm, MeetingForm, OpenForm, RelationForm
from zhicheng.meetings.models import PanelDraw, PanelMember, redraw
from zhicheng.review.models import ReviewPlan
from zhicheng.review.services import meeting_blocker, vote_blockers

from .feedback import form_errors, perform, submitted
from .listing import RowsByKey, Sort, listing
from .views import role_required


def run(request, form, service, back, done, **arguments):
    """One service call from a POSTed form; a refusal is shown and nothing is changed."""
    if form.is_valid():
        perform(request, lambda: service(actor=request.user, **form.cleaned_data, **arguments), done)
    else:
        form_errors(request, form)
    return redirect(back)


# -- the committee office ------------------------------------------------------------------------

@role_required(Role.COMMITTEE)
def office_meetings(request):
    """评审会议 per plan of the office's own committees."""
    plans = ReviewPlan.objects.filter(committee__office_staff=request.user)
    return render(request, "web/meetings/office_list.html", {
        "list": listing(request, plans, read=MEETING_PLAN_ROWS, sorts=[Sort("year", "年度（最新在前）", ("-year", "committee__name"))],
                        per_page=PLANS_PER_PAGE)})


# 评审会议's rows: each plan with its committee and its meetings
MEETING_PLAN_ROWS = RowsByKey(lambda: ReviewPlan.objects.select_related("committee"), prefetch=("meetings",))


PLANS_PER_PAGE = 20  # each with its meetings


@role_required(Role.COMMITTEE)
def meeting_new(request, plan_id):
    plan = ReviewPlan.objects.filter(committee__office_staff=request.user, pk=plan_id).select_related("committee").first()
    if plan is None:
        raise Http404
    form = MeetingForm(submitted(request), initial={"held_on": plan.meeting_on})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(plan=plan, actor=request.user, **form.cleaned_data)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "评审会议已安排，请随机抽取评审专家")
            return redirect("web:office_meeting", meeting.pk)
    return render(request, "web/form.html", {"form": form, "title": f"安排评审会议 · {plan}", "back": reverse("web:office_meetings"),
                                             "notice": plan.calendar_gap(("meeting_on",))})


def pool_rows(draw: PanelDraw) -> list[dict]:
    names = dict(User.objects.filter(pk__in=[entry["expert"] for entry in draw.pool]).values_list("pk", "real_name"))
    return [{**entry, "name": names.get(entry["expert"], ""), "drawn": entry["expert"] in draw.drawn} for entry in draw.pool]


@role_required(Role.COMMITTEE)
def office_meeting(request, meeting_id):
    meeting = access_meeting_as_office(request.user, meeting_id)
    draw = PanelDraw.objects.filter(meeting=meeting).first()
    seats = list(meeting.members.select_related("expert__unit"))
    present = sum(seat.present for seat in seats)
    quorum = counting.quorum(meeting.held_on)
    found = services.results(meeting)
    minimum = counting.minimum_panel(meeting.committee, meeting.held_on)
    context = {
        "steps": services.meeting_steps(meeting),
        "meeting": meeting,
        "draw": draw,
        "pool": pool_rows(draw) if draw else [],
        "rerun": redraw(draw) if draw and "verify" in request.GET else None,
        "seats": seats,
        "present": present,
        "quorum": quorum,
        "quorum_needed": counting.least_share(len(seats), quorum.value),
        "candidates": services.candidates(meeting),
        "results": found,
        "rate": services.pass_rate(meeting, found),
        "pass_share": counting.pass_share(meeting.held_on),
        "minimum": minimum,
        "blocker": meeting_blocker(meeting.plan, meeting.held_on),
        "draw_form": DrawForm(initial={"size": minimum.value}),
        "attendance_form": AttendanceForm(meeting=meeting),
        "open_form": OpenForm(meeting=meeting),
    }
    return render(request, "web/meetings/office_meeting.html", context)


def office_step(request, meeting_id, make_form, service, done, **arguments):
    meeting = access_meeting_as_office(request.user, meeting_id)
    back = reverse("web:office_meeting", args=[meeting.pk])
    return run(request, make_form(meeting), service, back, done, meeting_id=meeting.pk, **arguments)


@require_POST
@role_required(Role.COMMITTEE)
def meeting_draw(request, meeting_id):
    return office_step(request, meeting_id, lambda meeting: DrawForm(request.POST), services.panel_draw, "已随机抽取评审专家，抽取记录已保存")


@require_POST
@role_required(Role.COMMITTEE)
def meeting_attendance(request, meeting_id):
    return office_step(request, meeting_id, lambda meeting: AttendanceForm(request.POST, meeting=meeting), services.attendance_record, "出席情况已登记")


@require_POST
@role_required(Role.COMMITTEE)
def meeting_open(request, meeting_id):
    return office_step(request, meeting_id, lambda meeting: OpenForm(request.POST, meeting=meeting), services.meeting_open, "会议已开始表决", today=timezone.localdate())


@require_POST
@role_required(Role.COMMITTEE)
def meeting_close(request, meeting_id):
    return office_step(request, meeting_id, lambda meeting: forms.Form(request.POST), services.voting_close, "表决已结束，不再接受投票")


@require_POST
@role_required(Role.COMMITTEE)
def meeting_confirm(request, meeting_id):
    return office_step(request, meeting_id, lambda meeting: forms.Form(request.POST), services.results_confirm, "评审结果已确认，已通知申报人")


# -- the experts ----------------------------------------------------------------------------------

@role_required(Role.EXPERT)
def expert_meetings(request):
    seats = PanelMember.objects.filter(expert=request.user)
    return render(request, "web/meetings/expert_list.html", {
        "list": listing(request, seats, read=SEAT_ROWS, sorts=[Sort("held", "会议日期（最新在前）", ("-meeting__held_on",))]),
    })


# 我的评审会议's rows: each seat on a panel with its meeting, plan and committee
SEAT_ROWS = RowsByKey(lambda: PanelMember.objects.select_related("meeting__plan__committee"))


@role_required(Role.EXPERT)
def expert_meeting(request, meeting_id):
    """The expert's own page: his study, his recusals, whether he has voted — never how."""
    seat = access_seat(request.user, meeting_id)
    meeting = seat.meeting
    steps = services.meeting_steps(meeting)
    recused = {recusal.application_id: recusal for recusal in seat.recusals.all()}
    voted = set(seat.receipts.values_list("application_id", flat=True))
    candidates = services.candidates(meeting)
    blockers = vote_blockers(candidates)
    rows = [
        {"application": application, "recusal": recused.get(application.pk), "voted": application.pk in voted,
         "blocker": blockers.get(application.pk)}
        for application in candidates
    ]
    context = {
        "seat": seat,
        "meeting": meeting,
        "rows": rows,
        "standards": services.standards_to_study(meeting),
        "steps": steps,
        "may_vote": "vote" in steps and seat.present and seat.studied_standard_at is not None,
        "choices": services.CHOICES,
        "is_chair": meeting.chair_id == request.user.pk,
    }
    return render(request, "web/meetings/expert_meeting.html", context)


def expert_step(request, meeting_id, form_class, service, done):
    seat = access_seat(request.user, meeting_id)
    return run(request, form_class(request.POST), service, reverse("web:expert_meeting", args=[seat.meeting_id]), done,
               meeting_id=seat.meeting_id)


@require_POST
@role_required(Role.EXPERT)
def expert_study(request, meeting_id):
    return expert_step(request, meeting_id, forms.Form, services.standard_study_confirm, "已确认学习评价标准")


@require_POST
@role_required(Role.EXPERT)
def expert_declare(request, meeting_id):
    return expert_step(request, meeting_id, RelationForm, services.relation_declare, "已申报回避，您不参加对该申报人的表决")


@require_POST
@role_required(Role.EXPERT)
def expert_vote(request, meeting_id):
    return expert_step(request, meeting_id, BallotForm, services.ballot_cast, "已投票")


@require_POST
@role_required(Role.EXPERT)
def expert_sign_minutes(request, meeting_id):
    return expert_step(request, meeting_id, forms.Form, services.minutes_sign, "会议记录已签字")
