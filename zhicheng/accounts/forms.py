"""Forms for accounts: logging in, and staff accounts opened by a bureau."""

from django import forms
from django.core.exceptions import ValidationError

from .identity import validate_mobile
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
