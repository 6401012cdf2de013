"""The demo's own pages: the list of accounts (演示账号), every demo account with its role and
unit, so that a newcomer can act as anyone (only where the demo data set is loaded); and the
demo date (演示日期), moved forward so that the year's steps can follow one another (only
where the demo runs)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from zhicheng.accounts.middleware import SIGNED_IN_AT
from zhicheng.applications.services import WorkflowError
from zhicheng.demo import clock
from zhicheng.demo.forms import DemoDateMoveForm
from zhicheng.demo.loader import DEMO_PASSWORD, demo_accounts, demo_loaded, demo_plans
from zhicheng.display import chinese_date


def demo_account_list(request):
    if not demo_loaded():
        raise Http404
    return render(request, "web/demo_accounts.html", {
        "groups": demo_accounts(), "password": DEMO_PASSWORD, "demo_date_page": settings.DEMO,
    })


@login_required
def demo_date(request):
    """演示日期: today's demo date beside the real one, this year's plans' dates, and the
    move forward (to the next working day, or to a chosen day)."""
    if not (settings.DEMO and demo_loaded()):
        raise Http404
    try:
        following, gap = clock.next_working_day(), None
    except WorkflowError as error:
        following, gap = None, str(error)
    form = DemoDateMoveForm(request.POST or None, following=following)
    if request.method == "POST" and form.is_valid():
        try:
            moved = clock.demo_date_move(to=form.cleaned_data["to"] or following, actor=request.user)
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            # the one who moved it stays signed in; everyone else signs in again
            request.session[SIGNED_IN_AT] = timezone.now().timestamp()
            messages.success(request, f"演示日期已调整为{chinese_date(moved)}：各角色从这一天起办理，期限按这一天计算；"
                                      "其他已登录的演示账号需重新登录")
            return redirect("web:demo_date")
    return render(request, "web/demo_date.html", {
        "form": form, "today": timezone.localdate(), "real": clock.real_today(), "gap": gap,
        "plans": demo_plans(timezone.localdate().year),
    })
