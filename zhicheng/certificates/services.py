"""Every change of results, certificates and the credit archive: one function each, one
transaction each, an audit event each, notifications after commit (STYLE).  The moves
of the application are those of ``applications.workflow``; every legal rule is asked of
``zhicheng.rules``."""

import datetime
import secrets

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet

from zhicheng import rules
from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Application, Route, State
from zhicheng.applications.notifications import notify, notify_committee_office
from zhicheng.applications.publicity import publicity_period_end
from zhicheng.applications.services import WorkflowError, change_state, locked
from zhicheng.applications.workflow import CLOSED_STATES, allows
from zhicheng.audit.trail import record_event
from zhicheng.catalog.models import title_name
from zhicheng.display import chinese_date
from zhicheng.profiles.models import QualificationRecord, TitleMethod, TitleOrigin, TitleRecord
from zhicheng.review.models import ReviewPlan
from zhicheng.review.services import meeting_blocker, require_bureau_over, require_office
from zhicheng.rules.dates import add_years
from zhicheng.transactions import atomic

from .models import (
    Certificate,
    CreditRecord,
    RecognisedQualification,
    Reexamination,
    ResultCorrection,
    ResultEntry,
    ResultObjection,
    ResultPublicity,
)


def require_confirmer(plan: ReviewPlan, actor: User):
    """The HR bureau over the committee, or the organising unit's office, confirms (C4)."""
    if actor.role == Role.BUREAU:
        require_bureau_over(plan, actor)
    else:
        require_office(plan, actor)


NEWEST_ENTRY_FIRST = ("-publicity__starts_on", "-pk")


def current_entry(application: Application) -> ResultEntry | None:
    """The application's entry on its latest result publicity."""
    return application.result_entries.select_related("publicity__plan__committee").order_by(*NEWEST_ENTRY_FIRST).first()


def with_current_entries(applications: QuerySet[Application]) -> QuerySet[Application]:
    """``applications`` with their result entries, newest first (the first is
    `current_entry`'s) and each entry's re-examinations, read in two queries for all."""
    entries = ResultEntry.objects.select_related("publicity__plan__committee").prefetch_related("reexaminations")
    return applications.prefetch_related(
        Prefetch("result_entries", queryset=entries.order_by(*NEWEST_ENTRY_FIRST), to_attr="entries_newest_first")
    )


def confirmation_blocker(entry: ResultEntry, today: datetime.date, *, objections=None, reexaminations=None) -> str | None:
    """Why the result of ``entry`` cannot be confirmed on ``today``, or None (C4, T2).
    ``objections`` and ``reexaminations`` are the entry's, when the caller has read them (a
    page of entries reads them for all its entries at once)."""
    publicity, application = entry.publicity, entry.application
    if application.state != State.RESULT_PUBLICITY:
        return f"当前状态为“{State(application.state).label}”"
    if today <= publicity.ends_on:
        return f"结果公示至{chinese_date(publicity.ends_on)}结束，{chinese_date(publicity.ends_on + datetime.timedelta(days=1))}起才能确认"
    if any(objection.upheld is None for objection in (entry.objections.all() if objections is None else objections)):
        return "还有未处理的公示异议"
    if any(not reexamination.outcome for reexamination in (entry.reexaminations.all() if reexaminations is None else reexaminations)):
        return "还有未办结的复查申请"
    if application.route != Route.ASSESSMENT:  # every route but 考核定职 is reviewed at a meeting
        # A meeting without the acknowledged pre-meeting filing is not recognised (T2, §一(六)).
        return meeting_blocker(publicity.plan, publicity.plan.meeting_on)
    return None


def confirmable_applications(publicity: ResultPublicity, today: datetime.date):
    """The applications on ``publicity`` whose results can be confirmed on ``today`` — those
    :func:`confirmation_blocker` finds nothing against — in one query, however many the
    publicity lists."""
    if today <= publicity.ends_on:
        return Application.objects.none()
    ready = Application.objects.filter(result_entries__publicity=publicity, state=State.RESULT_PUBLICITY).exclude(
        _open_matters(publicity=publicity, application=OuterRef("pk")))
    if meeting_blocker(publicity.plan, publicity.plan.meeting_on):
        ready = ready.filter(route=Route.ASSESSMENT)  # every other route is reviewed at the meeting
    return ready


def confirmable_counts(publicities, today: datetime.date) -> dict[int, int]:
    """How many applications :func:`confirmable_applications` gives on ``today`` for each of
    ``publicities`` (their plans read with them), by the publicity's key: one query for all.
    An application is listed once on a publicity, so its entries are counted."""
    ended = [publicity for publicity in publicities if today > publicity.ends_on]
    counts = dict.fromkeys((publicity.pk for publicity in publicities), 0)
    if not ended:
        return counts
    rows = ResultEntry.objects.filter(publicity__in=ended, application__state=State.RESULT_PUBLICITY).exclude(
        _open_matters(publicity=OuterRef("publicity"), application=OuterRef("application"))).values("publicity").annotate(
        every=Count("publicity"), assessed=Count("publicity", filter=Q(application__route=Route.ASSESSMENT)))
    found = {row["publicity"]: row for row in rows}
    for publicity in ended:
        row = found.get(publicity.pk)
        if row is not None:
            # every route but 考核定职 is reviewed at the meeting
            counts[publicity.pk] = row["assessed"] if meeting_blocker(publicity.plan, publicity.plan.meeting_on) else row["every"]
    return counts


def _open_matters(*, publicity, application) -> Q:
    """An objection not yet settled or a re-examination not yet decided on the entry of
    ``application`` on ``publicity``."""
    on_it = {"entry__publicity": publicity, "entry__application": application}
    return Exists(ResultObjection.objects.filter(upheld__isnull=True, **on_it)) | Exists(
        Reexamination.objects.filter(outcome="", **on_it))


def valid_certificate(application: Application) -> Certificate | None:
    """The application's certificate in force, if any (a correction may have revoked or
    superseded earlier ones)."""
    return application.certificates.filter(status=Certificate.Status.VALID).first()


def correction_move(application: Application) -> str | None:
    """The move a result correction makes on this application, or None when its result
    cannot be corrected: a pass becomes 未通过; a 未通过 becomes a pass, with a new
    certificate when a correction had revoked its certificate."""
    if allows(application.state, "result_overturn", application.route):
        return "result_overturn"
    if not allows(application.state, "result_correct_pass", application.route):
        return None
    revoked = application.certificates.filter(status=Certificate.Status.REVOKED, revoking_corrections__isnull=False).exists()
    return "result_reinstate" if revoked else "result_correct_pass"


def correction_effects(application: Application) -> list[str]:
    """What a correction of this application's result will do, in the words shown before
    it is confirmed (it cannot be undone but by another correction)."""
    action = correction_move(application)
    if action is None:
        return []
    name, title = application.applicant.real_name, application.title_name
    result = (State.NOT_PASSED if action == "result_overturn" else State.PASSED).label
    effects = [f"{name}的{title}评审结果将由“{application.get_state_display()}”更正为“{result}”。"]
    certificate = valid_certificate(application)
    if action == "result_overturn" and certificate is not None:
        effects.append(f"电子职称证书（证书编号{certificate.number}）将被撤销，核验页面显示已撤销，该职称从个人档案中移除。")
    elif action == "result_reinstate":
        effects.append("将换发电子职称证书（新的证书编号），被撤销的原证书在核验页面显示已换发。")
    elif action == "result_correct_pass":
        effects.append("更正后须重新公示评审结果，公示期满后确认发证。")
    effects.append(f"将发消息通知{name}。")
    return effects


def _correct(application: Application, *, actor: User, basis: str, reason: str, deciders: str, decided_on: datetime.date,
             today: datetime.date, address: str) -> ResultCorrection:
    """Changes the result of the locked ``application`` to the other one, within the
    caller's transaction: the correction's record, the move, the certificate revoked or
    reissued, the applicant told."""
    action = correction_move(application)
    if action is None:
        raise WorkflowError(f"当前状态为“{application.get_state_display()}”，没有可更正的评审结果")
    passed = action != "result_overturn"
    if action == "result_correct_pass" and Application.objects.filter(applicant=application.applicant_id, plan=application.plan_id).exclude(
            state__in=CLOSED_STATES).exists():
        raise WorkflowError(f"{application.applicant.real_name}在本评审计划中另有办理中的申报，须先撤回该申报，才能把本申报更正为评审通过")
    basis_label = ResultCorrection.Basis(basis).label
    correction = ResultCorrection.objects.create(
        application=application, basis=basis, passed=passed, reason=reason, deciders=deciders, decided_on=decided_on, recorded_by=actor,
    )
    result = correction.result_label
    told = f"您的{application.title_name}评审结果经{basis_label}更正为“{result}”（{chinese_date(decided_on)}决定）：{reason}。"
    if action == "result_overturn" and application.state == State.CONFIRMED:
        certificate = Certificate.objects.select_for_update(no_key=True).get(pk=valid_certificate(application).pk)
        certificate.status, certificate.revoked_on = Certificate.Status.REVOKED, today
        certificate.revocation_reason = f"评审结果经{basis_label}更正为“{result}”：{reason}"
        certificate.save(update_fields=["status", "revoked_on", "revocation_reason"])
        TitleRecord.objects.filter(pk=certificate.title_record_id).delete()
        correction.revoked_certificate = certificate
        told += f"您的电子职称证书（证书编号{certificate.number}）已于{chinese_date(today)}撤销，该职称已从个人档案中移除。"
    elif action == "result_reinstate":
        old = Certificate.objects.select_for_update(no_key=True).filter(
            application=application, status=Certificate.Status.REVOKED, revoking_corrections__isnull=False).latest("pk")
        new = certificate_issue(application, confirmed_on=today)
        old.status, old.superseded_by, old.superseded_on = Certificate.Status.SUPERSEDED, new, today
        old.save(update_fields=["status", "superseded_by", "superseded_on"])
        correction.issued_certificate, correction.revoked_certificate = new, old
        told += f"已为您换发电子职称证书，新证书编号{new.number}，原证书（证书编号{old.number}）不再有效。"
    else:
        told += "评委会将公示评审结果，公示期满后确认发证。" if passed else ""
    correction.save(update_fields=["revoked_certificate", "issued_certificate"])
    change_state(application, action, actor=actor, opinion=reason, address=address, details={
        "correction": correction.pk, "basis": basis, "deciders": deciders, "decided_on": decided_on.isoformat(),
        "revoked_certificate": correction.revoked_certificate.number if correction.revoked_certificate else None,
        "issued_certificate": correction.issued_certificate.number if correction.issued_certificate else None,
    })
    notify(application.applicant, application, told)
    return correction


@atomic
def result_correct(*, actor: User, application_id: int, expected_version: int, basis: str, reason: str, deciders: str,
                   decided_on: datetime.date, today: datetime.date, address: str = "") -> ResultCorrection:
    """评审结果更正: the committee office records what a re-examination or an upheld objection
    decided, whichever way it goes (人社部令第40号 on 复查 and 异议)."""
    application = locked(application_id, expected_version)
    require_office(application.plan, actor)
    if basis not in ResultCorrection.Basis.values:
        raise WorkflowError("请选择更正依据（复查或异议成立）")
    if not reason.strip():
        raise WorkflowError("请写明更正评审结果的理由")
    if not deciders.strip():
        raise WorkflowError("请填写作出决定的人员（姓名和职务）")
    if decided_on > today:
        raise WorkflowError(f"决定日期{chinese_date(decided_on)}晚于今天，请填写已作出决定的日期")
    if application.plan.meeting_on and decided_on < application.plan.meeting_on:
        raise WorkflowError(f"决定日期{chinese_date(decided_on)}早于评审会议（{chinese_date(application.plan.meeting_on)}），不能更正尚未作出的结果")
    return _correct(application, actor=actor, basis=basis, reason=reason, deciders=deciders, decided_on=decided_on, today=today,
                    address=address)


def _overturn_in_publicity(entry: ResultEntry, *, actor: User, basis: str, reason: str, today: datetime.date, address: str):
    """An objection upheld or a re-examination decided against the result while it is
    publicised: the result becomes 未通过, decided by the office that records it."""
    application = locked(entry.application_id, None)
    if not allows(application.state, "result_objection_record", application.route):
        return  # already changed by another objection or re-examination of this publicity
    deciders = f"{actor.real_name}（{entry.publicity.plan.committee.name}经办人）"
    _correct(application, actor=actor, basis=basis, reason=reason, deciders=deciders, decided_on=today, today=today, address=address)


# -- C4, T7: the result publicity ----------------------------------------------------------------

@atomic
def result_publicity_start(*, actor: User, plan: ReviewPlan, application_ids: list[int], starts_on: datetime.date,
                           ends_on: datetime.date | None, place: str, address: str = "") -> ResultPublicity:
    """评审结果公示: the chosen passed candidates, for at least the working days of T7."""
    require_office(plan, actor)
    if not application_ids:
        raise WorkflowError("请至少选择一名评审通过人员")
    ends_on = publicity_period_end(starts_on, ends_on)
    publicity = ResultPublicity.objects.create(plan=plan, starts_on=starts_on, ends_on=ends_on, place=place, created_by=actor)
    for application_id in sorted(application_ids):  # one lock order for every batch
        application = locked(application_id, None)
        if application.plan_id != plan.pk:
            raise WorkflowError("公示人员中有不属于本评审计划的申报")
        ResultEntry.objects.create(publicity=publicity, application=application)
        change_state(application, "result_publicity_start", actor=actor, address=address,
                     details={"publicity": publicity.pk, "from": starts_on.isoformat(), "to": ends_on.isoformat()})
        notify(application.applicant, application,
               f"您的{application.title_name}评审结果正在公示：{chinese_date(starts_on)}至{chinese_date(ends_on)}。如对结果有异议，可在公示期内申请复查")
    return publicity


def require_running(entry: ResultEntry, day: datetime.date, what: str):
    publicity = entry.publicity
    if not publicity.starts_on <= day <= publicity.ends_on:
        raise WorkflowError(f"{what}应在公示期{chinese_date(publicity.starts_on)}至{chinese_date(publicity.ends_on)}之内")
    if entry.application.state != State.RESULT_PUBLICITY:
        raise WorkflowError(f"{entry.application.applicant.real_name}的评审结果已不在公示中")


@atomic
def result_objection_record(*, actor: User, entry: ResultEntry, received_on: datetime.date, content: str, address: str = "") -> ResultObjection:
    require_office(entry.publicity.plan, actor)
    require_running(entry, received_on, "收到日期")
    objection = ResultObjection.objects.create(entry=entry, received_on=received_on, content=content, recorded_by=actor)
    record_event(action="result.objection", subject=entry.application, actor=actor, opinion=content, address=address,
                 details={"publicity": entry.publicity_id, "objection": objection.pk})
    return objection


@atomic
def result_objection_settle(*, actor: User, objection: ResultObjection, upheld: bool, settlement: str, today: datetime.date,
                            address: str = "") -> ResultObjection:
    """An upheld objection overturns the result (评审结果不予通过)."""
    objection = ResultObjection.objects.select_for_update(of=("self",), no_key=True).select_related("entry__publicity__plan__committee").get(pk=objection.pk)
    require_office(objection.entry.publicity.plan, actor)
    if objection.upheld is not None:
        raise WorkflowError("该异议已处理")
    if not settlement.strip():
        raise WorkflowError("请填写核实处理情况")
    objection.upheld, objection.settlement, objection.settled_by, objection.settled_on = upheld, settlement, actor, today
    objection.save()
    if upheld:
        _overturn_in_publicity(objection.entry, actor=actor, basis=ResultCorrection.Basis.OBJECTION, reason=settlement, today=today,
                               address=address)
    record_event(action="result.objection_settled", subject=objection.entry.application, actor=actor, opinion=settlement,
                 address=address, details={"objection": objection.pk, "upheld": upheld})
    return objection


@atomic
def reexamination_request(*, actor: User, application_id: int, reason: str, today: datetime.date, address: str = "") -> Reexamination:
    """复查申请: by the applicant, while the result publicity runs."""
    application = locked(application_id, None)
    if application.applicant_id != actor.pk:
        raise WorkflowError("只能对本人的评审结果申请复查")
    entry = current_entry(application)
    if entry is None:
        raise WorkflowError("您的评审结果不在公示中")
    require_running(entry, today, "复查申请")
    if not reason.strip():
        raise WorkflowError("请写明申请复查的理由")
    if entry.reexaminations.filter(outcome="").exists():
        raise WorkflowError("您的复查申请正在办理中")
    reexamination = Reexamination.objects.create(entry=entry, reason=reason, requested_on=today)
    record_event(action="result.reexamination", subject=application, actor=actor, opinion=reason, address=address,
                 details={"reexamination": reexamination.pk})
    notify_committee_office(application.committee, application, f"{actor.real_name}对{application.title_name}评审结果申请复查：{reason}")
    return reexamination


@atomic
def reexamination_decide(*, actor: User, reexamination: Reexamination, overturned: bool, text: str, today: datetime.date,
                         address: str = "") -> Reexamination:
    reexamination = Reexamination.objects.select_for_update(of=("self",), no_key=True).select_related("entry__publicity__plan__committee").get(pk=reexamination.pk)
    require_office(reexamination.entry.publicity.plan, actor)
    if reexamination.outcome:
        raise WorkflowError("该复查申请已办结")
    if not text.strip():
        raise WorkflowError("请填写复查意见")
    Outcome = Reexamination.Outcome
    reexamination.outcome = Outcome.OVERTURNED if overturned else Outcome.UPHELD
    reexamination.outcome_text, reexamination.decided_by, reexamination.decided_on = text, actor, today
    reexamination.save()
    application = reexamination.entry.application
    if overturned:
        _overturn_in_publicity(reexamination.entry, actor=actor, basis=ResultCorrection.Basis.REEXAMINATION, reason=text, today=today,
                               address=address)
    else:
        notify(application.applicant, application, f"复查结论：{Outcome.UPHELD.label}。{text}")
    record_event(action="result.reexamination_decided", subject=application, actor=actor, opinion=text, address=address,
                 details={"reexamination": reexamination.pk, "outcome": reexamination.outcome})
    return reexamination


@atomic
def result_confirm(*, actor: User, application_ids: list[int], today: datetime.date, address: str = "") -> list[Certificate]:
    """确认评审结果并发证: after the publicity has ended (on the day after its last day) and
    every objection and re-examination is settled; each confirmation issues a certificate."""
    if not application_ids:
        raise WorkflowError("请至少选择一名人员")
    certificates = []
    for application_id in sorted(application_ids):  # one lock order for every batch
        application = locked(application_id, None)
        entry = current_entry(application)
        if entry is None:
            raise WorkflowError(f"{application.applicant.real_name}的评审结果未经公示，不能确认")
        entry.application = application
        require_confirmer(entry.publicity.plan, actor)
        blocker = confirmation_blocker(entry, today)
        if blocker:
            raise WorkflowError(f"{application.applicant.real_name}：{blocker}，不能确认")
        certificate = certificate_issue(application, confirmed_on=today)
        change_state(application, "result_confirm", actor=actor, address=address,
                     details={"publicity": entry.publicity_id, "certificate": certificate.number})
        notify(application.applicant, application, f"您的{application.title_name}评审结果已确认，电子职称证书编号{certificate.number}")
        certificates.append(certificate)
    return certificates


# -- §三, T5: 考核定职 -------------------------------------------------------------------------------

@atomic
def assessment_decide(*, actor: User, application_id: int, expected_version: int, passed: bool, reason: str,
                      address: str = "") -> Application:
    """考核认定: the HR bureau decides a 考核定职 application without a meeting."""
    application = locked(application_id, expected_version)
    if application.route != Route.ASSESSMENT:
        raise WorkflowError("只有考核认定（考核定职）申报由人社部门考核认定，其他申报须经评审会议评审")
    require_bureau_over(application.plan, actor)
    if not passed and not reason.strip():
        raise WorkflowError("考核认定未通过须写明理由")
    change_state(application, "assessment_pass" if passed else "assessment_fail", actor=actor, opinion=reason, address=address)
    verdict = "考核认定通过，将进行结果公示" if passed else f"考核认定未通过。理由：{reason}"
    notify(application.applicant, application, f"{actor.unit.name}：您的{application.title_name}{verdict}")
    notify_committee_office(application.committee, application, f"{actor.unit.name}对{application.applicant.real_name}的{application.title_name}{verdict}")
    return application


# -- D3: the certificate -------------------------------------------------------------------------------

def certificate_issue(application: Application, *, confirmed_on: datetime.date) -> Certificate:
    """Issued inside the confirmation's transaction (whose event names it), with the title
    added to the holder's profile so that later applications see it.  The number is the
    committee's region code, the review year, the series and the certificate's own serial:
    unique by construction, and never changed."""
    committee = application.committee
    certificate = Certificate.objects.create(
        holder=application.applicant, holder_name=application.applicant.real_name, series=application.series,
        level=application.level, title_name=application.title_name, specialty=application.specialty.name,
        method=TitleMethod.ASSESSMENT if application.route == Route.ASSESSMENT else TitleMethod.REVIEW,
        confirmed_on=confirmed_on, committee_name=committee.name, application=application,
        token=secrets.token_urlsafe(24),
    )
    series = rules.get_series(application.series, confirmed_on).name.removesuffix("系列")
    certificate.number = f"{committee.region.code}-{application.plan.year}-{series}-{certificate.pk:06d}"
    certificate.title_record = TitleRecord.objects.create(
        profile=application.applicant.profile, series=application.series, level=application.level, obtained_on=confirmed_on,
        method=certificate.method, origin=TitleOrigin.YUNNAN, issued_by=committee.name, certificate_number=certificate.number,
        issued_here=True,
    )
    certificate.save(update_fields=["number", "title_record"])
    return certificate


# -- C5: revocation and the credit archive --------------------------------------------------------------

@atomic
def certificate_revoke(*, actor: User, certificate: Certificate, reason: str, today: datetime.date, address: str = "") -> CreditRecord:
    """撤销职称: a title obtained by false material or other improper means is revoked, its
    certificate marked revoked, the title taken off the holder's profile, and the person
    recorded in the credit archive (诚信档案库) for the years the regulation sets."""
    application = locked(certificate.application_id, None)
    require_bureau_over(application.plan, actor)
    if not reason.strip():
        raise WorkflowError("撤销职称须写明原因")
    certificate = Certificate.objects.select_for_update(no_key=True).get(pk=certificate.pk)
    years = rules.parameter("credit_archive.record_years", today).value
    until = add_years(today, years)
    removed = TitleRecord.objects.filter(pk=certificate.title_record_id).first()
    certificate.status, certificate.revoked_on, certificate.revocation_reason = Certificate.Status.REVOKED, today, reason
    certificate.save(update_fields=["status", "revoked_on", "revocation_reason"])
    if removed:
        removed.delete()
    record = CreditRecord.objects.create(
        person=application.applicant, certificate=certificate, reason=reason, recorded_on=today, until=until, recorded_by=actor,
    )
    change_state(application, "revoke", actor=actor, opinion=reason, address=address, details={
        "certificate": certificate.number, "credit_record": record.pk, "credit_record_until": until.isoformat(),
        "title_record_removed": str(removed) if removed else None,
    })
    notify(application.applicant, application,
           f"您的{certificate.title_name}（证书编号{certificate.number}）已被撤销：{reason}。已记入职称评审诚信档案库，"
           f"记录至{chinese_date(until)}，记录期内不受理您的职称申报（人社部令第40号）")
    notify_committee_office(application.committee, application, f"{actor.unit.name}撤销了{application.applicant.real_name}的{certificate.title_name}（{certificate.number}）")
    return record


def credit_record_until(person: User, on: datetime.date) -> datetime.date | None:
    """The last day of the person's credit-archive records still running on ``on``, or None:
    the value of ``credit_record_until`` in the precheck (E7)."""
    running = CreditRecord.objects.filter(person=person, recorded_on__lte=on, until__gte=on)
    return running.aggregate(until=Max("until"))["until"]


# -- E5, §一(十): vocational qualifications --------------------------------------------------------------

@atomic
def qualification_recognise(*, actor: User, qualification: QualificationRecord, today: datetime.date,
                            address: str = "") -> RecognisedQualification:
    """职业资格认定: a qualification on the correspondence table (附件7) counts as the title
    it maps to; no separate title certificate is issued."""
    profile = qualification.profile
    if actor.role != Role.BUREAU or not actor.has_perm("profiles.view_profile", profile):
        raise WorkflowError("只有申报人所在地区的人力资源社会保障部门可以认定职业资格")
    mapped = rules.get_qualification(qualification.name, today)
    if mapped is None:
        raise WorkflowError(f"“{qualification.name}”不在职业资格与职称对应表内，不能认定为职称（§一(十)）")
    already = RecognisedQualification.objects.filter(
        Q(qualification=qualification) | Q(name=qualification.name, certificate_number=qualification.certificate_number),
        holder=profile.user,
    )
    if already.exists():
        raise WorkflowError("该职业资格已认定")
    recognised = RecognisedQualification.objects.create(
        holder=profile.user, qualification=qualification, name=qualification.name,
        certificate_number=qualification.certificate_number, obtained_on=qualification.obtained_on,
        series=mapped.series, level=mapped.level, title_name=title_name(mapped.series, mapped.level),
        reference=mapped.source, recognised_by=actor, recognised_on=today,
    )
    record_event(action="qualification.recognise", subject=profile, actor=actor, address=address, details={
        "qualification": qualification.name, "certificate_number": qualification.certificate_number,
        "title": recognised.title_name, "reference": mapped.source,
    })
    notify(profile.user, None, f"{actor.unit.name}已认定您的{qualification.name}（证书编号{qualification.certificate_number}）"
                               f"视同{recognised.title_name}，职业资格证书与职称证书具有同等效力，不另发职称证书（§一(十)）")
    return recognised
