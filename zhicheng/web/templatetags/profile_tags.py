import datetime

from django import template
from django.utils import timezone

from zhicheng.profiles.models import Education, EducationProof, InsuranceMonth

register = template.Library()

EXPIRY_WARNING_DAYS = 30


@register.simple_tag
def field_label(model, name):
    return model._meta.get_field(name).verbose_name


@register.simple_tag
def field_value(record, name):
    """A field as people read it: choice labels, dates as dates, 是/否."""
    field = record._meta.get_field(name)
    value = getattr(record, name)
    if field.choices:
        return getattr(record, f"get_{name}_display")()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        if isinstance(record, InsuranceMonth) and name == "month":
            return f"{value.year}年{value.month}月"
        return f"{value.year}年{value.month}月{value.day}日"
    if value in (None, ""):
        return "至今" if name == "ended_on" else "—"
    return value


@register.simple_tag
def verification_warning(record):
    """L11: the 学信网 online verification code is valid for 6 months; warn before it lapses."""
    if not isinstance(record, Education) or record.proof_kind != EducationProof.CHSI:
        return ""
    expires = record.verification_expires_on
    if expires is None:
        return ""
    today = timezone.localdate()
    if expires < today:
        return f"学信网在线验证码已于{expires.year}年{expires.month}月{expires.day}日过期，请重新下载备案表并更新验证码。"
    if (expires - today).days <= EXPIRY_WARNING_DAYS:
        return f"学信网在线验证码将于{expires.year}年{expires.month}月{expires.day}日过期，请及时更新。"
    return ""
