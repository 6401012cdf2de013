"""The committee office's qualification review (资格审核) and the corrections it asks for."""

import datetime

from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import User
from zhicheng.display import chinese_date
from zhicheng.transactions import atomic

from .models import Application, CorrectionRequest, Opinion, State
from .notifications import notify, notify_committee_office, notify_unit_officers
from zhicheng.catalog.calendar import require_working_day

from .services import WorkflowError, change_state, locked, opinion_record, raise_problem, require_accepting, unstamped_copies
from .workflow import CORRECTION_ITEMS


def require_committee_office(application: Application, actor: User):
    if not application.committee.office_staff.filter(pk=actor.pk).exists():
        raise WorkflowError("只有该评委会组建单位的经办人可以进行资格审核")


def require_reviewing(application: Application, actor: User, today: datetime.date):
    """资格审查 receives the material: by the committee's own office, inside its filing period
    and with enough experts in term (C3), like every other step that receives material."""
    require_committee_office(application, actor)
    require_accepting(application.plan, today)


@atomic
def committee_exceptional_vet(*, application_id: int, actor: User, expected_version: int, recommenders: str, text: str,
                              today: datetime.date, address: str = "") -> Application:
    """破格资格审查 (route.exceptional): the office records the experts who recommend the
    application, as many as the committee's rules ask and of the grade they ask, and its
    opinion; only then is the qualification review open."""
    from zhicheng.catalog.rules_service import committee_parameter
    from zhicheng.rules.terms import LEVELS

    application = locked(application_id, expected_version)
    require_reviewing(application, actor, today)
    rule = committee_parameter(application.committee, "route.exceptional", today)
    needed = rule.value["recommendations"]
    names = [line.strip() for line in recommenders.splitlines() if line.strip()]
    if len(names) < needed["experts"]:
        raise WorkflowError(
            f"破格申报须由{needed['experts']}名具有{LEVELS[needed['level']]}职称的专家推荐，现只登记了{len(names)}名"
            f"（{rule.layer.name} {rule.reference}）"
        )
    opinion_record(application, actor, Opinion.Kind.EXCEPTIONAL, f"{text}。推荐专家：{'；'.join(names)}")
    change_state(application, "exceptional_vet", actor=actor, opinion=text, address=address,
                 details={"recommenders": names})
    return application


@atomic
def committee_qualify(*, application_id: int, actor: User, expected_version: int, text: str, today: datetime.date,
                      address: str = "") -> Application:
    application = locked(application_id, expected_version)
    require_reviewing(application, actor, today)
    missing = unstamped_copies(application)
    if missing:
        raise WorkflowError("以下材料没有单位审核签章，不予受理（§二(十)）：" + "、".join(str(a) for a in missing))
    opinion_record(application, actor, Opinion.Kind.QUALIFY, text or "资格审核通过")
    change_state(application, "committee_qualify", actor=actor, opinion=text, address=address)
    notify(application.applicant, application, f"{application.committee.name}：您的申报资格审核通过")
    return application


@atomic
def committee_reject(*, application_id: int, actor: User, expected_version: int, text: str, today: datetime.date,
                     address: str = "") -> Application:
    if not text.strip():
        raise WorkflowError("资格审核不通过须写明理由")
    application = locked(application_id, expected_version)
    require_reviewing(application, actor, today)
    opinion_record(application, actor, Opinion.Kind.REJECT, text)
    change_state(application, "committee_reject", actor=actor, opinion=text, address=address)
    notify(application.applicant, application, f"{application.committee.name}：资格审核不通过。理由：{text}")
    notify_unit_officers(application.employer, application, f"{application.applicant.real_name}的申报资格审核不通过：{text}")
    return application


@atomic
def committee_return(*, application_id: int, actor: User, expected_version: int, text: str, today: datetime.date, address: str = "") -> Application:
    """退回修改: back to the applicant and, after the changes, to the employer again (L2)."""
    if not text.strip():
        raise WorkflowError("退回时须写明需要修改的内容")
    application = locked(application_id, expected_version)
    require_committee_office(application, actor)
    if not raise_problem(application, "committee_return", actor=actor, kind=Opinion.Kind.RETURN, text=text, today=today, address=address):
        notify(application.applicant, application, f"{application.committee.name}退回了您的申报：{text}")
    return application


@atomic
def committee_request_correction(*, application_id: int, actor: User, expected_version: int, items: list[str], free_text: str,
                                 deadline: datetime.date, today: datetime.date, late_addition_reason: str = "", address: str = "") -> Application:
    """一次性告知 (L5): counted as a review opinion (L4).  A later request may not add items
    the earlier ones could have named, unless it says why; the reason goes in the trail."""
    application = locked(application_id, expected_version)
    require_reviewing(application, actor, today)
    unknown = [item for item in items if item not in CORRECTION_ITEMS]
    if not items or unknown:
        raise WorkflowError("请从补正清单中选择至少一项需要补正的材料")
    if deadline <= today:
        raise WorkflowError(f"补正期限应晚于今天（{chinese_date(today)}）")
    on_day_off = require_working_day(deadline, "补正期限")
    if on_day_off:
        raise WorkflowError(on_day_off)
    earlier = CorrectionRequest.objects.filter(application=application)
    named_before = {item for request in earlier for item in request.items}
    added = [item for item in items if item not in named_before]
    if earlier.exists() and added and not late_addition_reason.strip():
        raise WorkflowError(
            "补正应一次性告知。以下项目在此前的补正通知中未列出，须说明为何当时不能告知："
            + "、".join(CORRECTION_ITEMS[item] for item in added)
        )
    listing = "；".join(CORRECTION_ITEMS[item] for item in items)
    text = f"请于{chinese_date(deadline)}前补正：{listing}。{free_text}"
    refused = raise_problem(
        application, "committee_request_correction", actor=actor, kind=Opinion.Kind.CORRECTION, text=text, today=today,
        address=address,
        details={"items": items, "deadline": deadline.isoformat(),
                 **({"added_items": added, "late_addition_reason": late_addition_reason} if earlier.exists() and added else {})},
    )
    if not refused:
        CorrectionRequest.objects.create(
            application=application, items=items, free_text=free_text, deadline=deadline,
            late_addition_reason=late_addition_reason, requested_by=actor,
        )
        notify(application.applicant, application, f"{application.committee.name}一次性告知需补正的材料：{listing}。逾期未补正视为放弃申报", deadline)
    return application


@atomic
def correction_resubmit(*, application_id: int, actor: User, expected_version: int, today: datetime.date,
                        address: str = "") -> Application:
    """补正: by the deadline (L5), and with every new copy stamped by the employer (L9)."""
    application = locked(application_id, expected_version)
    if application.applicant_id != actor.pk:
        raise WorkflowError("只能提交本人的补正材料")
    request = application.correction_requests.filter(resolved_at__isnull=True, abandoned_at__isnull=True).last()
    if request is not None and today > request.deadline:
        raise WorkflowError(f"补正期限{chinese_date(request.deadline)}已过，逾期未补正视为放弃申报（§一(四)）")
    # a correction within its own deadline is received even after the material deadline; the filing still holds
    require_accepting(application.plan, today)
    missing = unstamped_copies(application)
    if missing:
        raise WorkflowError(
            "以下新上传的材料须先经单位审核签章（§二(十)），请联系单位经办人：" + "、".join(str(a) for a in missing)
        )
    change_state(application, "resubmit_correction", actor=actor, address=address)
    if request is not None:
        request.resolved_at = timezone.now()
        request.save(update_fields=["resolved_at"])
    notify_committee_office(application.committee, application, f"{actor.real_name}已提交补正材料，请继续资格审核")
    return application


def abandon_overdue(today: datetime.date) -> list[Application]:
    """The periodic job: an application whose correction deadline has passed with no
    resubmission is abandoned (视为放弃申报), and the applicant is told.  Each application
    in its own transaction, so one failure leaves the others done."""
    abandoned = []
    overdue = CorrectionRequest.objects.filter(
        resolved_at__isnull=True, abandoned_at__isnull=True, deadline__lt=today,
        application__state=State.CORRECTION_REQUESTED,
    ).values_list("pk", "application_id")
    for request_id, application_id in overdue:
        with transaction.atomic():
            application = locked(application_id, None)
            if application.state != State.CORRECTION_REQUESTED:
                continue
            request = CorrectionRequest.objects.select_for_update(no_key=True).get(pk=request_id)
            request.abandoned_at = timezone.now()
            request.save(update_fields=["abandoned_at"])
            change_state(application, "abandon", actor=None,
                         opinion=f"补正期限{chinese_date(request.deadline)}已过，未提交补正材料，视为放弃申报（§一(四)）")
            notify(application.applicant, application,
                   f"您的{application.title_name}申报未在{chinese_date(request.deadline)}前补正，视为放弃申报")
            notify_committee_office(application.committee, application, f"{application.applicant.real_name}逾期未补正，已视为放弃申报")
            abandoned.append(application)
    return abandoned
