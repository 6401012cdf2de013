from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from .identity import validate_credit_code, validate_id_number, validate_mobile
from .models import Region, Unit, User


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


class UserCreationForm(IdentityChecks, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["mobile", "real_name", "id_number", "role", "unit"]


class UserEditForm(IdentityChecks, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["real_name"]
    list_display = ["real_name", "mobile", "role", "unit", "is_active", "is_demo"]
    list_filter = ["role", "is_active", "is_demo"]
    search_fields = ["real_name", "mobile", "id_number"]
    list_select_related = ["unit"]
    fieldsets = [
        (None, {"fields": ["mobile", "password"]}),
        ("个人信息", {"fields": ["real_name", "id_number", "email"]}),
        ("角色与单位", {"fields": ["role", "unit"]}),
        ("权限", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("其他", {"fields": ["is_demo", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["mobile", "real_name", "id_number", "role", "unit", "password1", "password2"]})]
