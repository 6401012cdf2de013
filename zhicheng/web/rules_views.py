"""The rules as an administrator checks them before use: every parameter value in force
that could not be verified against its document, in one list."""

from django.shortcuts import render
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.display import chinese_date
from zhicheng.rules.parameters import default_parameters

from .views import role_required


@role_required(Role.ADMIN)
def unverified_parameters(request):
    """待核实的参数: what a bureau must confirm against the original text before relying on it."""
    today = timezone.localdate()
    rows = [(value, chinese_date(value.effective_from)) for value in default_parameters().unverified(today)]
    return render(request, "web/unverified_parameters.html", {"rows": rows, "today": chinese_date(today)})
