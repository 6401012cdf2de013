"""Every change to an application: one function each, one transaction each, an audit
event each, notifications after commit.  Rules come from ``zhicheng.rules``."""

import datetime

from django.utils import timezone

from zhicheng import rules
from zhicheng.accounts.models import Role, User
from zhicheng.audit.trail import record_event
from zhicheng.catalog.rules_service import run_precheck
from zhicheng.catalog.standing import standing_problem
from zhicheng.profiles.verification import expired_verifications, verification_message
from zhicheng.display import chinese_date
from zhicheng.prepared import PreparedRead
from zhicheng.profiles.models import ApplicantProfile
from zhicheng.transactions import atomic

from .eligibility import application_records, person_request, refused_years
from .models import Application, Attachment, CreditCommitment, Opinion, RefusalForYear, Route, State
from .notifications import notify, notify_unit_officers
from .snapshot import profile_snapshot
from .sections import sections_still_open
from .workflow import CLOSED_STATES, EDITABLE_STATES, MOVES, PROBLEM_MOVES, REVIEW_SECTIONS


class WorkflowError(Exception):
    """A step that cannot be taken; the message says why, in Chinese."""


class Conflict(WorkflowError):
    """Someone else changed the application first (P5)."""


def return_limit(on: datetime.date) -> int:
    return rules.parameter("review_returns.limit", on).value


def counted_this_year(person: User, year: int) -> int:
    """Counted review opinions on all of the person's applications of the review year: the
    limit is the person's for the year (§一(四)), not one application's, so withdrawing and
    starting again does not reset it."""
    return Opinion.objects.filter(application__applicant=person, application__plan__year=year, counted=True).count()


LOCKED_WITH = ("plan__committee", "applicant")


def locked(application_id: int, expected_version: int | None, related: tuple[str, ...] = LOCKED_WITH) -> Application:
    """The application, locked for this transaction; a stale version is a conflict (P5).

    Only the application's own row is locked (the plan, committee and applicant, and
    whatever else ``related`` reads with it, are read, not locked: other steps go on with
    them), and FOR NO KEY UPDATE, so rows that merely point at the application (opinions,
    attachments, events) can still be added."""
    application = (
        Application.objects.select_for_update(of=("self",), no_key=True)
        .select_related(*related).get(pk=application_id)
    )
    if expected_version is not None and application.version != expected_version:
        raise Conflict(f"该申报已被他人处理，当前状态为“{application.get_state_display()}”。请刷新页面后查看，您的操作未生效。")
    return application


def change_state(application: Application, action: str, *, actor: User | None, opinion: str = "", address: str = "", details=None):
    step = MOVES[action]
    if application.state not in step.sources_for(application.route):
        raise WorkflowError(f"当前状态为“{application.get_state_display()}”，不能{step.label}")
    before = application.state
    application.state = step.target
    application.version += 1
    application.save(update_fields=["state", "version", "counted_opinions", "counting_since", "submitted_at", "snapshot", "precheck"])
    record_event(
        action=f"application.{action}", subject=application, actor=actor, from_state=before, to_state=application.state,
        opinion=opinion, address=address, details=details,
    )


def require_accepting(plan, today: datetime.date) -> None:
    """C3: a committee receives material only inside its filing period, with enough experts
    in term; asked at every step that hands material on."""
    problem = standing_problem(plan.committee, today)
    if problem:
        raise WorkflowError(problem)


def require_before_material_deadline(plan, today: datetime.date, doing: str) -> None:
    """逾期不再办理 (§二(二)): nothing more is handed to a committee after its material deadline."""
    if today > plan.receiving_until:
        raise WorkflowError(
            f"{plan.committee.name}截止收审材料日期为{chinese_date(plan.receiving_until)}，逾期不再办理，不能{doing}（§二(二)）"
        )


def require_receiving(plan, route: str, today: datetime.date, refusal: str) -> None:
    """L6 and T3 for a review; T5 for 考核定职, received in its months only; and C3."""
    require_accepting(plan, today)
    if route == Route.ASSESSMENT:
        window = rules.assessment_window(today)
        if not window.is_open:
            raise WorkflowError(
                f"考核定职仅在{window.months_label}受理，下次受理从{chinese_date(window.next_opens_on)}开始（§三）"
            )
    elif not plan.window_open_on(today):
        raise WorkflowError(f"{plan.committee.name}的网上申报时间为{plan.window_label}，{refusal}（§二(二)）")


# -- the applicant ----------------------------------------------------------------------

@atomic
def application_start(*, applicant: User, plan, specialty, level: str, route: str, today: datetime.date, address: str = "") -> Application:
    """开始申报 (L6): only for a committee whose online window is open today."""
    profile = ApplicantProfile.objects.select_related("contract_unit").get(user=applicant)
    if profile.contract_unit is None:
        raise WorkflowError("请先在个人档案的基本信息中填写人事劳动合同签订单位，申报将由该单位审核推荐")
    require_receiving(plan, route, today, "今天不能选择该评委会")
    refused = refused_years(applicant)
    if plan.year in refused or today.year in refused:
        raise WorkflowError(
            f"您{plan.year}年度的申报已因{return_limit(today)}次审核意见后仍存在问题被不予受理，本年度各评委会不再受理您的申报（§一(四)）"
        )
    refusal = plan.committee.refusal_for(level, specialty, today)
    if refusal:
        raise WorkflowError(refusal)
    if Application.objects.filter(applicant=applicant, plan=plan).exclude(state__in=CLOSED_STATES).exists():
        raise WorkflowError("您已向该评委会提交过本年度的申报，请在“我的申报”中继续办理")
    application = Application.objects.create(
        applicant=applicant, plan=plan, employer=profile.contract_unit, series=plan.committee.series,
        specialty=specialty, level=level, route=route,
    )
    record_event(action="application.start", subject=application, actor=applicant, to_state=application.state, address=address)
    return application


# every record of a profile the precheck and the frozen profile read
PROFILE_RECORDS = ("education_set", "workrecord_set", "titlerecord_set", "postrecord_set", "qualificationrecord_set",
                   "insuranceperiod_set", "insurancemonth_set")


PROFILE_OF = PreparedRead(lambda user: ApplicantProfile.objects.select_related("contract_unit__region").filter(user_id=user),
                          key_types=(int,))


def records_of(relation) -> PreparedRead:
    """A kind of record by its profile's key, as the profile's own relation reads it."""
    return PreparedRead(lambda profile: relation.model._default_manager.filter(**{relation.attname: profile}), key_types=(int,))


RECORDS_OF = {name: records_of(getattr(ApplicantProfile, name).field) for name in PROFILE_RECORDS}


def load_profile_records(application: Application) -> ApplicantProfile:
    """The applicant's profile with all its records read once (one query each), for the
    precheck, the verification check and the snapshot at submission to share: kept as
    ``prefetch_related`` keeps them."""
    found = PROFILE_OF(application.applicant_id)
    if not found:
        raise ApplicantProfile.DoesNotExist
    profile = found[0]
    profile._prefetched_objects_cache = {}
    for name, read in RECORDS_OF.items():
        relation = getattr(ApplicantProfile, name).field
        records = read(profile.pk)
        for record in records:
            relation.set_cached_value(record, profile)
        kept = getattr(profile, name).get_queryset()
        kept._result_cache, kept._prefetch_done = records, True
        profile._prefetched_objects_cache[relation.remote_field.cache_name] = kept
    application.applicant.profile = profile
    return profile


def precheck_for(application: Application, today: datetime.date) -> dict:
    """E1–E8 on the applicant's profile, with the application's annual assessments and
    continuing-education hours (the series' conditions, E8)."""
    request = person_request(
        application.applicant.profile, series=application.series, level=application.level, route=application.route,
        region_level=application.committee.region_level, as_of=today, committee_region=application.committee.region,
        service_cutoff=application.plan.service_cutoff_for(application.route, today),
        **application_records(application),
    )
    try:
        return run_precheck(request)
    except rules.RulesError as error:  # a rule with no value in force for the applicant's or committee's jurisdiction
        raise WorkflowError(f"不能提交：{error}") from error


@atomic
def application_submit(*, application_id: int, actor: User, expected_version: int, today: datetime.date, address: str = "") -> Application:
    """提交 to the employer.  A second click on the same version changes nothing (P5)."""
    # the committee's region with it: the precheck asks for the committee's seat
    application = locked(application_id, None, (*LOCKED_WITH, "plan__committee__region"))
    if application.applicant_id != actor.pk:
        raise WorkflowError("只能提交本人的申报")
    if application.state == State.SUBMITTED and application.version == expected_version + 1:
        return application  # the same submission, clicked twice
    if application.version != expected_version:
        raise Conflict("申报已在其他页面中改动，请刷新后再提交")
    # a first submission and a resubmission after a return alike: only while the window is open
    require_receiving(application.plan, application.route, today, "现已关闭，不再受理")
    load_profile_records(application)
    expired = expired_verifications(application.applicant.profile, today)
    if expired:
        raise WorkflowError("；".join(verification_message(education, today) for education in expired))
    if not CreditCommitment.objects.filter(application=application).exists():
        raise WorkflowError("请先填写《职称申报承诺书》编号（§二(六)），承诺书是申报材料的必备部分")
    if not application.attachments.filter(kind=Attachment.Kind.COMMITMENT, replaced_by__isnull=True).exists():
        raise WorkflowError("请上传打印的《职称申报承诺书》（§二(六)）")
    decision = precheck_for(application, today)
    failures = [check for check in decision["checks"] if check["status"] == "fail"]
    if failures:
        raise WorkflowError("不符合申报条件，不能提交：" + "；".join(f"{c['rule']} {c['message']}（{c['source']}）" for c in failures))
    application.snapshot = profile_snapshot(application.applicant.profile)
    application.precheck = decision
    application.submitted_at = timezone.now()
    change_state(application, "submit", actor=actor, address=address)
    notify_unit_officers(application.employer_id, application, f"{actor.real_name}提交了{application.title_name}申报，请审核")
    return application


@atomic
def application_withdraw(*, application_id: int, actor: User, expected_version: int, reason: str, address: str = "") -> Application:
    application = locked(application_id, expected_version)
    if application.applicant_id != actor.pk:
        raise WorkflowError("只能撤回本人的申报")
    change_state(application, "withdraw", actor=actor, opinion=reason, address=address)
    notify_unit_officers(application.employer, application, f"{actor.real_name}撤回了{application.title_name}申报")
    return application


def require_editable(application: Application, actor: User):
    if application.applicant_id != actor.pk or application.state not in EDITABLE_STATES:
        raise WorkflowError(f"当前状态为“{application.get_state_display()}”，不能修改申报材料")


@atomic
def application_record_save(*, application: Application, section, form, actor: User):
    require_editable(application, actor)
    record = section.save(application, form)
    record_event(action="application.edit", subject=application, actor=actor, details={"section": section.slug, "record": record.pk})
    return record


@atomic
def application_record_delete(*, application: Application, record, actor: User) -> None:
    require_editable(application, actor)
    record_event(action="application.edit", subject=application, actor=actor,
                 details={"deleted": record._meta.model_name, "record": record.pk, "was": str(record)})
    record.delete()


@atomic
def commitment_save(*, application: Application, form, actor: User) -> CreditCommitment:
    """L10: the commitment number is recorded as declared; it was not checked online."""
    require_editable(application, actor)
    commitment = form.save(commit=False)
    commitment.application = application
    commitment.save()
    record_event(action="application.commitment", subject=application, actor=actor,
                 details={"commitment_number": commitment.commitment_number, "verified_online": False})
    return commitment


# -- reviewers ---------------------------------------------------------------------------

def opinion_record(application, actor, kind, text, *, counted=False, section="", passed=None):
    """A review opinion, signed with the reviewer's body: the committee for its office staff,
    the unit for everyone else."""
    author_unit = application.committee.name if actor.role == Role.COMMITTEE else (actor.unit.name if actor.unit else "")
    return Opinion.objects.create(
        application=application, kind=kind, text=text, counted=counted, section=section, passed=passed,
        author=actor, author_unit=author_unit,
    )


def unstamped_copies(application: Application) -> list[Attachment]:
    """L9 (§二(十)): current copies that do not carry the employer's review stamp yet."""
    return list(application.attachments.filter(replaced_by__isnull=True, stamped_by__isnull=True))


def raise_problem(application: Application, action: str, *, actor: User, kind: str, text: str, today: datetime.date, address: str = "", details=None):
    """A return, reset or correction request (§一(四)).  Before the employer's approval it
    is not counted; after it, each one counts, and the one past the limit closes the
    application as refused for the year instead."""
    assert action in PROBLEM_MOVES
    if application.counting_since is None:
        opinion_record(application, actor, kind, text)
        change_state(application, action, actor=actor, opinion=text, address=address, details=details)
        return False
    limit = return_limit(today)
    if counted_this_year(application.applicant, application.plan.year) >= limit:
        _refuse_for_year(application, actor=actor, text=text, limit=limit, address=address)
        return True
    application.counted_opinions += 1
    opinion_record(application, actor, kind, text, counted=True)
    change_state(
        application, action, actor=actor, opinion=text, address=address,
        details={**(details or {}), "counted": application.counted_opinions,
                 "counted_this_year": counted_this_year(application.applicant, application.plan.year), "limit": limit},
    )
    return False


def _refuse_for_year(application, *, actor, text, limit, address):
    reason = f"已{limit}次提出审核意见后仍存在问题：{text}"
    opinion_record(application, actor, Opinion.Kind.REFUSE, reason, counted=False)
    before = application.state
    application.state = State.REFUSED_FOR_YEAR
    application.version += 1
    application.save(update_fields=["state", "version"])
    RefusalForYear.objects.create(person=application.applicant, year=application.plan.year, application=application, reason=reason)
    record_event(
        action="application.refuse_for_year", subject=application, actor=actor, from_state=before,
        to_state=application.state, opinion=reason, address=address, details={"limit": limit},
    )
    notify(application.applicant, application, f"您的{application.title_name}申报经{limit}次审核意见后仍存在问题，本年度不再受理（§一(四)）")


def require_employer(application: Application, actor: User):
    if actor.role != Role.EMPLOYER or actor.unit_id != application.employer_id:
        raise WorkflowError("只有申报人所在单位的经办人可以审核")


@atomic
def employer_section_opinion(*, application_id: int, actor: User, section: str, passed: bool, text: str, address: str = "") -> Opinion:
    application = locked(application_id, None)
    require_employer(application, actor)
    if application.state != State.SUBMITTED:
        raise WorkflowError(f"当前状态为“{application.get_state_display()}”，不能填写分项审核意见")
    opinion = opinion_record(application, actor, Opinion.Kind.SECTION, text, section=section, passed=passed)
    record_event(action="application.section_opinion", subject=application, actor=actor, opinion=text, address=address,
                 details={"section": section, "passed": passed})
    return opinion


@atomic
def employer_sections_review(*, application_id: int, actor: User, opinions: dict[str, tuple[bool, str]], address: str = "") -> list[Opinion]:
    """Every section's opinion in one step; each is still recorded (and trailed) by itself."""
    return [
        employer_section_opinion(application_id=application_id, actor=actor, section=section, passed=passed, text=text, address=address)
        for section, (passed, text) in opinions.items()
    ]


@atomic
def employer_return(*, application_id: int, actor: User, expected_version: int, text: str, today: datetime.date, reset: bool = False, address: str = "") -> Application:
    """退回修改 or 重置流程 (L3, L4)."""
    application = locked(application_id, expected_version)
    require_employer(application, actor)
    if not text.strip():
        raise WorkflowError("退回时须写明需要修改的内容")
    action, kind = ("employer_reset", Opinion.Kind.RESET) if reset else ("employer_return", Opinion.Kind.RETURN)
    refused = raise_problem(application, action, actor=actor, kind=kind, text=text, today=today, address=address)
    if not refused:
        notify(application.applicant, application, f"单位{MOVES[action].label}了您的申报：{text}")
    return application


@atomic
def employer_approve(*, application_id: int, actor: User, expected_version: int, text: str, address: str = "") -> Application:
    """审核通过: from now on every return or reset counts (§一(四))."""
    application = locked(application_id, expected_version)
    require_employer(application, actor)
    still_open = sections_still_open(application)
    if still_open:
        raise WorkflowError("以下项目尚未审核通过：" + "、".join(REVIEW_SECTIONS[s] for s in still_open))
    unstamped = unstamped_copies(application)
    if unstamped:
        raise WorkflowError(
            "以下材料尚未签署审核意见并加盖电子审核章（§二(十)）：" + "、".join(str(a) for a in unstamped)
        )
    if application.counting_since is None:
        application.counting_since = timezone.now()
    opinion_record(application, actor, Opinion.Kind.APPROVE, text or "审核通过")
    change_state(application, "employer_approve", actor=actor, opinion=text, address=address)
    notify(application.applicant, application, "单位已审核通过您的申报，将在本单位公示后推荐")
    return application
