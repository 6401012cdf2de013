"""The demo's list of accounts (演示账号): every demo account with its role and unit, so that
a newcomer can act as anyone.  It exists only where the demo data set is loaded."""

from django.http import Http404
from django.shortcuts import render

from zhicheng.demo.loader import DEMO_PASSWORD, demo_accounts, demo_loaded


def demo_account_list(request):
    if not demo_loaded():
        raise Http404
    return render(request, "web/demo_accounts.html", {"groups": demo_accounts(), "password": DEMO_PASSWORD})
