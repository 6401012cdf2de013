"""The employer's unit publicity (L7) and recommendation (L8) pages."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.applications import publicity as publicity_service
from zhicheng.applications.access import access_application_by_id
from zhicheng.applications.forms import ObjectionForm, PublicityStartForm, RecommendationForm, SettleForm
from zhicheng.applications.models import Application, Objection, State, UnitPublicity
from zhicheng.applications.services import WorkflowError
from zhicheng.audit.trail import client_address
from zhicheng.display import chinese_date

from .feedback import form_errors, perform, submitted
from .listing import FORM_ROWS_PER_PAGE, RowsByKey, Sort, application_filters, application_sorts, listing
from .views import role_required


def approved_applications(user):
    return Application.objects.filter(employer=user.unit, state=State.EMPLOYER_APPROVED)


# what a checkbox of the publicity form names (its label)
OFFERED_COLUMNS = ("series", "level", "applicant__real_name", "specialty__name", "plan__committee__name")


@role_required(Role.EMPLOYER)
def publicities(request):
    approved = approved_applications(request.user)
    offered = listing(request, approved, prefix="approved_", filters=application_filters("name"),
                      sorts=application_sorts("name", "submitted"), per_page=FORM_ROWS_PER_PAGE, columns=OFFERED_COLUMNS)
    form = PublicityStartForm(submitted(request), approved=approved, offered=offered)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            publicity = publicity_service.publicity_start(
                actor=request.user, application_ids=[a.pk for a in data["applications"]], starts_on=data["starts_on"],
                ends_on=data["ends_on"], place=data["place"], address=client_address(request),
            )
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"公示已开始：{chinese_date(publicity.starts_on)}至{chinese_date(publicity.ends_on)}")
            return redirect("web:publicity", publicity.pk)
    # a publicity may list hundreds: the list gives how many, its page the names
    found = listing(request, UnitPublicity.objects.filter(unit=request.user.unit), read=UNIT_PUBLICITY_ROWS, per_page=20,
                    sorts=[Sort("starts", "公示开始日期（最新在前）", ("-starts_on",))])
    return render(request, "web/publicities.html", {"form": form, "offered": offered, "list": found})


# 单位公示's rows: each publicity with the number it lists
UNIT_PUBLICITY_ROWS = RowsByKey(lambda: UnitPublicity.objects.annotate(entry_count=Count("entries")))


def own_publicity(request, publicity_id) -> UnitPublicity:
    publicity = UnitPublicity.objects.filter(pk=publicity_id, unit=request.user.unit).select_related("unit", "created_by").first()
    if publicity is None:
        raise Http404
    return publicity


@role_required(Role.EMPLOYER)
def publicity_detail(request, publicity_id):
    publicity = own_publicity(request, publicity_id)
    entries = [
        (entry, ObjectionForm(initial={"entry": entry.pk}),
         [(objection, SettleForm(initial={"objection": objection.pk})) for objection in entry.objections.all()])
        for entry in publicity.entries.select_related("application__applicant", "application__specialty").prefetch_related("objections")
    ]
    return render(request, "web/publicity.html", {
        "publicity": publicity, "entries": entries,
        "can_close": publicity.closed_at is None and timezone.localdate() > publicity.ends_on,
    })


def on_publicity(request, publicity, action):
    perform(request, action, "已登记")
    return redirect("web:publicity", publicity.pk)


@require_POST
@role_required(Role.EMPLOYER)
def objection_add(request, publicity_id):
    publicity = own_publicity(request, publicity_id)
    form = ObjectionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("web:publicity", publicity.pk)
    entry = publicity.entries.filter(pk=form.cleaned_data["entry"]).first()
    if entry is None:
        raise Http404
    return on_publicity(request, publicity, lambda: publicity_service.objection_record(
        actor=request.user, entry=entry, received_on=form.cleaned_data["received_on"], content=form.cleaned_data["content"],
        address=client_address(request)))


@require_POST
@role_required(Role.EMPLOYER)
def objection_settle(request, publicity_id):
    publicity = own_publicity(request, publicity_id)
    form = SettleForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("web:publicity", publicity.pk)
    objection = Objection.objects.filter(pk=form.cleaned_data["objection"], entry__publicity=publicity).first()
    if objection is None:
        raise Http404
    return on_publicity(request, publicity, lambda: publicity_service.objection_settle(
        actor=request.user, objection=objection, upheld=form.cleaned_data["upheld"], settlement=form.cleaned_data["settlement"],
        address=client_address(request)))


@require_POST
@role_required(Role.EMPLOYER)
def publicity_close(request, publicity_id):
    publicity = own_publicity(request, publicity_id)
    return on_publicity(request, publicity, lambda: publicity_service.publicity_close(
        actor=request.user, publicity=publicity, today=timezone.localdate(), address=client_address(request)))


@role_required(Role.EMPLOYER)
def application_recommend(request, application_id):
    application = access_application_by_id(request.user, application_id)
    if application.state != State.PUBLICITY_DONE:
        raise Http404
    form = RecommendationForm(submitted(request), initial={"version": application.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            publicity_service.recommend(actor=request.user, application_id=application.pk, expected_version=version,
                                        today=timezone.localdate(), address=client_address(request), **data)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已推荐报送{application.committee.name}")
            return redirect("web:application", application.pk)
    back = reverse("web:application", args=[application.pk])
    return render(request, "web/form.html", {"form": form, "title": f"单位推荐意见 · {application.applicant.real_name}", "back": back})
