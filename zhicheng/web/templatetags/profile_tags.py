from django import template
from django.utils import timezone

from zhicheng.display import display_value
from zhicheng.profiles.models import Education
from zhicheng.profiles.verification import verification_message

register = template.Library()


@register.simple_tag
def field_label(model, name):
    return model._meta.get_field(name).verbose_name


@register.filter
def with_labels(values, labels):
    """A row's values beside their column labels, for tables that become cards on a phone."""
    return zip(labels, values)


@register.simple_tag
def field_value(record, name):
    return display_value(record, name)


@register.simple_tag
def verification_warning(record):
    """L11: the 学信网 online verification code lapses; the applicant is warned ahead."""
    if not isinstance(record, Education):
        return ""
    return verification_message(record, timezone.localdate())
