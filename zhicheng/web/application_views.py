"""Application pages: the applicant's own, and the employer's review queue."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng import rules
from zhicheng.accounts.models import Role
from zhicheng.catalog.models import Committee
from zhicheng.catalog.standing import Pool, office_pools, standing_reminders
from zhicheng.applications import attachments, committee, services
from zhicheng.applications.access import access_application_by_id, visible_applications
from zhicheng.applications.forms import (
    ApplicationStartForm,
    ApproveForm,
    AttachmentUploadForm,
    CommitteeReturnForm,
    CorrectionForm,
    ExceptionalVetForm,
    QualifyForm,
    RejectForm,
    StampForm,
    CommitmentForm,
    ReturnForm,
    SectionsReviewForm,
    VersionedForm,
    WithdrawForm,
)
from zhicheng.applications.models import Application, Attachment, CreditCommitment
from zhicheng.applications.printing import application_pdf
from zhicheng.applications.sections import APPLICATION_SECTIONS, latest_section_opinions
from zhicheng.applications.snapshot import snapshot_on
from zhicheng.applications.workflow import REVIEW_SECTIONS, allows, next_step, not_yet_submitted, open_steps
from zhicheng.audit.downloads import document_response
from zhicheng.audit.trail import client_address, events_for
from zhicheng.certificates.services import valid_certificate
from zhicheng.prepared import PreparedRead, first_of
from zhicheng.review.models import ReviewPlan

from .feedback import form_errors, outcome_of, perform, submitted
from .listing import Sort, application_filters, application_sorts, listing
from .views import record_or_404, role_required, section_or_404


def open_plans(today):
    plans = ReviewPlan.objects.filter(year__gte=today.year - 1).select_related("committee").order_by("committee__name")
    return [plan for plan in plans], [plan for plan in plans if plan.window_open_on(today)]


@role_required(Role.APPLICANT)
def my_applications(request):
    found = listing(request, visible_applications(request.user), sorts=[Sort("created", "创建时间", ("-created_at",))], columns=MY_COLUMNS)
    all_plans, available = open_plans(timezone.localdate())
    return render(request, "web/my_applications.html", {"list": found, "plans": all_plans, "open_plans": available})


MY_COLUMNS = ("state", "series", "level", "submitted_at", "created_at", "specialty__name", "plan__year", "plan__committee__name")


@role_required(Role.APPLICANT)
def application_new(request):
    today = timezone.localdate()
    all_plans, available = open_plans(today)
    form = ApplicationStartForm(submitted(request), open_plans=available)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_start(applicant=request.user, today=today, address=client_address(request), **form.cleaned_data)
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "申报已创建。请填写业绩成果、年度考核、继续教育和承诺书后提交。")
            return redirect("web:application", application.pk)
    closed = [plan for plan in all_plans if plan not in available]
    return render(request, "web/application_new.html", {"form": form, "closed_plans": closed, "any_open": bool(available)})


def steps_for(user, application) -> frozenset[str]:
    """What this person may do with this application now, as the workflow table says."""
    if user.role == Role.APPLICANT and user.pk != application.applicant_id:
        return frozenset()
    return open_steps(application.state, user.role, application.route)


# an application's copies, in the order of its page, with who stamped and what replaced each
COPIES = PreparedRead(lambda application: Attachment.objects.filter(application_id=application).select_related(
    "stamped_by", "replaced_by").order_by("kind", "uploaded_at"), key_types=(int,))
COMMITMENT = PreparedRead(lambda application: first_of(CreditCommitment.objects.filter(application_id=application)), key_types=(int,))


def commitment_of(application) -> CreditCommitment | None:
    found = COMMITMENT(application.pk)
    return found[0] if found else None


# what the timeline shows of an event (not its details or hashes)
TIMELINE_COLUMNS = ("occurred_at", "actor_name", "actor_unit", "action", "from_state", "to_state", "opinion")


def detail_context(request, application):
    today = timezone.localdate()
    steps = steps_for(request.user, application)
    editable = "edit" in steps
    copies = COPIES(application.pk)
    # Before its first step nobody but the applicant has touched an application: no
    # opinion, correction request, recommendation, result or certificate can exist yet.
    untouched = not_yet_submitted(application)
    opinions = [] if untouched else list(application.opinions.select_related("author").order_by("created_at", "pk"))
    version = application.version
    # A form is built only if the page shows it (the template calls these when it does).
    return {
        "application": application,
        # While the applicant edits, the profile is theirs to see on the profile page: it is
        # frozen (and built) once, at submission, not on every visit of the draft.
        "profile_data": None if editable else snapshot_on(application.snapshot, today),
        "sections": [(section, list(section.records(application))) for section in APPLICATION_SECTIONS.values()],
        "commitment": commitment_of(application),
        "opinions": opinions,
        "events": events_for(application).only(*TIMELINE_COLUMNS),
        "next_step": next_step(application),
        "limit": rules.parameter("review_returns.limit", today).value,
        "counted_this_year": services.counted_this_year(application.applicant, application.plan.year),
        "editable": editable,
        "review_sections": REVIEW_SECTIONS,
        "section_opinions": latest_section_opinions(application, opinions),
        "notices": [c for c in (application.precheck or {}).get("checks", []) if c["status"] == "notice"],
        "is_applicant": request.user.pk == application.applicant_id,
        "steps": steps,
        "certificate": None if untouched else valid_certificate(application),
        "result_corrections": [] if untouched else application.result_corrections.select_related(
            "recorded_by", "revoked_certificate", "issued_certificate"),
        "withdraw_form": partial(WithdrawForm, initial={"version": version}, auto_id="withdraw_%s"),
        "review_form": partial(SectionsReviewForm, auto_id="review_%s"),
        "return_form": partial(ReturnForm, initial={"version": version}, auto_id="return_%s"),
        "approve_form": partial(ApproveForm, initial={"version": version}, auto_id="approve_%s"),
        "attachments": copies,
        "unstamped": [copy for copy in copies if copy.is_current and not copy.is_stamped],
        "stamp_form": partial(StampForm, auto_id="stamp_%s"),
        "upload_form": partial(AttachmentUploadForm, auto_id="upload_%s"),
        "qualify_form": partial(QualifyForm, initial={"version": version}, auto_id="qualify_%s"),
        "vet_form": partial(ExceptionalVetForm, initial={"version": version}, auto_id="vet_%s"),
        "correction_form": partial(CorrectionForm, initial={"version": version}, auto_id="correction_%s"),
        "committee_return_form": partial(CommitteeReturnForm, initial={"version": version}, auto_id="creturn_%s"),
        "reject_form": partial(RejectForm, initial={"version": version}, auto_id="reject_%s"),
        "corrections": [] if untouched else application.correction_requests.select_related("requested_by"),
        "recommendation": None if untouched else getattr(application, "recommendation", None),
    }


def application_detail(request, application_id):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('web:login')}?next={request.path}")
    application = access_application_by_id(request.user, application_id)
    return render(request, "web/application.html", detail_context(request, application))


def own_editable_application(request, application_id) -> Application:
    """The applicant's own application while it may be edited: its row alone (the forms
    and uploads need nothing read with it, nor the frozen profile and precheck)."""
    application = access_application_by_id(request.user, application_id, related=(), defer=("snapshot", "precheck"))
    if "edit" not in steps_for(request.user, application):
        raise Http404
    return application


@role_required(Role.APPLICANT)
def application_record_edit(request, application_id, section, record_id=None):
    application = own_editable_application(request, application_id)
    section = section_or_404(APPLICATION_SECTIONS, section)
    record = record_or_404(section, application, record_id) if record_id else None
    form = section.make_form(application, submitted(request), instance=record)
    back = reverse("web:application", args=[application.pk]) + f"#{section.slug}"
    if request.method == "POST" and form.is_valid():
        services.application_record_save(application=application, section=section, form=form, actor=request.user)
        messages.success(request, f"{section.title}已保存")
        return redirect(back)
    return render(request, "web/form.html", {"form": form, "title": f"{'修改' if record else '添加'}{section.title}", "back": back})


@role_required(Role.APPLICANT)
def application_record_delete(request, application_id, section, record_id):
    application = own_editable_application(request, application_id)
    section = section_or_404(APPLICATION_SECTIONS, section)
    record = record_or_404(section, application, record_id)
    back = reverse("web:application", args=[application.pk]) + f"#{section.slug}"
    if request.method == "POST":
        services.application_record_delete(application=application, record=record, actor=request.user)
        messages.success(request, f"已删除一条{section.title}")
        return redirect(back)
    return render(request, "web/confirm_delete.html", {"section": section, "record": record, "back": back})


@role_required(Role.APPLICANT)
def commitment_edit(request, application_id):
    application = own_editable_application(request, application_id)
    instance = commitment_of(application)
    form = CommitmentForm(submitted(request), instance=instance)
    back = reverse("web:application", args=[application.pk]) + "#commitment"
    if request.method == "POST" and form.is_valid():
        services.commitment_save(application=application, form=form, actor=request.user)
        messages.success(request, "承诺书编号已保存")
        return redirect(back)
    return render(request, "web/commitment.html", {"form": form, "back": back})


# The forms of the application page by the name and ids they have there: a step that fails
# shows the page again with the form as it was typed, so nothing has to be typed twice.
FORM_SLOTS = {
    WithdrawForm: ("withdraw_form", "withdraw_%s"),
    ReturnForm: ("return_form", "return_%s"),
    ApproveForm: ("approve_form", "approve_%s"),
    QualifyForm: ("qualify_form", "qualify_%s"),
    ExceptionalVetForm: ("vet_form", "vet_%s"),
    CorrectionForm: ("correction_form", "correction_%s"),
    CommitteeReturnForm: ("committee_return_form", "creturn_%s"),
    RejectForm: ("reject_form", "reject_%s"),
}


def act(request, application_id, form_class, action, done, *, application=None, **extra):
    """Runs one workflow step from a POSTed form; every refusal is shown, nothing half-done,
    and what was typed is kept; success says what was done (`done`), what comes next and
    who was told.  ``application``: the one the view has already read for this person."""
    if application is None:
        application = access_application_by_id(request.user, application_id)
    key, auto_id = FORM_SLOTS.get(form_class, (None, "id_%s"))
    form = form_class(request.POST, auto_id=auto_id)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        if perform(request, lambda: action(
            application_id=application.pk, actor=request.user, address=client_address(request),
            **({"expected_version": version} if version is not None else {}), **data, **extra,
        ), outcome_of(application.pk, done)):
            return redirect("web:application", application.pk)
    elif key is None:
        form_errors(request, form)
    if key is None:
        return redirect("web:application", application.pk)
    application = access_application_by_id(request.user, application_id)
    return render(request, "web/application.html", {**detail_context(request, application), key: form})


@require_POST
@role_required(Role.APPLICANT)
def application_submit(request, application_id):
    """提交: to the employer, or — answering a correction request — back to the committee."""
    # which step it is needs the application's row alone (the step locks and reads it again)
    application = access_application_by_id(request.user, application_id, related=(), defer=("snapshot", "precheck"))
    if allows(application.state, "resubmit_correction", application.route):
        return act(request, application_id, VersionedForm, committee.correction_resubmit, "补正材料已提交",
                   application=application, today=timezone.localdate())
    return act(request, application_id, VersionedForm, services.application_submit, "申报已提交",
               application=application, today=timezone.localdate())


@require_POST
@role_required(Role.APPLICANT)
def application_withdraw(request, application_id):
    return act(request, application_id, WithdrawForm, services.application_withdraw, "申报已撤回")


# the committees an office runs, read on every page of its queue
OFFICE_COMMITTEES = PreparedRead(lambda office: Committee.objects.filter(office_staff=office), key_types=(int,))


def office_reminders(user) -> list[str]:
    """The committee office's reminders (C3): its filing and its experts' terms lapsing."""
    if user.role != Role.COMMITTEE:
        return []
    today = timezone.localdate()
    committees = OFFICE_COMMITTEES(user.pk)
    standing = office_pools(user.pk, today)
    return [reminder for committee in committees for reminder in standing_reminders(committee, today, standing.get(committee.pk, Pool()))]


@role_required(Role.EMPLOYER, Role.COMMITTEE)
def review_queue(request):
    """申报审核 / 资格审核: the employer's own staff, or the office's own committees (P1)."""
    employer = request.user.role == Role.EMPLOYER
    applications = (
        visible_applications(request.user)
        .select_related("applicant", "plan__committee", "specialty", "employer")
        .only(*QUEUE_COLUMNS)
    )
    found = listing(
        request, applications,
        filters=application_filters("name", *(() if employer else ("unit",)), "state", "series", "specialty", "year"),
        sorts=application_sorts("state", "submitted", "name"), columns=QUEUE_COLUMNS,
    )
    return render(request, "web/review_queue.html", {"list": found, "employer": employer, "reminders": office_reminders(request.user)})


# what a queue row shows, and nothing else (not the frozen profile or the precheck)
QUEUE_COLUMNS = (
    "state", "series", "level", "counted_opinions", "submitted_at", "applicant__real_name", "employer__name",
    "specialty__name", "plan__year", "plan__committee__name",
)


@require_POST
@role_required(Role.EMPLOYER)
def sections_review(request, application_id):
    """All sections at once: the exceptions marked, the rest passed with one opinion."""
    application = access_application_by_id(request.user, application_id)
    form = SectionsReviewForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(reverse("web:application", args=[application.pk]) + "#review")
    opinions = form.opinions()
    problems = [REVIEW_SECTIONS[slug] for slug, (passed, _) in opinions.items() if not passed]
    done = f"分项审核意见已记录，{'、'.join(problems)}有问题" if problems else "分项审核意见已记录，全部项目无问题"
    perform(request, lambda: services.employer_sections_review(
        application_id=application.pk, actor=request.user, opinions=opinions, address=client_address(request),
    ), outcome_of(application.pk, done))
    return redirect(reverse("web:application", args=[application.pk]) + "#review")


@require_POST
@role_required(Role.EMPLOYER)
def employer_return(request, application_id):
    return act(request, application_id, ReturnForm, services.employer_return, "已退回申报人", today=timezone.localdate())


@require_POST
@role_required(Role.EMPLOYER)
def employer_approve(request, application_id):
    return act(request, application_id, ApproveForm, services.employer_approve, "单位审核已通过")


@require_POST
@role_required(Role.APPLICANT)
def attachment_upload(request, application_id):
    application = own_editable_application(request, application_id)
    form = AttachmentUploadForm(request.POST, request.FILES)
    back = reverse("web:application", args=[application.pk]) + "#attachments"
    if not form.is_valid():
        form_errors(request, form)
        return redirect(back)
    replaces = None
    if form.cleaned_data["replaces"]:
        replaces = application.attachments.filter(pk=form.cleaned_data["replaces"]).first()
    try:
        attachment = attachments.attachment_upload(
            application=application, kind=form.cleaned_data["kind"], uploaded=form.cleaned_data["file"],
            actor=request.user, replaces=replaces, address=client_address(request),
        )
    except ValidationError as error:
        messages.error(request, f"文件：{'；'.join(error.messages)}")
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已上传{attachment.get_kind_display()}：{attachment.original_name}")
    return redirect(back)


def attachment_download(request, application_id, attachment_id):
    """Files are served only through this permission check (P4), and every access is recorded."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('web:login')}?next={request.path}")
    application = access_application_by_id(request.user, application_id)
    attachment = application.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    try:
        content = attachments.attachment_read(attachment=attachment, actor=request.user, address=client_address(request))
    except attachments.AttachmentMissing:
        return render(request, "web/attachment_missing.html", {"application": application, "attachment": attachment}, status=404)
    response = HttpResponse(content, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(False, attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@role_required(Role.EMPLOYER)
def attachments_stamp(request, application_id):
    """The employer's review stamp on every copy not yet stamped, in one step (L9)."""
    application = access_application_by_id(request.user, application_id)
    form = StampForm(request.POST)
    waiting = application.attachments.filter(replaced_by__isnull=True, stamped_by__isnull=True).count()
    if form.is_valid():
        perform(request, lambda: attachments.attachments_stamp_all(
            application=application, actor=request.user, address=client_address(request), **form.cleaned_data,
        ), f"已在{waiting}份材料上签署审核意见并加盖电子审核章，每份材料各有一条签章记录")
    else:
        form_errors(request, form)
    return redirect(reverse("web:application", args=[application.pk]) + "#attachments")


@require_POST
@role_required(Role.COMMITTEE)
def committee_qualify(request, application_id):
    return act(request, application_id, QualifyForm, committee.committee_qualify, "资格审核已通过", today=timezone.localdate())


@require_POST
@role_required(Role.COMMITTEE)
def committee_exceptional_vet(request, application_id):
    return act(request, application_id, ExceptionalVetForm, committee.committee_exceptional_vet, "破格资格审查已通过",
               today=timezone.localdate())


@require_POST
@role_required(Role.COMMITTEE)
def committee_correction(request, application_id):
    return act(request, application_id, CorrectionForm, committee.committee_request_correction, "补正通知已发出", today=timezone.localdate())


@require_POST
@role_required(Role.COMMITTEE)
def committee_return(request, application_id):
    return act(request, application_id, CommitteeReturnForm, committee.committee_return, "已退回申报人", today=timezone.localdate())


@require_POST
@role_required(Role.COMMITTEE)
def committee_reject(request, application_id):
    return act(request, application_id, RejectForm, committee.committee_reject, "资格审核结论已登记为不通过", today=timezone.localdate())


def application_print(request, application_id):
    """The whole application as one PDF, for whoever may see it."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('web:login')}?next={request.path}")
    application = access_application_by_id(request.user, application_id)
    return document_response(request, application_pdf(application), filename=f"职称申报表-{application.applicant.real_name}.pdf",
                             subject=application)
