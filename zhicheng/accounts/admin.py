from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, UserChangeForm
from django.template.response import TemplateResponse

from zhicheng.audit.trail import client_address

from . import lockout
from .identity import validate_credit_code, validate_id_number, validate_mobile
from .models import LoginFailures, Region, ThrottleHit, Unit, User
from .services import personal_data_reveal


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent__parent__parent"]  # the full name walks up to the province


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = "__all__"

    def clean_credit_code(self):
        return validate_credit_code(self.cleaned_data["credit_code"])


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    form = UnitForm
    list_display = ["name", "credit_code", "kind", "region", "is_hr_bureau", "is_demo"]
    list_filter = ["kind", "is_hr_bureau", "is_demo"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["region__parent__parent__parent"]  # the region's full name walks up to the province


class IdentityChecks:
    def clean_id_number(self):
        number = self.cleaned_data.get("id_number")
        return validate_id_number(number) if number else None

    def clean_mobile(self):
        return validate_mobile(self.cleaned_data["mobile"])


class HandedOverPassword:
    """A password an administrator sets is an initial one: changed at first login."""

    def save(self, commit=True):
        user = super().save(commit=False)
        user.password_handed_over()
        if commit:
            user.save()
        return user


class UserCreationForm(HandedOverPassword, IdentityChecks, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["mobile", "real_name", "id_number", "role", "unit"]


class PasswordSetByAdminForm(HandedOverPassword, AdminPasswordChangeForm):
    pass


class UserEditForm(IdentityChecks, UserChangeForm):
    """The ID and mobile numbers are not sent to the page: the boxes show them masked and
    stay empty; a number typed in replaces the old one, an empty box keeps it."""

    MASKED = {"id_number": "masked_id_number", "mobile": "masked_mobile"}

    class Meta:
        model = User
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, masked in self.MASKED.items():
            field = self.fields[name]
            field.required = False
            field.widget.attrs["placeholder"] = f"{getattr(self.instance, masked) or '未登记'}（不修改请留空）"
            field.help_text = "为保护个人信息不显示完整号码；如需查看，请在用户列表中使用“查看完整号码”"
            self.initial[name] = ""

    def clean_id_number(self):
        if not self.cleaned_data.get("id_number"):
            return self.instance.id_number
        return super().clean_id_number()

    def clean_mobile(self):
        if not self.cleaned_data.get("mobile"):
            return self.instance.mobile
        return super().clean_mobile()


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    change_password_form = PasswordSetByAdminForm
    actions = ["unlock", "reveal"]
    ordering = ["real_name"]
    list_display = ["real_name", "masked_mobile", "masked_id_number", "role", "unit", "is_active", "is_demo"]
    list_filter = ["role", "is_active", "is_demo"]
    search_fields = ["real_name", "mobile", "id_number"]
    list_select_related = ["unit"]
    fieldsets = [
        (None, {"fields": ["mobile", "password"]}),
        ("个人信息", {"fields": ["real_name", "id_number", "email"]}),
        ("角色与单位", {"fields": ["role", "unit"]}),
        ("权限", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("密码", {"fields": ["must_change_password", "password_changed_at"]}),
        ("其他", {"fields": ["is_demo", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["mobile", "real_name", "id_number", "role", "unit", "password1", "password2"]})]

    @admin.display(description="手机号码")
    def masked_mobile(self, user):
        return user.masked_mobile

    @admin.display(description="身份证号")
    def masked_id_number(self, user):
        return user.masked_id_number

    @admin.action(description="查看所选人员的完整身份证号和手机号码（记入审计）")
    def reveal(self, request, queryset):
        address = client_address(request)
        people = [(person, personal_data_reveal(person=person, fields=("id_number", "mobile"), actor=request.user, address=address))
                  for person in queryset]
        return TemplateResponse(request, "admin/accounts/revealed.html",
                                {**self.admin_site.each_context(request), "people": people, "title": "完整身份证号和手机号码"})

    @admin.action(description="解除所选账号的登录锁定")
    def unlock(self, request, queryset):
        for account in queryset:
            lockout.unlock_account(account=account, actor=request.user, address=client_address(request))
        messages.success(request, f"已解除{queryset.count()}个账号的登录锁定")


@admin.register(LoginFailures)
class LoginFailuresAdmin(admin.ModelAdmin):
    """Failed logins by account and address; a row at the limit is a lock."""

    list_display = ["attempt_time", "login", "ip_address", "failures_since_start", "locked", "path_info"]
    list_display_links = None
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    actions = ["unlock_accounts", "unlock_addresses"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="登录名", ordering="username")
    def login(self, attempt):
        return attempt.username

    @admin.display(description="已锁定", boolean=True)
    def locked(self, attempt):
        return attempt.failures_since_start >= settings.LOGIN_FAILURE_LIMIT

    @admin.action(description="解除所选账号的锁定")
    def unlock_accounts(self, request, queryset):
        accounts = User.objects.filter(mobile__in=queryset.values("username"))
        for account in accounts:
            lockout.unlock_account(account=account, actor=request.user, address=client_address(request))
        messages.success(request, f"已解除{accounts.count()}个账号的登录锁定")

    @admin.action(description="解除所选网络地址的锁定")
    def unlock_addresses(self, request, queryset):
        addresses = {attempt.ip_address: attempt for attempt in queryset}
        for attempt in addresses.values():
            lockout.unlock_address(attempt=attempt, actor=request.user, address=client_address(request))
        messages.success(request, f"已解除{len(addresses)}个网络地址的登录锁定")


@admin.register(ThrottleHit)
class ThrottleHitAdmin(admin.ModelAdmin):
    """Requests counted against the registration and reset limits; deleting rows lifts a limit."""

    list_display = ["at", "action", "key"]
    list_filter = ["action"]
    search_fields = ["key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
