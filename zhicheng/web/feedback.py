"""How a page tells the person what happened: every refusal in Chinese, nothing half-done;
every success says what was done, what comes next and whom it was sent to."""

from django.contrib import messages
from django.utils import timezone

from zhicheng.applications.models import Application, Notification
from zhicheng.applications.services import WorkflowError
from zhicheng.applications.workflow import CLOSED_STATES, next_step
from zhicheng.display import chinese_date


def perform(request, action, success) -> bool:
    """Runs one domain step; a refusal becomes an error message, success a confirmation.
    `success` is the sentence, or a function that writes it once the step is done."""
    try:
        action()
    except WorkflowError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success() if callable(success) else success)
    return True


def application_outcome(application_id: int, done: str, since) -> str:
    """「已退回修改。下一步：韦明辉按审核意见修改后重新提交。已发消息通知：韦明辉。」"""
    application = Application.objects.select_related("applicant", "employer", "plan__committee").get(pk=application_id)
    sentences = [f"{done}：{application.applicant.real_name}的{application.title_name}申报现为「{application.get_state_display()}」。"]
    step = next_step(application)
    if step is not None:
        sentences.append(f"下一步：{step[0]}{step[1]}。")
    elif application.state in CLOSED_STATES:
        sentences.append("本申报已办结。")
    told = list(
        Notification.objects.filter(application=application, created_at__gte=since)
        .order_by("pk").values_list("recipient__real_name", "deadline")
    )
    names = list(dict.fromkeys(name for name, _ in told))
    deadlines = sorted(deadline for _, deadline in told if deadline is not None)
    if deadlines:
        sentences.append(f"办理期限：{chinese_date(deadlines[0])}。")
    if names:
        sentences.append(f"已发消息通知：{'、'.join(names)}。")
    return "".join(sentences)


def outcome_of(application_id: int, done: str):
    """The success sentence of a step on an application, written after the step."""
    since = timezone.now()
    return lambda: application_outcome(application_id, done, since)


def form_errors(request, form) -> None:
    """A form's errors as messages, each naming its field."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))


def submitted(request):
    """The posted data, or None for a GET: a POST with every box left empty is still a
    submission, and must get its errors rather than a fresh form."""
    return request.POST if request.method == "POST" else None
