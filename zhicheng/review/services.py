"""The committee office's filings with the HR bureau, and the bureau's acknowledgements and
title confirmations.  Every time rule is asked of ``zhicheng.rules``."""

import datetime

from zhicheng import rules
from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import region_within
from zhicheng.applications.models import REACHED_COMMITTEE, Application, State
from zhicheng.applications.notifications import notify, notify_committee_office
from zhicheng.applications.services import WorkflowError, change_state, locked, require_accepting
from zhicheng.applications.workflow import AWAITING_QUALIFICATION
from zhicheng.audit.trail import record_event
from zhicheng.catalog.calendar import working_calendar
from zhicheng.catalog.rules_service import committee_parameters
from zhicheng.display import chinese_date
from zhicheng.profiles.models import TitleOrigin, TitleRecord
from zhicheng.transactions import atomic

from .models import ConfirmationList, NoticeFiling, PreMeetingFiling, ReviewPlan, TitleConfirmation

FAILED_QUALIFICATION = [State.REJECTED, State.ABANDONED]


def require_office(plan: ReviewPlan, actor: User):
    if not plan.committee.office_staff.filter(pk=actor.pk).exists():
        raise WorkflowError("只有该评委会组建单位的经办人可以办理")


def require_bureau_over(plan: ReviewPlan, actor: User):
    """The bureau whose region contains the committee's region receives its filings."""
    if actor.role != Role.BUREAU or not region_within(plan.committee.region, actor.unit.region):
        raise WorkflowError("只有评委会所在地区的人力资源社会保障部门可以办理备案和确认")


# -- T1: the application notice ----------------------------------------------------------------

@atomic
def notice_file(*, plan: ReviewPlan, actor: User, title: str, body: str, contacts: str, today: datetime.date) -> NoticeFiling:
    require_office(plan, actor)
    if hasattr(plan, "notice") and plan.notice.published_on:
        raise WorkflowError("该通知已发布，不能再修改")
    notice, _ = NoticeFiling.objects.update_or_create(
        plan=plan, defaults={"title": title, "body": body, "contacts": contacts, "filed_on": today, "filed_by": actor,
                             "acknowledged_by": None, "acknowledged_on": None},
    )
    plan.notice_filed_on = today
    plan.save(update_fields=["notice_filed_on"])
    record_event(action="plan.notice_filed", subject=plan, actor=actor, details={"title": title})
    return notice


@atomic
def filing_acknowledge(*, filing: NoticeFiling | PreMeetingFiling, actor: User, today: datetime.date):
    """备案: the bureau over the committee acknowledges a notice (T1) or a pre-meeting filing (T2)."""
    require_bureau_over(filing.plan, actor)
    filing.acknowledged_by, filing.acknowledged_on = actor, today
    filing.save(update_fields=["acknowledged_by", "acknowledged_on"])
    record_event(action=f"plan.{filing._meta.model_name}_acknowledged", subject=filing.plan, actor=actor)
    notify_committee_office(filing.plan.committee, None, f"{actor.unit.name}已备案：{filing}")
    return filing


@atomic
def notice_publish(*, notice: NoticeFiling, actor: User, today: datetime.date) -> NoticeFiling:
    """T1: only after the bureau's acknowledgement, and ``notice.lead_months`` before applications open."""
    plan = notice.plan
    require_office(plan, actor)
    if notice.published_on:
        raise WorkflowError("该通知已发布")
    if not notice.acknowledged:
        raise WorkflowError("评审通知须先报人社部门备案，备案后才能发布（§一(三)）")
    parameters = committee_parameters(plan.committee)
    lead = parameters.find("notice.lead_months", today)  # T1 is the rule of the layers that set it (东川区's notice)
    earliest_open = rules.earliest_applications_open(today, parameters) if lead else None
    if earliest_open and plan.applications_open_on and plan.applications_open_on < earliest_open:
        raise WorkflowError(
            f"今天发布的通知，网上申报最早于{chinese_date(earliest_open)}开始；计划定于{chinese_date(plan.applications_open_on)}开始，"
            f"通知须至少提前{lead.value}个月发布（T1，§一(三)）"
        )
    notice.published_on = today
    notice.save(update_fields=["published_on"])
    plan.notice_published_on = today
    plan.save(update_fields=["notice_published_on"])
    record_event(action="plan.notice_published", subject=plan, actor=actor)
    return notice


# -- T2: the pre-meeting filing --------------------------------------------------------------------

def filing_working_days(plan: ReviewPlan) -> int | None:
    """T2's working days in the chain of the committee's seat; None where its layers set
    none (the rule is 东川区's own, not a city's or the province's)."""
    found = committee_parameters(plan.committee).find("pre_meeting_filing.working_days", plan.meeting_on)
    return found.value if found else None


def latest_pre_meeting_filing(plan: ReviewPlan) -> datetime.date | None:
    """The last day of the pre-meeting filing, or None where no T2 applies to the committee."""
    if filing_working_days(plan) is None:
        return None
    try:
        return rules.latest_pre_meeting_filing(plan.meeting_on, working_calendar(), committee_parameters(plan.committee))
    except rules.RulesError as error:
        raise WorkflowError(str(error)) from error


@atomic
def pre_meeting_file(*, plan: ReviewPlan, actor: User, work_plan: str, publicity_summary: str,
                     admitted: list[Application], today: datetime.date) -> PreMeetingFiling:
    require_office(plan, actor)
    require_accepting(plan, today)  # the list for the meeting is material the committee receives (C3)
    if hasattr(plan, "pre_meeting_filing"):
        raise WorkflowError("本评审计划已报送会前备案，上会名单以备案为准，不能重复报送")
    if plan.meeting_on is None:
        raise WorkflowError("请先在评审计划中确定评审会议日期")
    latest = latest_pre_meeting_filing(plan)
    if latest and today > latest:
        raise WorkflowError(
            f"评审会议定于{chinese_date(plan.meeting_on)}，会前备案须在会议{filing_working_days(plan)}个工作日前、即{chinese_date(latest)}前（含）报送；"
            f"今天已超过期限，请调整会议日期（T2，§一(六)）"
        )
    applications = plan.applications.all()
    reached = applications.filter(state__in=REACHED_COMMITTEE)
    failed = reached.filter(state__in=FAILED_QUALIFICATION)
    reasons = "；".join(
        f"{a.applicant.real_name}：{a.get_state_display()}" for a in failed.select_related("applicant")
    ) or "无"
    filing = PreMeetingFiling.objects.create(
        plan=plan, filed_on=today, filed_by=actor, work_plan=work_plan, publicity_summary=publicity_summary,
        applied_count=reached.count(), passed_count=reached.count() - failed.count(), failed_count=failed.count(),
        qualification_summary=f"申报{reached.count()}人，资格审核通过{reached.count() - failed.count()}人，未通过{failed.count()}人（{reasons}）",
    )
    for application in admitted:
        application = locked(application.pk, None)
        if application.plan_id != plan.pk:
            raise WorkflowError("上会名单中有不属于本评审计划的申报")
        change_state(application, "list_for_meeting", actor=actor, details={"filing": filing.pk})
        filing.admitted.add(application)
    record_event(action="plan.pre_meeting_filed", subject=plan, actor=actor,
                 details={"admitted": [a.pk for a in admitted], "latest": latest.isoformat() if latest else None})
    return filing


def meeting_blocker(plan: ReviewPlan, day: datetime.date) -> str | None:
    """Why the meeting of ``plan`` may not open on ``day``, or None.  A meeting without the
    acknowledged pre-meeting filing is not recognised (T2), nor one outside the committee's
    filing period (C3)."""
    filing = getattr(plan, "pre_meeting_filing", None)
    if filing is None:
        return "未报送会前备案材料（评审工作方案、资格审核情况、上会人员名单），评审会议不能召开（§一(六)）"
    if not filing.acknowledged:
        return "会前备案材料尚未经人社部门备案，评审会议不能召开（§一(六)）"
    if not plan.committee.filing_covers(day):
        return f"{plan.committee.name}的核准备案有效期不包含{chinese_date(day)}，不能开展评审（人社部令第40号）"
    return None


# -- E6, T6: title confirmation ------------------------------------------------------------------------

def titles_needing_confirmation(application: Application):
    origins = rules.parameter("title_confirmation.origins", application.plan.meeting_on or datetime.date(application.plan.year, 1, 1)).value
    return TitleRecord.objects.filter(
        profile__user=application.applicant, series=application.series, origin__in=origins, confirmed=False
    )


@atomic
def confirmation_list_send(*, plan: ReviewPlan, actor: User, today: datetime.date) -> ConfirmationList:
    """D2 to the bureau, before the pre-meeting publicity (T6)."""
    require_office(plan, actor)
    if plan.pre_meeting_publicity_from and today >= plan.pre_meeting_publicity_from:
        raise WorkflowError(
            f"职称资格确认人员名单须在会前公示（{chinese_date(plan.pre_meeting_publicity_from)}开始）之前报送人社部门（T6，§一(五)）"
        )
    listed = ConfirmationList.objects.create(plan=plan, sent_on=today, sent_by=actor)
    already = set(TitleConfirmation.objects.filter(application__plan=plan).values_list("application_id", "certificate_number"))
    for application in plan.applications.filter(state__in=[State.QUALIFIED, State.ON_MEETING_LIST, *AWAITING_QUALIFICATION]):
        for title in titles_needing_confirmation(application):
            if (application.pk, title.certificate_number) in already:
                continue
            TitleConfirmation.objects.create(
                application=application, confirmation_list=listed, issuer=title.issued_by, title_name=title.title_name,
                specialty="", level=title.get_level_display(), obtained_on=title.obtained_on,
                certificate_number=title.certificate_number,
            )
    record_event(action="plan.confirmation_list_sent", subject=plan, actor=actor,
                 details={"entries": listed.entries.count()})
    return listed


@atomic
def confirmation_decide(*, confirmation: TitleConfirmation, actor: User, confirmed: bool, reason: str, today: datetime.date) -> TitleConfirmation:
    plan = confirmation.application.plan
    require_bureau_over(plan, actor)
    if plan.meeting_on and today >= plan.meeting_on:
        raise WorkflowError(f"职称确认须在评审会议（{chinese_date(plan.meeting_on)}）召开前完成（T6）")
    if not confirmed and not reason.strip():
        raise WorkflowError("不予确认须写明理由")
    confirmation.status = TitleConfirmation.Status.CONFIRMED if confirmed else TitleConfirmation.Status.REFUSED
    confirmation.reason, confirmation.decided_by, confirmation.decided_on = reason, actor, today
    confirmation.save()
    if confirmed:
        TitleRecord.objects.filter(
            profile__user=confirmation.application.applicant, certificate_number=confirmation.certificate_number,
            origin__in=[TitleOrigin.OTHER_PROVINCE, TitleOrigin.CENTRAL],
        ).update(confirmed=True)
    record_event(action="application.title_confirmation", subject=confirmation.application, actor=actor, opinion=reason,
                 details={"title": confirmation.title_name, "confirmed": confirmed})
    verdict = "确认" if confirmed else f"不予确认（{reason}）"
    notify_committee_office(plan.committee, confirmation.application,
                            f"{actor.unit.name}对{confirmation.application.applicant.real_name}的{confirmation.title_name}：{verdict}")
    notify(confirmation.application.applicant, confirmation.application, f"您在外省或中央单位取得的{confirmation.title_name}：{verdict}")
    return confirmation


def vote_blockers(applications: list[Application]) -> dict[int, str]:
    """Why each of these applicants cannot be voted on, for those who cannot: an unconfirmed
    title from elsewhere (§一(五)).  A fixed number of queries however many candidates."""
    if not applications:
        return {}
    ids = [application.pk for application in applications]
    listed, blocked = set(), {}
    for confirmation in TitleConfirmation.objects.filter(application_id__in=ids).order_by("pk"):
        listed.add(confirmation.application_id)
        if confirmation.status != TitleConfirmation.Status.CONFIRMED:
            blocked.setdefault(confirmation.application_id, []).append(f"{confirmation.title_name}{confirmation.get_status_display()}")
    reasons = {pk: "；".join(items) + "，不能参加表决（§一(五)）" for pk, items in blocked.items()}
    plan = applications[0].plan
    origins = rules.parameter("title_confirmation.origins", plan.meeting_on or datetime.date(plan.year, 1, 1)).value
    unlisted = TitleRecord.objects.filter(
        profile__user__applications__in=[pk for pk in ids if pk not in listed], origin__in=origins, confirmed=False,
        series__in={application.series for application in applications},
    ).values_list("profile__user__applications", flat=True)
    for pk in set(unlisted) & set(ids):
        reasons[pk] = "外省或中央单位取得的职称尚未列入确认名单，不能参加表决（§一(五)）"
    return reasons


def vote_blocker(application: Application) -> str | None:
    """An unconfirmed person cannot be voted on (§一(五))."""
    return vote_blockers([application]).get(application.pk)


