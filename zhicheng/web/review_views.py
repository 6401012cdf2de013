"""Plans and filings: the committee office's annual plan, the notice and pre-meeting filings,
the title-confirmation list; the bureau's acknowledgements and confirmations; the public
notice board."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng import rules
from zhicheng.accounts.models import Role
from zhicheng.applications.services import WorkflowError
from zhicheng.audit.trail import record_event
from zhicheng.catalog.calendar import working_calendar
from zhicheng.catalog.models import Committee, series_choices
from zhicheng.prepared import PreparedRead, first_of
from zhicheng.review import services
from zhicheng.review.forms import ConfirmationDecisionForm, NoticeForm, PreMeetingFilingForm, ReviewPlanForm, qualified_applications
from zhicheng.review.models import NoticeFiling, PreMeetingFiling, ReviewPlan, TitleConfirmation

from .feedback import form_errors, perform, submitted
from .listing import (
    COMMITTEES_PER_PAGE, FORM_ROWS_PER_PAGE, Filter, RowForm, RowsByKey, Sort, application_filters, application_sorts, listing,
)
from .views import role_required


def own_committee(request, committee_id) -> Committee:
    committee = request.user.committees_run.filter(pk=committee_id).first()
    if committee is None:
        raise Http404
    return committee


# the office's plan with its committee and the ``related`` rows a page shows, by ``related``
_OWN_PLANS: dict[tuple[str, ...], PreparedRead] = {}


def own_plan(request, plan_id, *related) -> ReviewPlan:
    read = _OWN_PLANS.get(related)
    if read is None:
        read = _OWN_PLANS[related] = PreparedRead(lambda plan, office: first_of(ReviewPlan.objects.filter(
            pk=plan, committee__office_staff=office).select_related("committee", *related)), key_types=(int, int))
    found = read(plan_id, request.user.pk)
    if not found:
        raise Http404
    return found[0]


@role_required(Role.COMMITTEE)
def plans(request):
    """评审计划: each of the office's committees with its plans, newest first, a page at a time."""
    committees = listing(request, request.user.committees_run.all(), read=COMMITTEE_ROWS, prefix="committees_",
                         sorts=[Sort("name", "名称", ("name",))], per_page=COMMITTEES_PER_PAGE)
    return render(request, "web/review/plans.html", {"list": committees, "committees": [
        (committee, listing(request, committee.plans.all(), read=PLAN_ROWS, prefix=f"plans{committee.pk}_",
                            sorts=[Sort("year", "年度", ("-year",))]))
        for committee in committees.rows]})


# 评审计划's rows: the office's committees, each with its plans
COMMITTEE_ROWS = RowsByKey(lambda: Committee.objects.all())
PLAN_ROWS = RowsByKey(lambda: ReviewPlan.objects.select_related("committee"))  # its window is its committee's


@role_required(Role.COMMITTEE)
def plan_edit(request, committee_id=None, plan_id=None):
    """C1: the plan is checked against T1–T7 when saved; a breach is refused with the rule and dates."""
    plan = own_plan(request, plan_id) if plan_id else None
    committee = plan.committee if plan else own_committee(request, committee_id)
    form = ReviewPlanForm(submitted(request), instance=plan, committee=committee)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        record_event(action="plan.saved", subject=saved, actor=request.user, details={"check": "T1–T7 通过"})
        messages.success(request, "评审计划已保存，时间安排符合规定")
        return redirect("web:plan", saved.pk)
    title = f"{committee.name} · {'修改' if plan else '新建'}评审计划"
    return render(request, "web/form.html", {"form": form, "title": title, "back": "/committee/plans/",
                                             "notice": plan.calendar_gap() if plan else None})


def computed_dates(plan: ReviewPlan) -> dict:
    """Every date the rules derive from the plan, shown as concrete dates (SPEC §4)."""
    try:
        result = rules.plan_check(plan.plan_check_input(), calendar=working_calendar())
    except rules.RulesError as error:
        return {"error": str(error)}
    return result["computed"]


@role_required(Role.COMMITTEE)
def plan_detail(request, plan_id):
    # the notice and the filing with their people, and the committee's seat the dates are computed for, in the plan's query
    plan = own_plan(request, plan_id, "committee__region", "notice__filed_by", "notice__acknowledged_by", "pre_meeting_filing")
    notice = getattr(plan, "notice", None)
    filing = getattr(plan, "pre_meeting_filing", None)
    computed = computed_dates(plan)
    # the qualified applications to admit to the meeting, a page at a time, until the filing is made
    qualified = None if filing is not None else listing(
        request, qualified_applications(plan), prefix="qualified_", filters=application_filters("name"), sorts=application_sorts("name"),
        per_page=FORM_ROWS_PER_PAGE, columns=QUALIFIED_COLUMNS)
    return render(request, "web/review/plan.html", {
        "plan": plan, "computed": computed, "notice": notice, "filing": filing,
        "notice_form": NoticeForm(instance=notice) if not (notice and notice.published_on) else None,
        "filing_form": PreMeetingFilingForm(plan=plan, offered=qualified) if qualified is not None else None,
        "qualified": qualified,
        "confirmations": listing(request, TitleConfirmation.objects.filter(application__plan=plan), read=PLAN_CONFIRMATION_ROWS,
                                 prefix="confirmations_"),
        "admitted_count": filing.admitted.count() if filing else None,
        "latest_filing": computed.get("latest_pre_meeting_filing"),
        "filing_days": services.filing_working_days(plan) if plan.meeting_on else None,
        "list": listing(request, plan.applications.select_related("applicant", "specialty", "employer").only(*PLAN_COLUMNS),
                        filters=application_filters("name", "unit", "state", "specialty"),
                        sorts=application_sorts("state", "name"), columns=PLAN_COLUMNS),
    })


# 评审计划详情's title confirmations, each with its applicant
PLAN_CONFIRMATION_ROWS = RowsByKey(lambda: TitleConfirmation.objects.select_related("application__applicant"))
# what a checkbox of the filing form names (its label)
QUALIFIED_COLUMNS = ("series", "level", "applicant__real_name", "specialty__name")
PLAN_COLUMNS = ("state", "series", "level", "applicant__real_name", "specialty__name", "employer__name", "plan_id")


def run(request, plan, action, success):
    perform(request, action, success)
    return redirect("web:plan", plan.pk)


@require_POST
@role_required(Role.COMMITTEE)
def notice_file(request, plan_id):
    plan = own_plan(request, plan_id)
    form = NoticeForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("web:plan", plan.pk)
    return run(request, plan, lambda: services.notice_file(plan=plan, actor=request.user, today=timezone.localdate(), **form.cleaned_data),
               "评审通知已报人社部门备案，备案后即可发布")


@require_POST
@role_required(Role.COMMITTEE)
def notice_publish(request, plan_id):
    plan = own_plan(request, plan_id)
    notice = getattr(plan, "notice", None)
    if notice is None:
        messages.error(request, "请先填写评审通知并报人社部门备案")
        return redirect("web:plan", plan.pk)
    return run(request, plan, lambda: services.notice_publish(notice=notice, actor=request.user, today=timezone.localdate()),
               "评审通知已在通知公告栏发布")


@require_POST
@role_required(Role.COMMITTEE)
def pre_meeting_file(request, plan_id):
    plan = own_plan(request, plan_id)
    form = PreMeetingFilingForm(request.POST, plan=plan)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("web:plan", plan.pk)
    return run(request, plan, lambda: services.pre_meeting_file(
        plan=plan, actor=request.user, today=timezone.localdate(), work_plan=form.cleaned_data["work_plan"],
        publicity_summary=form.cleaned_data["publicity_summary"], admitted=list(form.cleaned_data["admitted"])),
        "会前备案材料已报送人社部门")


@require_POST
@role_required(Role.COMMITTEE)
def confirmation_list_send(request, plan_id):
    plan = own_plan(request, plan_id)
    return run(request, plan, lambda: services.confirmation_list_send(plan=plan, actor=request.user, today=timezone.localdate()),
               "职称资格确认人员名单已报送人社部门")


def bureau_over(user, plan) -> bool:
    try:
        services.require_bureau_over(plan, user)
    except WorkflowError:
        return False
    return True


CONFIRMATION_DECISION = RowForm(ConfirmationDecisionForm, auto_id="confirm{}_%s", hidden=["confirmation"])
# 备案与确认's rows: each title confirmation with its applicant, committee and employer; each
# notice and pre-meeting filing with its committee and who filed it (a filing with the number admitted)
BUREAU_CONFIRMATION_ROWS = RowsByKey(lambda: TitleConfirmation.objects.select_related(
    "application__applicant", "application__plan__committee", "application__employer"))
BUREAU_NOTICE_ROWS = RowsByKey(lambda: NoticeFiling.objects.select_related("plan__committee", "filed_by"))
BUREAU_FILING_ROWS = RowsByKey(lambda: PreMeetingFiling.objects.select_related("plan__committee", "filed_by").annotate(
    admitted_count=Count("admitted")))


@role_required(Role.BUREAU)
def bureau_filings(request):
    """人社部门: filings and confirmations awaiting it, for the committees in its region."""
    regions = request.user.unit.region.subtree()
    in_region = {"plan__committee__region_id__in": regions}
    newest = [Sort("filed", "报送日期（最新在前）", ("-filed_on",))]
    confirmations = listing(
        request, TitleConfirmation.objects.filter(application__plan__committee__region_id__in=regions), read=BUREAU_CONFIRMATION_ROWS,
        prefix="confirmations_", per_page=FORM_ROWS_PER_PAGE, filters=[Filter("name", "申报人姓名", "application__applicant__real_name__startswith")])
    return render(request, "web/review/bureau_filings.html", {
        "notices": listing(request, NoticeFiling.objects.filter(**in_region), read=BUREAU_NOTICE_ROWS, prefix="notices_", sorts=newest),
        "filings": listing(request, PreMeetingFiling.objects.filter(**in_region), read=BUREAU_FILING_ROWS, prefix="filings_", sorts=newest),
        "confirmations": confirmations,
        "confirmation_forms": [(c, CONFIRMATION_DECISION.for_row(c.pk, confirmation=c.pk)) for c in confirmations.rows],
    })


@require_POST
@role_required(Role.BUREAU)
def acknowledge(request, kind, filing_id):
    model = {"notice": NoticeFiling, "pre-meeting": PreMeetingFiling}.get(kind)
    filing = model.objects.filter(pk=filing_id).select_related("plan__committee__region").first() if model else None
    if filing is None or not bureau_over(request.user, filing.plan):
        raise Http404
    perform(request, lambda: services.filing_acknowledge(filing=filing, actor=request.user, today=timezone.localdate()), "已备案")
    return redirect("web:bureau_filings")


@require_POST
@role_required(Role.BUREAU)
def confirmation_decide(request):
    form = ConfirmationDecisionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("web:bureau_filings")
    confirmation = TitleConfirmation.objects.filter(pk=form.cleaned_data["confirmation"]).select_related("application__plan__committee__region").first()
    if confirmation is None or not bureau_over(request.user, confirmation.application.plan):
        raise Http404
    perform(request, lambda: services.confirmation_decide(
        confirmation=confirmation, actor=request.user, confirmed=form.cleaned_data["confirmed"],
        reason=form.cleaned_data["reason"], today=timezone.localdate()), "确认结果已登记并通知评委会")
    return redirect("web:bureau_filings")


# 通知公告's rows: each notice with its committee and organiser, and the committee's region with
# the regions above it (its full name walks up to the province: four levels in one join)
PUBLISHED_NOTICE_ROWS = RowsByKey(lambda: NoticeFiling.objects.select_related(
    "plan__committee__region__parent__parent__parent", "plan__committee__organiser"))


def notice_board(request):
    """通知公告 (§四): published notices with contacts, by region and committee; no login needed."""
    notices = NoticeFiling.objects.filter(published_on__isnull=False)
    found = listing(request, notices, read=PUBLISHED_NOTICE_ROWS, filters=[
        Filter("year", "年度", "plan__year", lambda request: [(y, f"{y}年度") for y in NoticeFiling.objects.filter(
            published_on__isnull=False).order_by("-plan__year").values_list("plan__year", flat=True).distinct()]),
        Filter("series", "系列", "plan__committee__series", lambda request: series_choices()),
        Filter("committee", "评委会名称", "plan__committee__name__contains"),
    ], sorts=[Sort("published", "发布日期（最新在前）", ("-published_on",))], per_page=20)
    return render(request, "web/review/notice_board.html", {"list": found})
