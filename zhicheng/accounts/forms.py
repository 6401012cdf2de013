"""Forms for accounts: logging in, passwords, and staff accounts opened by a bureau."""

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError

from .identity import validate_mobile
from .passwords import password_rules_help
from .models import Unit, User
from .services import BUREAU_GRANTABLE_ROLES, units_in_jurisdiction


def mobile_free_for(value: str, account: User | None = None) -> str:
    """A well-formed mobile number that no other account logs in with."""
    mobile = validate_mobile(value)
    taken = User.objects.filter(mobile=mobile)
    if account is not None:
        taken = taken.exclude(pk=account.pk)
    if taken.exists():
        raise ValidationError("该手机号码已被其他账号使用", code="duplicate_mobile")
    return mobile


class LoginForm(forms.Form):
    login = forms.CharField(label="身份证号或手机号码", max_length=18)
    password = forms.CharField(label="密码", widget=forms.PasswordInput, strip=False)


class ChosenPasswordMixin:
    """A password the person sets for themselves: the rules stand beside the field, and
    once saved no change is due."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_rules_help

    def save(self, commit=True):
        self.user.password_chosen()
        return super().save(commit)


class OwnPasswordChangeForm(ChosenPasswordMixin, PasswordChangeForm):
    pass


class OwnSetPasswordForm(ChosenPasswordMixin, SetPasswordForm):
    pass


class EmailResetForm(PasswordResetForm):
    email = forms.EmailField(label="电子邮箱", max_length=254, help_text="填写账号中登记的电子邮箱，重置链接将发送到该邮箱")


class MobileResetForm(forms.Form):
    mobile = forms.CharField(label="手机号码", max_length=11, help_text="填写账号的手机号码，验证码将以短信发送")

    def clean_mobile(self):
        return validate_mobile(self.cleaned_data["mobile"])


class ResetCodeForm(MobileResetForm):
    code = forms.CharField(label="短信验证码", max_length=6, min_length=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mobile"].help_text = ""


class StaffAccountForm(forms.Form):
    """人社部门为本辖区单位开设经办人或专家账号."""

    real_name = forms.CharField(label="姓名", max_length=30)
    mobile = forms.CharField(label="手机号码", max_length=11, help_text="作为登录名")
    role = forms.ChoiceField(label="角色", choices=[(role.value, role.label) for role in BUREAU_GRANTABLE_ROLES])
    unit = forms.ModelChoiceField(label="所属单位", queryset=Unit.objects.none(), empty_label="（请选择）")

    def __init__(self, *args, bureau_officer: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_in_jurisdiction(bureau_officer).order_by("name")

    def clean_mobile(self):
        return mobile_free_for(self.cleaned_data["mobile"])
