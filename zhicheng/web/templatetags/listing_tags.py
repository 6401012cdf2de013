"""Tags for the rows of a list (zhicheng.web.listing) and the links every page repeats."""

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

from zhicheng.display import chinese_date

register = template.Library()

_KEY = "9081726354"  # stands for the row's key in the address reversed once
_addresses: dict[tuple, str] = {}


@register.filter
def row_url(key, name: str) -> str:
    """``{{ a.pk|row_url:"web:application" }}``: the same address as ``{% url name a.pk %}``,
    the name reversed once (not once a row) and the row's key put in its place."""
    found = (name, get_urlconf(), get_script_prefix())
    if found not in _addresses:
        _addresses[found] = reverse(name, args=[_KEY])
    return _addresses[found].replace(_KEY, str(key))


@register.simple_tag
def address(name: str) -> str:
    """``{% address "web:home" %}``: the same address as ``{% url "web:home" %}``, reversed
    once (not on every page: the header's links are on all of them)."""
    found = (name, get_urlconf(), get_script_prefix())
    if found not in _addresses:
        _addresses[found] = reverse(name)
    return _addresses[found]


@register.filter(expects_localtime=True)
def row_date(value) -> str:
    """``{{ day|row_date }}``: the same text as ``{{ day|date:"Y年n月j日" }}`` (a date, or a
    moment in the local time), without Django's general format parser on every row."""
    return chinese_date(value) if value not in (None, "") else ""


@register.filter(expects_localtime=True)
def row_datetime(value) -> str:
    """The same text as ``{{ moment|date:"Y年n月j日 H:i" }}``."""
    return f"{chinese_date(value)} {value.hour:02d}:{value.minute:02d}" if value not in (None, "") else ""
