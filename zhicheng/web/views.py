"""Pages per role. A view parses input, checks permission, calls one domain function and
renders; the rules live in the domain apps."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhicheng import rules
from zhicheng.accounts.identity import mask_id_number
from zhicheng.accounts.models import Region, Role, Unit, UnitKind
from zhicheng.accounts.permissions import access_profile_by_id
from zhicheng.audit.downloads import XLSX
from zhicheng.catalog.calendar import next_year_warning
from zhicheng.catalog.models import Committee, ExpertMembership
from zhicheng.catalog.standing import Pool, office_pools, standing_reminders
from zhicheng.applications.models import Notification
from zhicheng.applications.eligibility import application_records, latest_application, person_precheck, record_years
from zhicheng.accounts.services import personal_data_reveal, staff_account_create
from zhicheng.audit.trail import client_address
from zhicheng.accounts.throttle import Throttled, throttle
from zhicheng.accounts.forms import LoginForm, StaffAccountForm
from zhicheng.profiles.forms import BasicInfoForm, EligibilityQuestionForm, InsuranceImportForm, RegistrationForm
from zhicheng.profiles.insurance_import import ImportRefused, template_workbook
from zhicheng.profiles.insurance_import import insurance_import as statement_import
from zhicheng.profiles.models import ApplicantProfile
from zhicheng.profiles.sections import SECTIONS
from zhicheng.profiles import services as profile_services

from . import home as home_data
from .feedback import submitted
from .listing import COMMITTEES_PER_PAGE, Filter, RowsByKey, Sort, by_name, listing


def role_required(*roles):
    """Pages of another role answer 404, like a page that does not exist."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if request.user.role not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


HOME_PAGES = {
    Role.APPLICANT: lambda user, today: home_data.applicant_home(user),
    Role.EMPLOYER: home_data.employer_home,
    Role.COMMITTEE: home_data.committee_home,
    Role.EXPERT: home_data.expert_home,
    Role.BUREAU: home_data.bureau_home,
    Role.ADMIN: lambda user, today: home_data.admin_home(today),
}


def home(request):
    """首页: what this person has to do next."""
    if not request.user.is_authenticated:
        return redirect("web:login")
    today = timezone.localdate()
    context = HOME_PAGES[request.user.role](request.user, today)
    return render(request, f"web/home/{request.user.role}.html", {**context, "today": today})


def login_view(request):
    form = LoginForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["login"], password=form.cleaned_data["password"])
        if user is None:
            form.add_error(None, "身份证号（或手机号码）与密码不匹配，或账号已停用")
        else:
            login(request, user)
            target = request.GET.get("next", "")
            safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
            return redirect(target if safe else "web:home")
    return render(request, "web/login.html", {"form": form, "failure_limit": settings.LOGIN_FAILURE_LIMIT})


@login_required
def password_changed(request):
    messages.success(request, "密码已修改")
    return redirect("web:home")


@require_POST
def logout_view(request):
    logout(request)
    return redirect("web:login")


def register(request):
    form = RegistrationForm(submitted(request))
    if request.method == "POST":
        try:
            throttle(request, "register", account=request.POST.get("id_number", "").strip().upper()[:18])
        except Throttled as refused:
            form.add_error(None, str(refused))
    if request.method == "POST" and form.is_valid():
        user = profile_services.applicant_register(**{key: form.cleaned_data[key] for key in ("real_name", "id_number", "mobile", "password")})
        login(request, user, backend="zhicheng.accounts.backends.IdentityOrMobileBackend")
        messages.success(request, "注册成功。请完善个人档案，档案可在以后每年的申报中重复使用。")
        return redirect("web:profile")
    return render(request, "web/register.html", {"form": form})


def own_profile(request) -> ApplicantProfile:
    return ApplicantProfile.objects.select_related("user", "contract_unit__region").get(user=request.user)


def profile_context(profile):
    return {
        "profile": profile,
        "sections": [(section, list(section.records(profile))) for section in SECTIONS.values()],
    }


@role_required(Role.APPLICANT)
def profile_overview(request):
    return render(request, "web/profile.html", {**profile_context(own_profile(request)), "editable": True})


@role_required(Role.APPLICANT)
def profile_basic_edit(request):
    profile = own_profile(request)
    form = BasicInfoForm(submitted(request), instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        profile_services.profile_basic_update(profile=profile, form=form)
        messages.success(request, "基本信息已保存")
        return redirect("web:profile")
    return render(request, "web/form.html", {"form": form, "title": "基本信息", "back": reverse("web:profile")})


def section_or_404(sections, slug):
    """A section of a profile or an application by its slug; an unknown one is a 404."""
    if slug not in sections:
        raise Http404
    return sections[slug]


def refused_as_locked(request, record) -> bool:
    """A title this system issued is the applicant's to see, not to change."""
    try:
        profile_services.require_unlocked(record)
    except profile_services.RecordLocked as locked:
        messages.error(request, str(locked))
        return True
    return False


def record_or_404(section, owner, record_id):
    record = section.record_of(owner, record_id)
    if record is None:
        raise Http404
    return record


@role_required(Role.APPLICANT)
def profile_record_edit(request, section, record_id=None):
    section = section_or_404(SECTIONS, section)
    profile = own_profile(request)
    record = record_or_404(section, profile, record_id) if record_id else None
    if record is not None and refused_as_locked(request, record):
        return redirect(reverse("web:profile") + f"#{section.slug}")
    form = section.make_form(profile, submitted(request), instance=record)
    if request.method == "POST" and form.is_valid():
        profile_services.profile_record_save(profile=profile, section=section, form=form)
        messages.success(request, f"{section.title}已保存")
        return redirect(reverse("web:profile") + f"#{section.slug}")
    title = f"{'修改' if record else '添加'}{section.title}"
    return render(request, "web/form.html", {"form": form, "title": title, "back": reverse("web:profile")})


@role_required(Role.APPLICANT)
def profile_record_delete(request, section, record_id):
    section = section_or_404(SECTIONS, section)
    record = record_or_404(section, own_profile(request), record_id)
    if refused_as_locked(request, record):
        return redirect(reverse("web:profile") + f"#{section.slug}")
    if request.method == "POST":
        profile_services.profile_record_delete(record=record)
        messages.success(request, f"已删除一条{section.title}")
        return redirect(reverse("web:profile") + f"#{section.slug}")
    back = reverse("web:profile") + f"#{section.slug}"
    return render(request, "web/confirm_delete.html", {"section": section, "record": record, "back": back})


@role_required(Role.APPLICANT)
def insurance_import(request):
    """导入参保缴费明细: the sheet's months become periods, replacing what was there."""
    profile = own_profile(request)
    back = reverse("web:profile") + "#insurance"
    form = InsuranceImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            periods = statement_import(profile=profile, content=form.cleaned_data["file"].read())
        except ImportRefused as refused:
            form.add_error("file", str(refused))
        else:
            months = sum(len(period.month_list()) for period in periods)
            messages.success(request, f"已导入{months}个月的参保记录，合并为{len(periods)}段。「我能申报吗？」将按新的参保记录核对。")
            return redirect(back)
    return render(request, "web/insurance_import.html", {"form": form, "back": back})


@role_required(Role.APPLICANT)
def insurance_template(request):
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "参保缴费明细导入模板.xlsx")
    return response


@role_required(Role.APPLICANT)
def eligibility(request):
    """「我能申报吗？」: the rules engine on the applicant's own profile and the yearly records
    typed on the page (started from those of the latest application), explained."""
    profile = own_profile(request)
    held = application_records(latest_application(request.user))
    years = record_years(profile, timezone.localdate())
    initial = {f"assessment_{year}": result for year, result in held["assessments"]}
    initial.update({f"ce_hours_{year}": value for year, value in held["ce_hours"]})
    form = EligibilityQuestionForm(request.GET or None, years=years, initial=initial)
    decision = earliest = unavailable = None
    if form.is_bound and form.is_valid():
        try:
            # 破格 counts achievements: those of the latest application
            decision, earliest = person_precheck(profile, **form.target(), achievements=held["achievements"])
        except rules.RulesError as error:  # a rule the applicant's jurisdiction has no value of that day
            unavailable = str(error)
    return render(request, "web/eligibility.html", {"form": form, "decision": decision, "earliest": earliest,
                                                    "unavailable": unavailable})


@role_required(Role.EMPLOYER)
def unit_staff(request):
    """本单位申报人: the employer officer's own unit only (P1)."""
    profiles = ApplicantProfile.objects.filter(contract_unit=request.user.unit)
    found = listing(request, profiles, filters=[Filter("name", "姓名", "user__real_name__startswith")],
                    sorts=[by_name("name", "姓名", "user")], columns=("user__real_name", "user__id_number"))
    latest = profile_services.latest_records([row.pk for row in found.rows])
    for row in found.rows:
        row.masked_id_number = mask_id_number(row.user.id_number or "")
        row.__dict__.update(latest[row.pk])
    return render(request, "web/unit_staff.html", {"list": found, "unit": request.user.unit})


@role_required(Role.EMPLOYER, Role.BUREAU, Role.ADMIN)
def applicant_profile(request, profile_id):
    """An officer sees the mobile number masked; the full number takes one explicit,
    recorded POST (PIPL: minimum necessary)."""
    profile = access_profile_by_id(request.user, profile_id)
    revealed = {}
    if request.method == "POST":
        revealed = personal_data_reveal(person=profile.user, fields=("mobile",), actor=request.user,
                                        address=client_address(request))
    return render(request, "web/profile.html", {**profile_context(profile), "editable": False, "revealed": revealed})


# 评委会's rows: each committee with its organiser, region and specialties
OFFICE_COMMITTEE_ROWS = RowsByKey(lambda: Committee.objects.select_related("organiser", "region"), prefetch=("specialties",))


@role_required(Role.COMMITTEE)
def committee_home(request):
    found = listing(request, request.user.committees_run.all(), read=OFFICE_COMMITTEE_ROWS, sorts=[Sort("name", "名称", ("name",))],
                    per_page=COMMITTEES_PER_PAGE)
    today = timezone.localdate()
    standing = office_pools(request.user.pk, today)  # the office's committees: those of the page among them
    committees = []
    for committee in found.rows:
        pool = standing.get(committee.pk, Pool())
        committees.append((committee, standing_reminders(committee, today, pool), pool.serving))
    return render(request, "web/committee_home.html", {"list": found, "committees": committees})


@role_required(Role.EXPERT)
def expert_home(request):
    memberships = ExpertMembership.objects.filter(expert=request.user)
    return render(request, "web/expert_home.html", {
        "list": listing(request, memberships, read=MEMBERSHIP_ROWS, sorts=[Sort("term", "任期止（最晚在前）", ("-term_until",))])})


# 所在评委会's rows: each term in a pool with its committee and specialty
MEMBERSHIP_ROWS = RowsByKey(lambda: ExpertMembership.objects.select_related("committee", "specialty").only(
    "term_from", "term_until", "committee__name", "specialty__name"))


@role_required(Role.BUREAU)
def bureau_home(request):
    """人社部门: the units and committees within the bureau's region."""
    jurisdiction = request.user.unit.region
    regions = jurisdiction.subtree()
    units = listing(request, Unit.objects.filter(region_id__in=regions), prefix="units_", filters=[
        Filter("name", "单位名称", "name__contains"),
        Filter("kind", "单位性质", "kind", lambda request: UnitKind.choices),
        Filter("region", "所在区划", "region_id", lambda request: Region.objects.filter(pk__in=regions).values_list("pk", "name")),
    ], sorts=[Sort("name", "单位名称", ("name",)), Sort("region", "所在区划", ("region__code", "name"))], columns=BUREAU_UNIT_COLUMNS)
    # counted for the units on the page only, in one query: not a join over every profile; rows
    # counted, not their keys, so that the index on the unit gives the count alone
    staff = dict(ApplicantProfile.objects.filter(contract_unit_id__in=[unit.pk for unit in units.rows]).order_by()
                 .values_list("contract_unit").annotate(n=Count("*")))
    for unit in units.rows:
        unit.applicant_count = staff.get(unit.pk, 0)
    committees = Committee.objects.filter(region_id__in=regions)
    return render(request, "web/bureau_home.html", {
        "units": units,
        "committees": listing(request, committees, prefix="committees_", sorts=[Sort("name", "名称", ("name",))],
                              columns=BUREAU_COMMITTEE_COLUMNS),
        "jurisdiction": jurisdiction,
    })


# what the bureau's lists of units and committees show
BUREAU_UNIT_COLUMNS = ("name", "credit_code", "kind", "region__name")
BUREAU_COMMITTEE_COLUMNS = ("name", "organiser__name", "grade", "region_level")


@role_required(Role.BUREAU)
def bureau_account_new(request):
    """开设账号: a bureau gives employer officers and experts of its region their accounts."""
    form = StaffAccountForm(submitted(request), bureau_officer=request.user)
    if request.method == "POST" and form.is_valid():
        user, password = staff_account_create(created_by=request.user, **form.cleaned_data)
        return render(request, "web/account_created.html", {"account": user, "password": password})
    return render(request, "web/form.html", {"form": form, "title": "开设单位经办人或专家账号", "back": reverse("web:bureau_home")})


@role_required(Role.ADMIN)
def admin_home(request):
    counts = {
        "单位": Unit.objects.count(),
        "申报人": ApplicantProfile.objects.count(),
        "评审委员会": Committee.objects.count(),
    }
    return render(request, "web/admin_home.html", {"counts": counts, "calendar_warning": next_year_warning(timezone.localdate())})


NOTIFICATION_ROWS = RowsByKey(lambda: Notification.objects.all())


@login_required
def notifications(request):
    """消息: what needs my action, newest first; opening the list marks them read."""
    found = listing(request, request.user.notifications.all(), read=NOTIFICATION_ROWS, sorts=[Sort("newest", "最新在前", ("-created_at",))])
    items = list(found.page.object_list)
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "web/notifications.html", {"items": items, "list": found})
