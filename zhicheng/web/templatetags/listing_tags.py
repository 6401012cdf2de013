"""Tags for the rows of a list (zhicheng.web.listing)."""

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

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
