"""The rows of a list, written by Jinja2 (zhicheng.web.rows), read as Django's templates read
a page: the same names, methods called, nothing where a value is missing, escaped, the
same filters in the local time, and one form token for all the rows."""

import datetime

import pytest
from django.template import Context, Template, engines
from django.test import RequestFactory
from django.utils.safestring import mark_safe

from zhicheng.web.listing import Row
from zhicheng.web.rows import written


def rows(source: str, **values) -> str:
    """``source`` written as a rows template with ``values``."""
    return str(engines["jinja2"].from_string(source).render(values))


class Thing:
    def __init__(self, name):
        self.name = name
        self.changed = False

    def label(self):
        return f"《{self.name}》"

    def with_argument(self, suffix):
        return self.name + suffix

    def change(self):
        self.changed = True
        return "changed"
    change.alters_data = True

    def broken(self):
        raise TypeError("a mistake inside the method")


def test_a_method_is_called_as_in_django_templates():
    thing = Thing("高级工程师")
    source = "{{ t.label }}|{{ t.with_argument }}|{{ t.change }}"

    assert rows(source, t=thing) == "《高级工程师》||"
    assert Template(source).render(Context({"t": thing})) == "《高级工程师》||"
    assert thing.changed is False  # a method that changes data is not called


def test_an_error_inside_a_method_is_not_hidden():
    with pytest.raises(TypeError, match="a mistake inside the method"):
        rows("{{ t.broken }}", t=Thing("x"))


def test_a_value_a_row_left_out_is_nothing_however_deep():
    row = Row()
    row.pk = 3  # a row of values without its employer (an empty relation)

    assert rows("[{{ a.employer.name }}][{{ a.employer.region.name }}][{{ a.pk }}]", a=row) == "[][][3]"


def test_values_are_escaped_and_safe_html_is_not_escaped_twice():
    assert rows("{{ name }}|{{ cells }}", name='<b>"王"</b>', cells=mark_safe("<td>王</td>")) == (
        "&lt;b&gt;&#34;王&#34;&lt;/b&gt;|<td>王</td>")


def test_the_filters_are_the_pages_own_in_the_local_time():
    moment = datetime.datetime(2022, 12, 31, 16, 30, tzinfo=datetime.UTC)  # 2023年1月1日 00:30 in Beijing time
    source = "{{ m|row_date }}|{{ m|row_datetime }}|{{ m|month_day }}|{{ s|state_label }}|{{ k|row_url('web:application') }}"
    page = Template("{% load listing_tags workflow_tags %}" + source.replace("('web:application')", ':"web:application"')).render(
        Context({"m": moment, "s": "submitted", "k": 7}))

    assert rows(source, m=moment, s="submitted", k=7) == page == "2023年1月1日|2023年1月1日 00:30|1月1日|待单位审核|/applications/7/"


def test_the_form_token_is_masked_once_for_all_rows_and_is_the_requests():
    from django.middleware.csrf import _unmask_cipher_token, get_token

    request = RequestFactory().get("/")
    html = str(written("web/rows/review_queue.html", {"list": None, "employer": None}, request))  # no rows: no token asked
    assert "csrfmiddlewaretoken" not in html
    assert "CSRF_COOKIE" not in request.META

    rows_of_values = []
    for pk in (11, 12, 13):
        row = Row()
        row.pk = pk
        rows_of_values.append((row, mark_safe("<input>")))
    request = RequestFactory().get("/")
    html = str(written("web/rows/assessments_pending.html", {"forms": rows_of_values, "pending": None}, request))
    tokens = {part.split('"', 1)[0] for part in html.split('value="')[1:]}
    assert html.count("csrfmiddlewaretoken") == 3 and len(tokens) == 1
    assert _unmask_cipher_token(tokens.pop()) == _unmask_cipher_token(get_token(request))


def test_the_rows_are_written_in_the_requests_time_zone_and_under_its_script_prefix():
    """The time zone and the address base are read once for all the rows of a list: they are
    those of the request being answered."""
    from zoneinfo import ZoneInfo

    from django.urls import set_script_prefix
    from django.utils import timezone

    row = Row()
    row.pk, row.state, row.counted_opinions = 7, "submitted", 0
    row.submitted_at = datetime.datetime(2022, 12, 31, 16, 30, tzinfo=datetime.UTC)
    listed = type("Listed", (), {"rows": [row], "filtered": False})()
    request = RequestFactory().get("/")

    beijing = str(written("web/rows/review_queue.html", {"list": listed, "employer": True}, request))
    with timezone.override(ZoneInfo("UTC")):
        utc = str(written("web/rows/review_queue.html", {"list": listed, "employer": True}, request))
    set_script_prefix("/zhicheng/")
    try:
        prefixed = str(written("web/rows/review_queue.html", {"list": listed, "employer": True}, request))
    finally:
        set_script_prefix("/")

    assert "2023年1月1日 00:30" in beijing and 'href="/applications/7/"' in beijing
    assert "2022年12月31日 16:30" in utc and "2023年1月1日" not in utc
    assert 'href="/zhicheng/applications/7/"' in prefixed
