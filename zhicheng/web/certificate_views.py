"""Results, certificates and revocation pages: the committee office's plan results, the
bureau's confirmations, 考核定职 decisions, revocations and qualification recognitions,
the applicant's results, and the public certificate verification page."""

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from zhicheng import display, rules
from zhicheng.accounts.models import Role
from zhicheng.applications.access import access_application_by_id
from zhicheng.applications.forms import ObjectionForm, SettleForm
from zhicheng.applications.models import Application, Route, State
from zhicheng.applications.workflow import allows
from zhicheng.audit.downloads import document_response
from zhicheng.audit.trail import client_address
from zhicheng.catalog.models import series_choices, title_name
from zhicheng.certificates import services
from zhicheng.certificates.access import access_certificate_by_id, access_plan_by_id, plans_overseen, visible_certificates
from zhicheng.certificates.documents import certificate_pdf, verification_url
from zhicheng.certificates.forms import (
    AssessmentDecisionForm,
    ConfirmForm,
    RecogniseForm,
    ReexaminationDecideForm,
    ReexaminationRequestForm,
    ResultCorrectionForm,
    ResultPublicityStartForm,
    RevokeForm,
)
from zhicheng.certificates.models import Certificate, CreditRecord, RecognisedQualification, Reexamination, ResultEntry, ResultObjection, ResultPublicity
from zhicheng.profiles.models import QualificationRecord
from zhicheng.review.models import ReviewPlan

from .publicity_views import form_errors
from .feedback import outcome_of, perform
from .listing import (
    FORM_ROWS_PER_PAGE, Filter, RowForm, RowsByKey, Sort, application_filters, application_sorts, by_name, listing, value_rows,
)
from .renderers import text
from .templatetags.workflow_tags import state_label
from .views import role_required

OFFICE_AND_BUREAU = (Role.COMMITTEE, Role.BUREAU)


# -- the public verification page (D3) -------------------------------------------------------------

def certificate_verify(request, token):
    """证书核验: anyone, without logging in; never the identity number (P2)."""
    certificate = Certificate.objects.filter(token=token).first()
    if certificate is None:
        return render(request, "web/certificates/verify_missing.html", status=404)
    response = render(request, "web/certificates/verify.html", {"certificate": certificate})
    response["X-Robots-Tag"] = "noindex"  # a holder's name is shown to whoever has the link, not to search engines
    return response


def certificate_download(request, certificate_id):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('web:login')}?next={request.path}")
    certificate = access_certificate_by_id(request.user, certificate_id)
    return document_response(request, certificate_pdf(certificate, base_url=request.build_absolute_uri("/")),
                             filename=f"职称证书-{certificate.number}.pdf", subject=certificate)


# -- the committee office's plan results (C4, D4) -------------------------------------------------

@role_required(*OFFICE_AND_BUREAU)
def result_plans(request):
    """评审结果: the plans whose results this office publicises, or this bureau confirms."""
    overseen = plans_overseen(request.user)
    plans = listing(request, overseen.select_related(None), prefix="plans_", read=RESULT_PLAN_ROWS,
                    sorts=[Sort("year", "年度（最新在前）", ("-year", "committee__name"))])
    publicities = listing(request, ResultPublicity.objects.filter(plan__in=overseen.values("pk")), prefix="publicities_",
                          read=RESULT_PUBLICITY_ROWS, sorts=[Sort("starts", "公示开始日期（最新在前）", ("-starts_on",))])
    today = timezone.localdate()
    return render(request, "web/certificates/result_plans.html", {
        "publicity_days": rules.parameter("publicity.min_working_days", today).value,
        "plans": plans, "publicities": publicities, "statuses": [(p, p.status_on(today)) for p in publicities.rows],
    })


def counted(rows):
    """The number of ``rows`` of each row shown, as an annotation: ``rows`` are filtered on the
    outer row (``OuterRef("pk")``) and grouped by the column that links them to it.  The rows
    are counted, not their keys: an index on that column gives the count alone."""
    return Coalesce(Subquery(rows.order_by().annotate(n=Count("*")).values("n")), 0)


def _waiting_for_results():
    """The applications of each plan passed or in result publicity, as an annotation (for the rows shown)."""
    return counted(Application.objects.filter(plan=OuterRef("pk"), state__in=[State.PASSED, State.RESULT_PUBLICITY]).values("plan"))


# 评审结果's rows: each plan with its committee and the applications waiting for their results;
# each result publicity with its plan's committee and the number it lists
RESULT_PLAN_ROWS = RowsByKey(lambda: ReviewPlan.objects.select_related("committee").only("year", "meeting_on", "committee__name")
                             .annotate(waiting=_waiting_for_results()))
RESULT_PUBLICITY_ROWS = RowsByKey(lambda: ResultPublicity.objects.select_related("plan__committee").only(
    "plan__committee__name", "starts_on", "ends_on").annotate(listed=listed_count()))


# lists with a form on every row show fewer rows a page
ENTRIES_PER_PAGE = FORM_ROWS_PER_PAGE


def listed_count():
    """The number of entries on each result publicity, as an annotation (for the rows shown)."""
    return counted(ResultEntry.objects.filter(publicity=OuterRef("pk")).values("publicity"))


class OfficeForms:
    """The committee office's forms on a result publicity's rows, each rendered once a process."""

    objection = RowForm(ObjectionForm, auto_id="obj{}_%s", hidden=["entry"])
    settle = RowForm(SettleForm, auto_id="settle{}_%s", hidden=["objection"])
    decide = RowForm(ReexaminationDecideForm, auto_id="reex{}_%s", hidden=["reexamination"])


# what a publicity's row shows and what deciding whether it can be confirmed reads
ENTRY_COLUMNS = ("publicity_id", "application__pk", "application__state", "application__route", "application__series",
                 "application__level", "application__applicant__real_name", "application__employer__name",
                 "application__specialty__name")


def publicity_contexts(request, publicities, today, forms: type[OfficeForms] | None = None) -> list[dict]:
    """Each result publicity of ``publicities`` (annotated with :func:`listed_count`): a page
    of its entries with their objections and re-examinations, whether each can be confirmed,
    and (with the office's ``forms``) the forms of each row.  The entries of every
    publicity's page are read together, as rows of the columns shown; their objections and
    re-examinations in one query each, into lists."""
    publicities = list(publicities)
    pages = [listing(request, range(publicity.listed), prefix=f"publicity{publicity.pk}_", per_page=ENTRIES_PER_PAGE)
             for publicity in publicities]
    keys = page_keys({publicity.pk: found.page for publicity, found in zip(publicities, pages)})
    shown = [key for page in keys.values() for key in page]
    loaded = {entry.pk: entry for entry in value_rows(ResultEntry, shown, ENTRY_COLUMNS)}
    for entry in loaded.values():
        entry.objection_list, entry.reexamination_list = [], []
    if shown:
        for objection in ResultObjection.objects.filter(entry_id__in=shown):
            loaded[objection.entry_id].objection_list.append(objection)
        for reexamination in Reexamination.objects.filter(entry_id__in=shown).select_related("decided_by"):
            loaded[reexamination.entry_id].reexamination_list.append(reexamination)
    confirmable = services.confirmable_counts(publicities, today)
    contexts = []
    for publicity, found in zip(publicities, pages):
        found.page.object_list = [loaded[key] for key in keys.get(publicity.pk, ())]
        for entry in found.rows:
            entry.publicity = publicity
        contexts.append(publicity_context(publicity, found, today, forms, confirmable[publicity.pk]))
    return contexts


def page_keys(pages: dict) -> dict[int, list[int]]:
    """The keys of the entries on each publicity's page (``pages``: the publicity's key to its
    page of entries in the order of their keys), in one query for all of them: each entry
    numbered within its publicity, and those from the page's first to its last kept.  Written
    out, as it is asked on every page: the ORM's window filter costs more to build than the
    five queries it replaces."""
    shown = {pk: (page.start_index() - 1, page.end_index()) for pk, page in pages.items() if page.paginator.count}
    if not shown:
        return {}
    table = connection.ops.quote_name(ResultEntry._meta.db_table)
    ranges = " OR ".join(["(publicity_id = %s AND position > %s AND position <= %s)"] * len(shown))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT publicity_id, id FROM (SELECT publicity_id, id, ROW_NUMBER() OVER (PARTITION BY publicity_id ORDER BY id) AS position "
            f"FROM {table} WHERE publicity_id IN ({', '.join(['%s'] * len(shown))})) numbered WHERE {ranges} ORDER BY publicity_id, position",
            [*shown, *(value for pk, (first, last) in shown.items() for value in (pk, first, last))])
        rows = cursor.fetchall()
    keys = {}
    for publicity, key in rows:
        keys.setdefault(publicity, []).append(key)
    return keys


def person_cells(application) -> SafeString:
    """姓名, 工作单位 and 申报 of an entry's row (an application read as a :class:`Row` of
    :data:`ENTRY_COLUMNS`), escaped as the template would."""
    return mark_safe(f"<td>{text(application.applicant.real_name)}</td><td>{text(application.employer.name)}</td>"
                     f"<td>{text(application.title_name)}（{text(application.specialty.name)}）</td>")


def publicity_context(publicity, found, today, forms: type[OfficeForms] | None, total: int) -> dict:
    """One publicity's page of entries (see :func:`publicity_contexts`); ``total``: how many of
    its applications can be confirmed on ``today``."""
    rows, offered = [], []
    for entry in found.rows:
        objections, reexaminations = entry.objection_list, entry.reexamination_list
        blocker = services.confirmation_blocker(entry, today, objections=objections, reexaminations=reexaminations)
        application = entry.application
        if blocker is None:
            offered.append(application)
        state = application.state
        may_object = forms is not None and allows(state, "result_objection_record")  # the office's forms are the office's
        rows.append({
            # the row's cells as one piece and plain values, rather than a chain of look-ups per cell in a hundred rows
            "person": person_cells(application),
            "state": state,
            "state_label": state_label(state),
            "blocker": blocker,
            # the row's 确认 cell and whether it has a row of objections below, decided here once rather than in tags per row
            "confirmation": (display.plain(blocker) if blocker else "可确认") if allows(state, "result_confirm")
            else "已确认发证" if allows(state, "revoke") else "—",
            "may_object": may_object,
            "sub": bool(objections or reexaminations or may_object),
            "objection_form": forms and forms.objection.for_row(entry.pk, entry=entry.pk),
            "objections": [(o, forms and forms.settle.for_row(o.pk, objection=o.pk)) for o in objections],
            "reexaminations": [(r, forms and forms.decide.for_row(r.pk, reexamination=r.pk)) for r in reexaminations],
        })
    return {
        "publicity": publicity,
        "entries": rows,
        "list": found,
        "status": publicity.status_on(today),
        "confirm_form": ConfirmForm(offered=offered, total=total,
                                    auto_id=f"confirm{publicity.pk}_%s") if total else None,
    }


@role_required(*OFFICE_AND_BUREAU)
def plan_results(request, plan_id):
    plan = access_plan_by_id(request.user, plan_id)
    today = timezone.localdate()
    is_office = plan.committee.office_staff.filter(pk=request.user.pk).exists()
    forms = OfficeForms if is_office else None
    candidates = plan.applications.filter(state=State.PASSED).select_related("applicant", "employer", "specialty")
    start_form = None
    if is_office and candidates.exists():
        start_form = ResultPublicityStartForm(candidates=candidates, initial={
            "starts_on": plan.result_publicity_from, "ends_on": plan.result_publicity_to,
        })
    return render(request, "web/certificates/plan_results.html", {
        "plan": plan,
        "is_office": is_office,
        "start_form": start_form,
        "minimum_days": rules.parameter("publicity.min_working_days", today).value,
        "has_filing": hasattr(plan, "pre_meeting_filing"),
        # the publicity's earliest end is counted in working days from its planned start
        "calendar_gap": plan.calendar_gap(("meeting_on", "result_publicity_from", "result_publicity_to")),
        "publicities": publicity_contexts(request, plan.result_publicities.annotate(listed=listed_count()), today, forms),
    })


@require_POST
@role_required(Role.COMMITTEE)
def result_publicity_start(request, plan_id):
    plan = access_plan_by_id(request.user, plan_id)
    candidates = plan.applications.filter(state=State.PASSED).select_related("applicant", "employer", "specialty")
    form = ResultPublicityStartForm(request.POST, candidates=candidates)
    if not form.is_valid():
        form_errors(request, form)
    else:
        data = form.cleaned_data
        perform(request, lambda: services.result_publicity_start(
            actor=request.user, plan=plan, application_ids=[a.pk for a in data["applications"]], starts_on=data["starts_on"],
            ends_on=data["ends_on"], place=data["place"], address=client_address(request)), "评审结果公示已开始")
    return redirect("web:plan_results", plan.pk)


def overseen_publicity(request, publicity_id) -> ResultPublicity:
    publicity = ResultPublicity.objects.filter(pk=publicity_id, plan__in=plans_overseen(request.user)).select_related("plan__committee").first()
    if publicity is None:
        raise Http404
    return publicity


def back_to(publicity) -> str:
    return reverse("web:plan_results", args=[publicity.plan_id]) + f"#publicity-{publicity.pk}"


@require_POST
@role_required(Role.COMMITTEE)
def result_objection_add(request, publicity_id):
    publicity = overseen_publicity(request, publicity_id)
    form = ObjectionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(back_to(publicity))
    entry = publicity.entries.filter(pk=form.cleaned_data["entry"]).select_related("publicity__plan__committee", "application").first()
    if entry is None:
        raise Http404
    perform(request, lambda: services.result_objection_record(
        actor=request.user, entry=entry, received_on=form.cleaned_data["received_on"], content=form.cleaned_data["content"],
        address=client_address(request)), "异议已登记")
    return redirect(back_to(publicity))


@require_POST
@role_required(Role.COMMITTEE)
def result_objection_settle(request, publicity_id):
    publicity = overseen_publicity(request, publicity_id)
    form = SettleForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(back_to(publicity))
    objection = ResultObjection.objects.filter(pk=form.cleaned_data["objection"], entry__publicity=publicity).first()
    if objection is None:
        raise Http404
    perform(request, lambda: services.result_objection_settle(
        actor=request.user, objection=objection, upheld=form.cleaned_data["upheld"], settlement=form.cleaned_data["settlement"],
        today=timezone.localdate(), address=client_address(request)), "异议处理情况已登记")
    return redirect(back_to(publicity))


@require_POST
@role_required(Role.COMMITTEE)
def reexamination_decide(request, publicity_id):
    publicity = overseen_publicity(request, publicity_id)
    form = ReexaminationDecideForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(back_to(publicity))
    reexamination = Reexamination.objects.filter(pk=form.cleaned_data["reexamination"], entry__publicity=publicity).first()
    if reexamination is None:
        raise Http404
    perform(request, lambda: services.reexamination_decide(
        actor=request.user, reexamination=reexamination, overturned=form.cleaned_data["overturned"], text=form.cleaned_data["text"],
        today=timezone.localdate(), address=client_address(request)), "复查结论已登记")
    return redirect(back_to(publicity))


@require_POST
@role_required(*OFFICE_AND_BUREAU)
def result_confirm(request, publicity_id):
    publicity = overseen_publicity(request, publicity_id)
    form = ConfirmForm(request.POST, ready=services.confirmable_applications(publicity, timezone.localdate()))
    if not form.is_valid():
        form_errors(request, form)
    else:
        perform(request, lambda: services.result_confirm(
            actor=request.user, application_ids=[a.pk for a in form.cleaned_data["applications"]], today=timezone.localdate(),
            address=client_address(request)), f"已确认{len(form.cleaned_data['applications'])}人的评审结果并发放电子职称证书")
    return redirect(back_to(publicity))


@role_required(Role.COMMITTEE)
def result_correct(request, application_id):
    """评审结果更正 (复查, 异议): the committee office records the decision; a first sending
    shows what will change, the second (confirmed) changes it."""
    application = access_application_by_id(request.user, application_id)
    if not allows(application.state, "result_correct"):
        raise Http404
    today = timezone.localdate()
    form = ResultCorrectionForm(request.POST if request.method == "POST" else None,
                                initial={"version": application.version, "decided_on": today})
    confirming = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if not data["confirmed"]:
            confirming = True
        elif perform(request, lambda: services.result_correct(
                actor=request.user, application_id=application.pk, expected_version=data["version"], basis=data["basis"],
                reason=data["reason"], deciders=data["deciders"], decided_on=data["decided_on"], today=today,
                address=client_address(request)), outcome_of(application.pk, "评审结果已更正")):
            return redirect("web:application", application.pk)
    return render(request, "web/certificates/result_correct.html", {
        "application": application, "form": form, "confirming": confirming,
        "effects": services.correction_effects(application),
        "corrections": application.result_corrections.select_related("recorded_by", "revoked_certificate", "issued_certificate"),
    })


# -- the bureau -----------------------------------------------------------------------------------------

ASSESSMENT_DECISION = RowForm(AssessmentDecisionForm, auto_id="decide{}_%s", hidden=["version"])


@role_required(Role.BUREAU)
def bureau_assessments(request):
    """考核定职 (§三): applications of the bureau's jurisdiction, decided without a meeting."""
    applications = Application.objects.filter(route=Route.ASSESSMENT, plan__in=plans_overseen(request.user).values("pk")).select_related(
        "applicant", "employer", "specialty", "plan__committee").only(*ASSESSMENT_COLUMNS)
    filters = application_filters("name", "unit", "series", "specialty", "year")
    pending = listing(request, applications.filter(state=State.QUALIFIED), prefix="pending_", filters=filters, per_page=FORM_ROWS_PER_PAGE,
                      sorts=[Sort("submitted", "提交时间（最早在前）", ("submitted_at",)), *application_sorts("name")], columns=ASSESSMENT_COLUMNS)
    decided = listing(request, applications.filter(state__in=[State.PASSED, State.NOT_PASSED, State.RESULT_PUBLICITY, State.CONFIRMED]),
                      prefix="decided_", filters=filters, sorts=application_sorts("submitted", "name"), columns=ASSESSMENT_COLUMNS)
    return render(request, "web/certificates/bureau_assessments.html", {
        "pending": pending,
        "forms": [(a, ASSESSMENT_DECISION.for_row(a.pk, version=a.version)) for a in pending.rows],
        "decided": decided,
    })


ASSESSMENT_COLUMNS = ("state", "series", "level", "version", "submitted_at", "applicant__real_name", "employer__name",
                      "specialty__name", "plan__committee__name")


@require_POST
@role_required(Role.BUREAU)
def assessment_decide(request, application_id):
    application = Application.objects.filter(pk=application_id, route=Route.ASSESSMENT, plan__in=plans_overseen(request.user)).first()
    if application is None:
        raise Http404
    form = AssessmentDecisionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    else:
        perform(request, lambda: services.assessment_decide(
            actor=request.user, application_id=application.pk, expected_version=form.cleaned_data["version"],
            passed=form.cleaned_data["passed"], reason=form.cleaned_data["reason"], address=client_address(request)), "考核认定结论已登记")
    return redirect("web:bureau_assessments")


REVOKE = RowForm(RevokeForm, auto_id="revoke{}_%s")


@role_required(Role.BUREAU)
def bureau_certificates(request):
    """证书与撤销: certificates issued by the committees of the bureau's region, and the
    credit archive their revocations wrote (C5)."""
    visible = visible_certificates(request.user)
    found = listing(request, visible.select_related(None), read=CERTIFICATE_ROWS, filters=[
        Filter("name", "姓名", "holder_name__startswith"),
        Filter("number", "证书编号", "number__startswith"),
        Filter("status", "状态", "status", lambda request: Certificate.Status.choices),
        Filter("series", "系列", "series", lambda request: series_choices()),
    ], sorts=[Sort("confirmed", "确认日期（最新在前）", ("-confirmed_on",)), Sort("name", "姓名", ("holder_name",))], per_page=FORM_ROWS_PER_PAGE)
    records = CreditRecord.objects.filter(certificate__in=visible.values("pk"))
    return render(request, "web/certificates/bureau_certificates.html", {
        "list": found,
        "certificates": [(c, REVOKE.for_row(c.pk)) for c in found.rows],
        "records": listing(request, records, read=CREDIT_RECORD_ROWS, prefix="records_",
                           sorts=[Sort("recorded", "记录日期", ("-recorded_on",))]),
    })


# 证书与撤销's rows: each certificate (without its verification token); each credit record with
# the person and the certificate
CERTIFICATE_ROWS = RowsByKey(lambda: Certificate.objects.defer("token"))
CREDIT_RECORD_ROWS = RowsByKey(lambda: CreditRecord.objects.select_related("person", "certificate"))


@require_POST
@role_required(Role.BUREAU)
def certificate_revoke(request, certificate_id):
    certificate = access_certificate_by_id(request.user, certificate_id)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    else:
        perform(request, lambda: services.certificate_revoke(
            actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"], today=timezone.localdate(),
            address=client_address(request)), f"已撤销证书{certificate.number}，并记入诚信档案库")
    return redirect("web:bureau_certificates")


@role_required(Role.BUREAU)
def bureau_qualifications(request):
    """职业资格认定 (E5, §一(十)): the qualifications held by applicants of the region."""
    today = timezone.localdate()
    if request.method == "POST":
        form = RecogniseForm(request.POST)
        qualification = None
        if form.is_valid():
            qualification = QualificationRecord.objects.filter(pk=form.cleaned_data["qualification"]).select_related("profile__user").first()
        if qualification is None or not request.user.has_perm("profiles.view_profile", qualification.profile):
            raise Http404
        perform(request, lambda: services.qualification_recognise(actor=request.user, qualification=qualification, today=today,
                                                                address=client_address(request)),
             f"已认定{qualification.profile.user.real_name}的{qualification.name}")
        return redirect("web:bureau_qualifications")
    region_ids = request.user.unit.region.subtree()
    # those already recognised (the same holder, qualification and certificate) are left out in the query
    done = RecognisedQualification.objects.filter(holder=OuterRef("profile__user"), name=OuterRef("name"),
                                                  certificate_number=OuterRef("certificate_number"))
    held = QualificationRecord.objects.filter(profile__contract_unit__region_id__in=region_ids).exclude(Exists(done))
    waiting = listing(request, held, read=HELD_QUALIFICATION_ROWS, prefix="waiting_",
                      filters=[Filter("name", "姓名", "profile__user__real_name__startswith")],
                      sorts=[by_name("name", "姓名", "profile__user"), Sort("obtained", "取得时间", ("obtained_on",))])
    mapped = {q.pk: rules.get_qualification(q.name, today) for q in waiting.rows}  # the shown page only
    rows = [(q, title_name(m.series, m.level) if (m := mapped[q.pk]) else None) for q in waiting.rows]
    recognised = RecognisedQualification.objects.filter(holder__profile__contract_unit__region_id__in=region_ids)
    return render(request, "web/certificates/bureau_qualifications.html", {
        "rows": rows, "waiting": waiting,
        "recognised": listing(request, recognised, read=RECOGNISED_ROWS, prefix="recognised_",
                              sorts=[Sort("recognised", "认定日期（最新在前）", ("-recognised_on",))]),
    })


# 职业资格认定's rows: each qualification held with its holder and unit; each recognition with
# its holder and who recognised it
HELD_QUALIFICATION_ROWS = RowsByKey(lambda: QualificationRecord.objects.select_related("profile__user", "profile__contract_unit"))
RECOGNISED_ROWS = RowsByKey(lambda: RecognisedQualification.objects.select_related("holder", "recognised_by"))


@role_required(Role.BUREAU)
def bureau_confirmations(request):
    """确认评审结果: result publicities of the region's committees with results still to confirm."""
    today = timezone.localdate()
    waiting = ResultEntry.objects.filter(publicity=OuterRef("pk"), application__state=State.RESULT_PUBLICITY)
    publicities = ResultPublicity.objects.filter(plan__in=plans_overseen(request.user).values("pk")).filter(Exists(waiting))
    found = listing(request, publicities, read=CONFIRMATION_PUBLICITY_ROWS, per_page=5, sorts=[Sort("ends", "公示结束日期", ("ends_on",))])
    return render(request, "web/certificates/bureau_confirmations.html", {
        "publicities": publicity_contexts(request, found.rows, today), "list": found,
    })


# 确认评审结果's publicities: each with its plan, the plan's committee and pre-meeting filing (whose
# meeting decides which results can be confirmed), and the number it lists
CONFIRMATION_PUBLICITY_ROWS = RowsByKey(lambda: ResultPublicity.objects.select_related(
    "plan__committee", "plan__pre_meeting_filing").annotate(listed=listed_count()))


# -- the applicant --------------------------------------------------------------------------------------

@role_required(Role.APPLICANT)
def my_results(request):
    """我的评审结果与证书: results in publicity (with 复查), certificates, recognised qualifications."""
    today = timezone.localdate()
    in_publicity = []
    publicised = request.user.applications.filter(state=State.RESULT_PUBLICITY).select_related("plan__committee", "specialty")
    for application in services.with_current_entries(publicised):
        entry = application.entries_newest_first[0]
        reexaminations = list(entry.reexaminations.all())
        may_request = entry.publicity.starts_on <= today <= entry.publicity.ends_on and all(r.outcome for r in reexaminations)
        in_publicity.append((application, entry, reexaminations, may_request))
    return render(request, "web/certificates/my_results.html", {
        "in_publicity": in_publicity,
        "certificates": [(c, verification_url(c, request.build_absolute_uri("/"))) for c in request.user.certificates.all()],
        "recognised": request.user.recognised_qualifications.all(),
    })


@role_required(Role.APPLICANT)
def reexamination_request(request, application_id):
    application = access_application_by_id(request.user, application_id)
    if application.state != State.RESULT_PUBLICITY:
        raise Http404
    form = ReexaminationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if perform(request, lambda: services.reexamination_request(
                actor=request.user, application_id=application.pk, reason=form.cleaned_data["reason"], today=timezone.localdate(),
                address=client_address(request)), "复查申请已提交，评委会办结后将通知您"):
            return redirect("web:my_results")
    return render(request, "web/certificates/reexamination.html", {
        "form": form, "application": application, "entry": services.current_entry(application),
    })
