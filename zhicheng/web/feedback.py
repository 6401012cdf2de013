"""How a page tells the person what happened: every refusal in Chinese, nothing half-done."""

from django.contrib import messages

from zhicheng.applications.services import WorkflowError


def perform(request, action, success: str) -> bool:
    """Runs one domain step; a refusal becomes an error message, success a confirmation."""
    try:
        action()
    except WorkflowError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True


def form_errors(request, form) -> None:
    """A form's errors as messages, each naming its field."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))


def submitted(request):
    """The posted data, or None for a GET: a POST with every box left empty is still a
    submission, and must get its errors rather than a fresh form."""
    return request.POST if request.method == "POST" else None
