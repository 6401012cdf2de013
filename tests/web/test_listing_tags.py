"""The filters the rows of long lists use write what Django's own would."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

VALUES = [
    None, "", datetime.date(2022, 1, 2), datetime.date(2026, 12, 31),
    datetime.datetime(2022, 8, 1, 9, 5, tzinfo=datetime.UTC),
    datetime.datetime(2022, 12, 31, 16, 30, tzinfo=datetime.UTC),  # the next day, and year, in Beijing time
    datetime.datetime(2023, 3, 9, 23, 59, tzinfo=SHANGHAI),
]


@pytest.mark.parametrize("value", VALUES)
def test_row_date_writes_what_the_date_filter_writes(value):
    page = Template('{% load listing_tags %}{{ v|row_date }}|{{ v|date:"Y年n月j日" }}').render(Context({"v": value}))

    ours, django = page.split("|")
    assert ours == django


@pytest.mark.parametrize("value", [v for v in VALUES if not isinstance(v, datetime.date) or isinstance(v, datetime.datetime)])
def test_row_datetime_writes_what_the_date_filter_writes(value):
    page = Template('{% load listing_tags %}{{ v|row_datetime|default:"—" }}|{{ v|date:"Y年n月j日 H:i"|default:"—" }}').render(
        Context({"v": value}))

    ours, django = page.split("|")
    assert ours == django


@pytest.mark.parametrize("value", VALUES)
def test_month_day_writes_what_the_date_filter_writes(value):
    page = Template('{% load listing_tags %}{{ v|month_day }}|{{ v|date:"n月j日" }}').render(Context({"v": value}))

    ours, django = page.split("|")
    assert ours == django


@pytest.mark.parametrize("name", ["web:home", "web:notifications", "web:password_change", "web:logout", "web:bureau_certificates"])
def test_address_is_what_the_url_tag_gives(name):
    page = Template(f'{{% load listing_tags %}}{{% address "{name}" %}}|{{% url "{name}" %}}').render(Context())

    ours, django = page.split("|")
    assert ours == django


def test_address_follows_the_script_prefix():
    from django.urls import get_script_prefix, set_script_prefix

    page = Template('{% load listing_tags %}{% address "web:notifications" %}')
    before = get_script_prefix()
    try:
        set_script_prefix("/zhicheng/")
        assert page.render(Context()) == "/zhicheng/messages/"
    finally:
        set_script_prefix(before)
    assert page.render(Context()) == "/messages/"


@pytest.mark.parametrize("name, args", [
    ("web:application", [7]), ("web:application", [0]), ("web:attachment", [12, 3]),
    ("web:application_record_add", [5, "continuing_education"]), ("web:application_record_edit", [5, "assessments", 90817263]),
    ("web:profile_record_add", ["work-records_2"]), ("web:application", ["12"]),
])
def test_address_with_arguments_is_what_the_url_tag_gives(name, args):
    names = " ".join(f"a{n}" for n in range(len(args)))
    context = Context({f"a{n}": value for n, value in enumerate(args)})
    page = Template(f'{{% load listing_tags %}}{{% address "{name}" {names} %}}|{{% url "{name}" {names} %}}')

    for _ in range(2):  # reversed, then from what was kept
        ours, django = page.render(context).split("|")
        assert ours == django


@pytest.mark.parametrize("args", [[-1], ["x"], [""], [None], ["a/b"], [True]])
def test_address_of_an_argument_the_address_cannot_take_fails_as_the_url_tag_does(args):
    from django.urls import NoReverseMatch

    for tag in ("address", "url"):
        page = Template(f'{{% load listing_tags %}}{{% {tag} "web:application" a0 %}}')
        with pytest.raises(NoReverseMatch):
            page.render(Context({"a0": args[0]}))
