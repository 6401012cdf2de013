"""The form renderer: the project's templates, with the plainest widgets written in Python.

Django renders every widget, every option of a select and the attributes of each through
the template engine, a template lookup and a context each: a good part of a form page.
Here inputs (file inputs too), text areas and selects (with their options) are written
directly, exactly as their templates write them; each is used only while its template's
source is the one it mirrors (an overridden or changed template is rendered as a
template again)."""

import html
import re

from django.forms.renderers import TemplatesSetting
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
_CONTEXT = Context()  # autoescaped, localized as a template's own context


def text(value) -> str:
    """{{ value }} (a plain string, the most of what widgets write, escaped as the template
    escapes it, without its checks for dates and numbers)"""
    if type(value) is str:
        return html.escape(value)
    return render_value_in_context(value, _CONTEXT)


def formatted(value) -> str:
    """{{ value|stringformat:'s' }}"""
    written = "%s" % (str(value) if isinstance(value, tuple) else value,)
    return text(mark_safe(written) if isinstance(value, SafeData) else written)


def attrs(widget, renderer=None) -> str:
    """django/forms/widgets/attrs.html"""
    return "".join(
        f" {text(name)}" + ("" if value is True else f'="{formatted(value)}"')
        for name, value in widget["attrs"].items() if value is not False
    )


def input_tag(widget, renderer=None) -> str:
    """django/forms/widgets/input.html"""
    value = f' value="{formatted(widget["value"])}"' if widget["value"] != None else ""  # noqa: E711 (the template's !=)
    return f'<input type="{text(widget["type"])}" name="{text(widget["name"])}"{value}{attrs(widget)}>\n'


def clearable_file_input(widget, renderer=None) -> str:
    """django/forms/widgets/clearable_file_input.html: the file's link and the clearing box
    while there is one, then the input."""
    written = ""
    if widget["is_initial"]:
        written = f'{text(widget["initial_text"])}: <a href="{text(widget["value"].url)}">{text(widget["value"])}</a>'
        if not widget["required"]:
            box = text(widget["checkbox_id"])
            written += (f'\n<input type="checkbox" name="{text(widget["checkbox_name"])}" id="{box}"'
                        f'{" disabled" if widget["attrs"].get("disabled") else ""}{" checked" if widget["attrs"].get("checked") else ""}>'
                        f'\n<label for="{box}">{text(widget["clear_checkbox_label"])}</label>')
        written += f'<br>\n{text(widget["input_text"])}:'
    return f'{written}\n<input type="{text(widget["type"])}" name="{text(widget["name"])}"{attrs(widget)}>\n'


def textarea(widget, renderer=None) -> str:
    value = widget["value"]
    return f'<textarea name="{text(widget["name"])}"{attrs(widget)}>\n{text(value) if value else ""}</textarea>\n'


def select_option(widget, renderer=None) -> str:
    """The project's option: an empty choice reads 请选择."""
    label = "请选择" if widget["label"] == "---------" else text(widget["label"])
    return f'<option value="{formatted(widget["value"])}"{attrs(widget)}>{label}</option>\n'


def select(widget, renderer) -> str:
    """django/forms/widgets/select.html, each option by its own template."""
    written = [f'<select name="{text(widget["name"])}"{attrs(widget)}>']
    for group_name, group_choices, _ in widget["optgroups"]:
        if group_name:
            written.append(f'\n  <optgroup label="{text(group_name)}">')
        for option in group_choices:
            written.append("\n  " + renderer.include(option["template_name"], option))
        if group_name:
            written.append("\n  </optgroup>")
    written.append("\n</select>\n")
    return "".join(written)


def multiple_input(widget, renderer) -> str:
    """django/forms/widgets/multiple_input.html (checkboxes), each option by its own template."""
    own_id, own_class = widget["attrs"].get("id"), widget["attrs"].get("class")
    written = ["<div", f' id="{text(own_id)}"' if own_id else "", f' class="{text(own_class)}"' if own_class else "", ">"]
    for group, options, _ in widget["optgroups"]:
        if group:
            written.append(f"\n  <div><label>{text(group)}</label>")
        for option in options:
            written.append("<div>\n    " + renderer.include(option["template_name"], option) + "</div>")
        if group:
            written.append("\n  </div>")
    written.append("\n</div>\n")
    return "".join(written)


def input_option(widget, renderer=None) -> str:
    """django/forms/widgets/input_option.html: the input, in its label where it wraps one."""
    if not widget["wrap_label"]:
        return input_tag(widget) + "\n"
    label_for = f' for="{text(widget["attrs"]["id"])}"' if widget["attrs"].get("id") else ""
    return f"<label{label_for}>{input_tag(widget)} {text(widget['label'])}</label>\n"


def including(name: str) -> str:
    """The source of a template that only includes ``name``."""
    return '{% include "django/forms/widgets/' + name + '" %}\n'


INCLUDES_INPUT = including("input.html")
INCLUDED = re.compile(r'\{% include "(django/forms/widgets/[^"]+)" %\}')
ATTRS = "{% include \"django/forms/widgets/attrs.html\" %}"
# each writer, and the source of the template it writes as
WRITERS = {
    WIDGETS + "attrs.html": (attrs, "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
                             "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}{% endfor %}"),
    WIDGETS + "input.html": (input_tag, '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %}'
                             " value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}" + ATTRS + ">\n"),
    **{WIDGETS + f"{kind}.html": (lambda widget, renderer: input_tag(widget) + "\n", INCLUDES_INPUT)
       for kind in ("text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "file", "checkbox")},
    WIDGETS + "multiple_input.html": (multiple_input, '{% with id=widget.attrs.id %}<div{% if id %} id="{{ id }}"{% endif %}'
                                      '{% if widget.attrs.class %} class="{{ widget.attrs.class }}"{% endif %}>{% for group, options,'
                                      ' index in widget.optgroups %}{% if group %}\n  <div><label>{{ group }}</label>{% endif %}'
                                      '{% for option in options %}<div>\n    {% include option.template_name with widget=option %}'
                                      '</div>{% endfor %}{% if group %}\n  </div>{% endif %}{% endfor %}\n</div>{% endwith %}\n'),
    WIDGETS + "checkbox_select.html": (lambda widget, renderer: multiple_input(widget, renderer) + "\n", including("multiple_input.html")),
    WIDGETS + "input_option.html": (input_option, '{% if widget.wrap_label %}<label{% if widget.attrs.id %} for="{{ widget.attrs.id }}"'
                                    '{% endif %}>{% endif %}' + INCLUDES_INPUT[:-1] + '{% if widget.wrap_label %} {{ widget.label }}'
                                    '</label>{% endif %}\n'),
    WIDGETS + "checkbox_option.html": (lambda widget, renderer: input_option(widget) + "\n", including("input_option.html")),
    WIDGETS + "clearable_file_input.html": (
        clearable_file_input, '{% if widget.is_initial %}{{ widget.initial_text }}: <a href="{{ widget.value.url }}">{{ widget.value }}</a>'
        '{% if not widget.required %}\n<input type="checkbox" name="{{ widget.checkbox_name }}" id="{{ widget.checkbox_id }}"'
        '{% if widget.attrs.disabled %} disabled{% endif %}{% if widget.attrs.checked %} checked{% endif %}>\n<label for="'
        '{{ widget.checkbox_id }}">{{ widget.clear_checkbox_label }}</label>{% endif %}<br>\n{{ widget.input_text }}:{% endif %}\n'
        '<input type="{{ widget.type }}" name="{{ widget.name }}"' + ATTRS + ">\n"),
    WIDGETS + "textarea.html": (textarea, '<textarea name="{{ widget.name }}"' + ATTRS
                                + ">\n{% if widget.value %}{{ widget.value }}{% endif %}</textarea>\n"),
    WIDGETS + "select_option.html": (select_option, "<option value=\"{{ widget.value|stringformat:'s' }}\"" + ATTRS
                                     + '>{% if widget.label == "---------" %}请选择{% else %}{{ widget.label }}{% endif %}</option>\n'),
    WIDGETS + "select.html": (select, '<select name="{{ widget.name }}"' + ATTRS + ">{% for group_name, group_choices, group_index"
                              " in widget.optgroups %}{% if group_name %}\n  <optgroup label=\"{{ group_name }}\">{% endif %}"
                              "{% for option in group_choices %}\n  {% include option.template_name with widget=option %}"
                              "{% endfor %}{% if group_name %}\n  </optgroup>{% endif %}{% endfor %}\n</select>\n"),
}


class FormRenderer(TemplatesSetting):
    """TemplatesSetting, with the widgets above written directly."""

    def __init__(self):
        self._writes: dict[str, bool] = {}

    def writes(self, template_name: str) -> bool:
        """Whether ``template_name`` is written here: its source is the one mirrored (and
        every template it includes is written here too)."""
        if template_name not in self._writes:
            mirrored = WRITERS.get(template_name)
            self._writes[template_name] = bool(mirrored) and self.get_template(template_name).template.source == mirrored[1] and (
                template_name == WIDGETS + "attrs.html" or self.writes(WIDGETS + "attrs.html")) and all(
                self.writes(included) for included in INCLUDED.findall(mirrored[1]))
        return self._writes[template_name]

    def render(self, template_name, context, request=None):
        if self.writes(template_name):  # (a widget's own template is stripped, as Django does)
            return WRITERS[template_name][0](context["widget"], self).strip()
        return super().render(template_name, context, request)

    def include(self, template_name, widget) -> str:
        """``{% include template_name with widget=widget %}`` in a widget's template."""
        if self.writes(template_name):
            return WRITERS[template_name][0](widget, self)
        return self.get_template(template_name).render({"widget": widget})

