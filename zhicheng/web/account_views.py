"""Passwords: changing one's own, and finding it again by e-mail (Django's own views)
or by a code sent to the account's mobile."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy

from zhicheng.accounts import lockout
from zhicheng.accounts.forms import EmailResetForm, MobileResetForm, OwnPasswordChangeForm, OwnSetPasswordForm, ResetCodeForm
from zhicheng.accounts.reset import redeem_reset_code, send_reset_code
from zhicheng.accounts.sms import SmsError
from zhicheng.accounts.throttle import Throttled, throttle

from .feedback import submitted


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = OwnPasswordChangeForm
    template_name = "web/form.html"
    success_url = reverse_lazy("web:password_changed")
    extra_context = {"title": "修改密码", "back": "/"}


class EmailResetView(auth_views.PasswordResetView):
    """The reset link goes only to an e-mail address the account registered; the page
    says the same whether or not one did."""

    form_class = EmailResetForm
    template_name = "web/accounts/reset_request.html"
    email_template_name = "web/accounts/reset_email.txt"
    subject_template_name = "web/accounts/reset_subject.txt"
    success_url = reverse_lazy("web:password_reset_sent")
    extra_context = {"channel": "email"}

    def form_valid(self, form):
        try:
            throttle(self.request, "reset", account=form.cleaned_data["email"].lower())
        except Throttled as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        return super().form_valid(form)


def sms_reset(request):
    form = MobileResetForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        mobile = form.cleaned_data["mobile"]
        try:
            throttle(request, "reset", account=mobile)
            account = lockout.account_for(mobile)
            if account is not None and account.is_active:
                send_reset_code(account)
        except Throttled as refused:
            form.add_error(None, str(refused))
        except SmsError as failed:
            form.add_error(None, f"{failed}，请稍后再试，或改用电子邮箱找回密码")
        else:
            messages.info(request, "如果该手机号码是本系统的账号，验证码已发送，请查收短信")
            return redirect(f"{reverse('web:password_reset_code')}?mobile={mobile}")
    return render(request, "web/accounts/reset_request.html", {"form": form, "channel": "sms"})


def sms_reset_code(request):
    form = ResetCodeForm(submitted(request), initial={"mobile": request.GET.get("mobile", "")})
    if request.method == "POST" and form.is_valid():
        mobile = form.cleaned_data["mobile"]
        account = lockout.account_for(mobile)
        if lockout.is_locked(request, mobile):
            return lockout.locked_response(request)
        target = redeem_reset_code(account, form.cleaned_data["code"]) if account else None
        if target:
            return redirect(target)
        lockout.count_failure(request, mobile)
        form.add_error("code", "验证码不正确或已失效，请重新获取")
    return render(request, "web/accounts/reset_code.html", {"form": form})


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = OwnSetPasswordForm
    template_name = "web/accounts/reset_confirm.html"
    success_url = reverse_lazy("web:password_reset_complete")


reset_sent = auth_views.PasswordResetDoneView.as_view(template_name="web/accounts/reset_sent.html")
reset_complete = auth_views.PasswordResetCompleteView.as_view(template_name="web/accounts/reset_complete.html")
