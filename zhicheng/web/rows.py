"""The rows of a list, written by Jinja2.

A list page repeats its row for every entry of its page: 20 to 100 rows of five to ten
values each.  Django's template engine writes each value through about twenty calls (the
lookup tried as a key, an attribute and an index, localisation, escaping), which on the
longer lists was a third of the page's work; Jinja2 compiles a template to Python and
writes a value in a few.  So the pages are Django templates, and the rows of each list are
a Jinja2 template of their own (``<app>/jinja2/web/rows/``), written into the page with
``{% rows "web/rows/<name>.html" name=value ... %}`` (``listing_tags``).

The rows use the same filters as the pages, by the same names (those of ``listing_tags``,
``rules_tags`` and ``workflow_tags``), given a moment in the local time where the filter
expects it, as Django's templates give it.  A name that is not there (a relation the row
left out, an empty one) is written as nothing, and a method is called, as in Django's
templates: a row reads the same in either (``c.get_status_display``, whether ``c`` is a
model instance or a row of values that holds the label).  ``csrf_input`` is the form's
token, masked once for all the rows."""

import datetime
import inspect

import jinja2
from django.conf import settings
from django.template import engines
from django.template.defaultfilters import linebreaks_filter
from django.template.backends.utils import csrf_input
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone, is_naive, localtime


def environment(**options) -> jinja2.Environment:
    from zhicheng.web.templatetags import listing_tags, rules_tags, workflow_tags

    env = _Environment(**{**options, "undefined": jinja2.ChainableUndefined})
    for library in (listing_tags.register, rules_tags.register, workflow_tags.register):
        env.filters.update({name: _in_local_time(function) if getattr(function, "expects_localtime", False) else function
                            for name, function in library.filters.items()})
    env.filters["linebreaks"] = lambda text: linebreaks_filter(text, autoescape=True)
    # the links of the rows, under the request's address base read once for all of them
    env.filters["row_url"] = jinja2.pass_context(lambda context, key, name: listing_tags.addressed(_once(context).base, name, (key,)))
    env.globals["address"] = jinja2.pass_context(lambda context, name, *args: listing_tags.addressed(_once(context).base, name, args))
    return env


class _Environment(jinja2.Environment):
    def getattr(self, obj, attribute):
        """``a.b`` as Django's templates read it: a method is called (one that changes data,
        or that needs arguments, is nothing), unless it says it is not to be."""
        value = super().getattr(obj, attribute)
        if not callable(value) or getattr(value, "do_not_call_in_templates", False) or isinstance(value, jinja2.Undefined):
            return value
        if getattr(value, "alters_data", False):
            return self.undefined(obj=obj, name=attribute)
        try:
            return value()
        except TypeError:
            try:
                inspect.signature(value).bind()
            except (TypeError, ValueError):  # it needs arguments
                return self.undefined(obj=obj, name=attribute)
            raise  # the method's own error


def _in_local_time(function):
    """The filter given a moment in the local time, as Django's templates give it
    (``template_localtime``), in the time zone read once for all the rows."""

    @jinja2.pass_context
    def local(context, value, *args):
        if isinstance(value, datetime.datetime) and settings.USE_TZ and not is_naive(value) and getattr(
                value, "convert_to_local_time", True):
            value = localtime(value, _once(context).zone)
        return function(value, *args)

    return local


# what the rows of a list read once for all of them, under this name in their context
_ONCE = "_once_for_the_rows"


def _once(context) -> "_Once":
    """What :func:`written` read once for the rows (read now for a template written otherwise)."""
    return context.get(_ONCE) or _Once()


class _Once:
    """The request's address base (its URL configuration and script prefix) and time zone."""

    def __init__(self):
        from zhicheng.web.templatetags.listing_tags import address_base

        self.base, self.zone = address_base(), get_current_timezone()


def written(name: str, values: dict, request) -> SafeString:
    """The rows of the template ``name`` with ``values``, as HTML."""
    template = engines["jinja2"].env.get_template(name)
    return mark_safe(template.render({**values, "csrf_input": _Token(request), _ONCE: _Once()}))


class _Token:
    """``{{ csrf_input }}``: the form's token, masked once for all the rows of a list (each
    ``{% csrf_token %}`` of a Django template masks it anew), and only where a row asks."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def html(self) -> SafeString:
        return csrf_input(self.request)

    def __html__(self) -> SafeString:
        return self.html
