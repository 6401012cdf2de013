"""The unit publicity (单位内公示, L7) and the recommendation that follows it (L8)."""

import dataclasses
import datetime
from collections.abc import Sequence

from django.utils import timezone

from zhicheng import rules
from zhicheng.accounts.models import User
from zhicheng.audit.trail import record_event
from zhicheng.catalog.calendar import working_calendar
from zhicheng.display import chinese_date
from zhicheng.rules.dates import full_years_between
from zhicheng.rules.terms import PUBLICITY_FORM_ROUTES
from zhicheng.documents.publicity import PublicityApplicant, UnitPublicity as PublicityForm
from zhicheng.transactions import atomic

from .models import Application, Objection, Opinion, PublicityEntry, Recommendation, State, UnitPublicity
from .notifications import notify, notify_committee_office
from .services import (
    WorkflowError, change_state, locked, require_accepting, require_before_material_deadline, require_employer,
)

Outcome = PublicityEntry.Outcome


def earliest_end(starts_on: datetime.date) -> datetime.date:
    """T7: the first day on which a publicity starting on ``starts_on`` may end."""
    try:
        return rules.publicity_earliest_end(starts_on, working_calendar())
    except rules.RulesError as error:
        raise WorkflowError(str(error)) from error


def publicity_period_end(starts_on: datetime.date, ends_on: datetime.date | None) -> datetime.date:
    """T7 for every publicity (unit, result): the chosen end, or the earliest allowed when none
    is chosen; a period with too few working days is refused with the earliest end."""
    minimum = earliest_end(starts_on)
    ends_on = ends_on or minimum
    if ends_on < minimum:
        days = rules.parameter("publicity.min_working_days", starts_on).value
        raise WorkflowError(
            f"公示期{chinese_date(starts_on)}至{chinese_date(ends_on)}不足{days}个工作日（节假日不计，调休上班日计入），"
            f"最早可于{chinese_date(minimum)}结束（T7，人社部令第40号）"
        )
    return ends_on


def approval_day(application: Application) -> datetime.date | None:
    """The day of the employer's latest approval (审核通过), from which a unit publicity may run."""
    approval = application.opinions.filter(kind=Opinion.Kind.APPROVE).order_by("-created_at").first()
    return timezone.localdate(approval.created_at) if approval else None


@atomic
def publicity_start(*, actor: User, application_ids: list[int], starts_on: datetime.date, ends_on: datetime.date | None,
                    place: str, address: str = "") -> UnitPublicity:
    if not application_ids:
        raise WorkflowError("请至少选择一名公示人员")
    ends_on = publicity_period_end(starts_on, ends_on)
    publicity = UnitPublicity.objects.create(unit=actor.unit, starts_on=starts_on, ends_on=ends_on, place=place, created_by=actor)
    for application_id in sorted(application_ids):  # one lock order for every batch
        application = locked(application_id, None)
        require_employer(application, actor)
        approved_on = approval_day(application)
        if approved_on is None or starts_on < approved_on:
            raise WorkflowError(
                f"{application.applicant.real_name}的申报{'于' + chinese_date(approved_on) + '经单位审核通过' if approved_on else '尚未经单位审核通过'}，"
                f"公示须在审核通过之后进行：补录已张贴的公示，开始日期也不能早于审核通过之日（§二(七)）"
            )
        PublicityEntry.objects.create(publicity=publicity, application=application)
        change_state(application, "publicity_start", actor=actor, address=address,
                     details={"publicity": publicity.pk, "from": starts_on.isoformat(), "to": ends_on.isoformat()})
        notify(application.applicant, application, f"您的综合情况表在本单位公示：{chinese_date(starts_on)}至{chinese_date(ends_on)}")
    return publicity


def require_running(publicity: UnitPublicity, actor: User):
    if actor.unit_id != publicity.unit_id:
        raise WorkflowError("只有本单位经办人可以处理本单位的公示")
    if publicity.closed_at is not None:
        raise WorkflowError("该公示已登记结果，不能再修改")


@atomic
def objection_record(*, actor: User, entry: PublicityEntry, received_on: datetime.date, content: str, address: str = "") -> Objection:
    require_running(entry.publicity, actor)
    if not entry.publicity.starts_on <= received_on <= entry.publicity.ends_on:
        raise WorkflowError(f"收到日期应在公示期{chinese_date(entry.publicity.starts_on)}至{chinese_date(entry.publicity.ends_on)}之内")
    objection = Objection.objects.create(entry=entry, received_on=received_on, content=content, recorded_by=actor)
    record_event(action="publicity.objection", subject=entry.application, actor=actor, opinion=content, address=address,
                 details={"publicity": entry.publicity_id, "objection": objection.pk})
    return objection


@atomic
def objection_settle(*, actor: User, objection: Objection, upheld: bool, settlement: str, address: str = "") -> Objection:
    require_running(objection.entry.publicity, actor)
    objection.upheld, objection.settlement, objection.settled_on = upheld, settlement, timezone.localdate()
    objection.save()
    record_event(action="publicity.objection_settled", subject=objection.entry.application, actor=actor, opinion=settlement,
                 address=address, details={"objection": objection.pk, "upheld": upheld})
    return objection


@atomic
def publicity_close(*, actor: User, publicity: UnitPublicity, today: datetime.date, address: str = "") -> UnitPublicity:
    """At the end, the result of each person goes on the form and with the application;
    an upheld objection stops the recommendation."""
    require_running(publicity, actor)
    if today <= publicity.ends_on:
        raise WorkflowError(f"公示期至{chinese_date(publicity.ends_on)}结束，{chinese_date(publicity.ends_on + datetime.timedelta(days=1))}起才能登记公示结果")
    if Objection.objects.filter(entry__publicity=publicity, upheld__isnull=True).exists():
        raise WorkflowError("还有未处理的异议，请先登记核实处理情况")
    for entry in publicity.entries.select_related("application"):
        application = locked(entry.application_id, None)
        if application.state != State.IN_PUBLICITY:  # withdrawn during the publicity: nothing more to decide
            entry.outcome = Outcome.WITHDRAWN
            entry.save(update_fields=["outcome"])
            continue
        objections = list(entry.objections.all())
        if any(o.upheld for o in objections):
            entry.outcome, action = Outcome.OBJECTION_UPHELD, "publicity_uphold"
        else:
            entry.outcome, action = (Outcome.OBJECTION_DISMISSED if objections else Outcome.NO_OBJECTION), "publicity_clear"
        entry.save(update_fields=["outcome"])
        change_state(application, action, actor=actor, opinion=entry_result_text(entry), address=address)
        notify(application.applicant, application, f"单位公示结果：{entry_result_text(entry)}")
    publicity.closed_at = timezone.now()
    publicity.save(update_fields=["closed_at"])
    return publicity


def entry_result_text(entry: PublicityEntry) -> str:
    objections = list(entry.objections.all())
    if not objections:
        return entry.get_outcome_display()
    settled = "；".join(f"{chinese_date(o.received_on)}收到异议：{o.content}。处理情况：{o.settlement or '待处理'}" for o in objections)
    return f"{entry.get_outcome_display()}（{settled}）"


@atomic
def recommend(*, actor: User, application_id: int, expected_version: int, today: datetime.date, address: str = "",
              **opinion) -> Application:
    """L8: the employer's opinion, then the application goes to the committee (L2: only this
    way), by the committee's material deadline and inside its filing (§二(二), C3)."""
    application = locked(application_id, expected_version)
    require_employer(application, actor)
    require_before_material_deadline(application.plan, today, "推荐报送")
    require_accepting(application.plan, today)
    entry = application.publicity_entries.select_related("publicity").order_by("-publicity__starts_on").first()
    if entry is None or entry.outcome not in (Outcome.NO_OBJECTION, Outcome.OBJECTION_DISMISSED):
        raise WorkflowError("须在本单位公示且公示结果无异议（或异议不成立）后才能推荐（§二(七)）")
    summary = f"{chinese_date(entry.publicity.starts_on)}至{chinese_date(entry.publicity.ends_on)}在{entry.publicity.place}公示，{entry_result_text(entry)}"
    Recommendation.objects.update_or_create(application=application, defaults={**opinion, "publicity_summary": summary, "author": actor})
    change_state(application, "recommend", actor=actor, opinion=opinion.get("opinion", ""), address=address)
    notify_committee_office(application.committee, application, f"{application.employer.name}推荐{application.applicant.real_name}申报{application.title_name}，请进行资格审核")
    notify(application.applicant, application, f"单位已将您的申报推荐报送{application.committee.name}")
    return application


# -- the 综合情况（公示）表 (D1) --------------------------------------------------------------

def years_until(start_iso: str | None, cutoff: datetime.date) -> int:
    return full_years_between(datetime.date.fromisoformat(start_iso), cutoff) if start_iso else 0


def publicity_form(publicity: UnitPublicity) -> PublicityForm:
    """The data of the form, from what each application froze at submission."""
    return dataclasses.replace(publicity_form_header(publicity),
                               applicants=publicity_applicants_of(publicity, publicity_entry_ids(publicity)))


def publicity_form_header(publicity: UnitPublicity) -> PublicityForm:
    """The form's lines that are the same for every applicant (no applicants: see
    `publicity_applicants_of`)."""
    return PublicityForm(
        unit_name=publicity.unit.name, unit_kind=publicity.unit.get_kind_display(), period_start=publicity.starts_on,
        period_end=publicity.ends_on, handler=publicity.created_by.real_name,
        seal_text=publicity.unit.name, applicants=(),
    )


def publicity_entry_ids(publicity: UnitPublicity) -> list[int]:
    """The publicity's entries, in the form's order."""
    return list(publicity.entries.order_by("pk").values_list("pk", flat=True))


def publicity_applicants_of(publicity: UnitPublicity, entry_ids: Sequence[int]) -> tuple[PublicityApplicant, ...]:
    """The applicants of the entries `entry_ids` (some of `publicity_entry_ids`), in order, in
    a constant number of queries."""
    return tuple(publicity_applicant(entry) for entry in publicity.entries.filter(pk__in=entry_ids).order_by("pk").select_related(
        "publicity", "application__applicant", "application__specialty", "application__plan__committee"
    ).prefetch_related("objections", "application__assessments", "application__continuing_education", "application__achievements"))


def publicity_applicant(entry: PublicityEntry) -> PublicityApplicant:
    """One applicant's form: what the application froze at submission, and the result of
    this publicity for this applicant once it is closed."""
    application = entry.application
    facts = application.snapshot["facts"]
    cutoff = application.plan.service_cutoff_for(application.route, application.submitted_at.date())
    education, current = facts["education"] or {}, facts["current_title"] or {}
    hours = sum(record.hours for record in application.continuing_education.all())
    return PublicityApplicant(
        name=application.applicant.real_name,
        gender=facts["gender"],
        birth_month=datetime.date.fromisoformat(facts["birth_date"]),
        highest_education=education.get("degree", "—"),
        school_and_major=f"{education.get('school', '')} {education.get('major', '')}".strip() or "—",
        graduated_on=datetime.date.fromisoformat(education["graduated_on"]) if education else None,
        current_title=current.get("name", "无"),
        current_title_obtained_on=datetime.date.fromisoformat(current["obtained_on"]) if current else None,
        appointed_on=None,
        series=application.get_series_display(),
        specialty=application.specialty.name,
        level=application.title_name,
        application_route=PUBLICITY_FORM_ROUTES[application.route],
        professional_years=years_until(facts["professional_work_since"], cutoff),
        years_in_current_title=years_until(current.get("obtained_on"), cutoff),
        annual_assessments=tuple((a.year, a.get_result_display()) for a in application.assessments.all()),
        continuing_education=f"累计{hours}学时" if hours else "未填报",
        achievements=tuple(a.title for a in application.achievements.all()[:5]),
        publicity_result=entry_result_text(entry) if entry.publicity.closed_at else None,
    )
