from django import template
from django.utils import timezone

from zhicheng.display import chinese_date, display_value
from zhicheng.profiles.models import Education
from zhicheng.profiles.verification import verification_message

register = template.Library()


@register.simple_tag
def field_label(model, name):
    return model._meta.get_field(name).verbose_name


@register.simple_tag
def field_value(record, name):
    return display_value(record, name)


@register.simple_tag
def verification_warning(record):
    """L11: the 学信网 online verification code lapses; the applicant is warned ahead."""
    if not isinstance(record, Education):
        return ""
    return verification_message(record, timezone.localdate())
    expires = record.verification_expires_on
    if expires is None:
        return ""
    today = timezone.localdate()
    if expires < today:
        return f"学信网在线验证码已于{chinese_date(expires)}过期，请重新下载备案表并更新验证码。"
    if (expires - today).days <= EXPIRY_WARNING_DAYS:
        return f"学信网在线验证码将于{chinese_date(expires)}过期，请及时更新。"
    return ""
