"""Tags for the rows of a list (zhicheng.web.listing) and the links every page repeats."""

import re

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

from zhicheng.display import chinese_date
from zhicheng.web.rows import written

register = template.Library()

# Addresses reversed once, with stand-ins for their arguments: a key (a number that is not
# negative, or its digits) stands in as digits, any other slug as letters, so that
# reversing the stand-in fails where the argument itself would (a slug where a number
# belongs); any other argument is reversed as it is.  Kept as the address's pieces, an
# argument's place by its position.
_addresses: dict[tuple, list[str | int]] = {}
_DIGITS, _SLUG = re.compile(r"[0-9]+"), re.compile(r"[-a-zA-Z0-9_]+")


def _stand_in(value, position: int) -> str | None:
    if (type(value) is int and value >= 0) or (type(value) is str and _DIGITS.fullmatch(value)):
        return f"90817263{position:02d}"
    if type(value) is str and _SLUG.fullmatch(value):
        return f"zhichengarg{position:02d}x"
    return None


@register.filter
def row_url(key, name: str) -> str:
    """``{{ a.pk|row_url:"web:application" }}``: the same address as ``{% url name a.pk %}``,
    the name reversed once (not once a row) and the row's key put in its place."""
    return address(name, key)


@register.simple_tag
def address(name: str, *args) -> str:
    """``{% address "web:home" %}``, ``{% address "web:application" application.pk %}``: the
    same address as ``{% url %}`` with these arguments (see :func:`addressed`)."""
    return addressed(address_base(), name, args)


def address_base() -> tuple:
    """What an address depends on beyond its name and arguments: the request's URL
    configuration and script prefix (a list's rows read them once for all their links)."""
    return get_urlconf(), get_script_prefix()


def addressed(base: tuple, name: str, args: tuple) -> str:
    """The address ``name`` with ``args`` under ``base`` (:func:`address_base`), reversed once
    for the kinds of its arguments (the header's links are on every page, a list's on every
    row) and the arguments put in the stand-ins' places: a number or a slug is written in an
    address as it is."""
    if not args:  # (the header's links: the plainest case first)
        found = (name, *base)
        if found not in _addresses:
            _addresses[found] = [reverse(name)]
        return _addresses[found][0]
    stand_ins = [_stand_in(value, position) for position, value in enumerate(args)]
    if None in stand_ins:
        return reverse(name, args=args)
    found = (name, *(stand_in[0] for stand_in in stand_ins), *base)
    if found not in _addresses:
        pieces = re.split("(" + "|".join(stand_ins) + ")", reverse(name, args=stand_ins))
        _addresses[found] = [stand_ins.index(piece) if piece in stand_ins else piece for piece in pieces]
    return "".join(piece if type(piece) is str else str(args[piece]) for piece in _addresses[found])


@register.filter(expects_localtime=True)
def row_date(value) -> str:
    """``{{ day|row_date }}``: the same text as ``{{ day|date:"Y年n月j日" }}`` (a date, or a
    moment in the local time), without Django's general format parser on every row."""
    return chinese_date(value) if value not in (None, "") else ""


@register.filter(expects_localtime=True)
def month_day(value) -> str:
    """The same text as ``{{ day|date:"n月j日" }}``."""
    return f"{value.month}月{value.day}日" if value not in (None, "") else ""


@register.filter(expects_localtime=True)
def row_datetime(value) -> str:
    """The same text as ``{{ moment|date:"Y年n月j日 H:i" }}``."""
    return f"{chinese_date(value)} {value.hour:02d}:{value.minute:02d}" if value not in (None, "") else ""


@register.simple_tag(takes_context=True)
def rows(context, name: str, **values) -> str:
    """``{% rows "web/rows/review_queue.html" list=list employer=employer %}``: the rows
    of a list, written by their Jinja2 template with these values (see zhicheng.web.rows)."""
    return written(name, values, getattr(context, "request", None))
