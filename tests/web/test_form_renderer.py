"""The form renderer writes the plainest widgets in Python: byte for byte what their
templates write, and the templates again wherever the source differs."""

import datetime

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from zhicheng.applications.forms import AchievementForm, AttachmentUploadForm, CommitmentForm, WithdrawForm
from zhicheng.web import renderers
from zhicheng.web.renderers import FormRenderer

ODD = ["", "a<b>&\"c'", mark_safe("<b>safe</b>"), 0, 12345, 3.5, True, False, (1, 2), gettext_lazy("说明"),
       datetime.date(2022, 8, 1), "请选择"]


class Odd(forms.Form):
    text = forms.CharField(label="<名称>", max_length=20, initial='x"<y>', help_text="h")
    number = forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"min": 0, "step": "1", "autofocus": True,
                                                                              "disabled": False, "data-x": "<&>"}))
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), initial=datetime.date(2022, 8, 1))
    hidden = forms.IntegerField(widget=forms.HiddenInput, initial=7)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="p&q")
    mail = forms.EmailField(required=False)
    file = forms.FileField(required=False)
    agree = forms.BooleanField(required=False, initial=True)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), initial="a\n<b>")
    empty_note = forms.CharField(widget=forms.Textarea, required=False)
    choice = forms.ChoiceField(choices=[("", "---------"), ("a", "甲 & 乙"), (1, 2), ("组", [("x", "<x>"), ("y", gettext_lazy("说明"))])],
                               initial="x")
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], initial=["a", "b"], required=False)
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, initial="b")
    ticks = forms.MultipleChoiceField(choices=[("a", "<A>"), (1, gettext_lazy("说明")), ("组 & 类", [("x", "X"), ("y", "Y")])],
                                      widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}), initial=["a", "y"],
                                      required=False)
    plain_ticks = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple, required=False)


def written(form, renderer):
    form.renderer = renderer
    return [field.as_widget() for field in form] + [str(form)]


@pytest.mark.parametrize("data", [None, {"text": "<bad>", "number": "x", "choice": "zz", "note": "", "many": ["b"]}])
def test_the_widgets_are_written_as_their_templates_write_them(data):
    assert written(Odd(data), FormRenderer()) == written(Odd(data), TemplatesSetting())


@pytest.mark.parametrize("value", ODD)
def test_odd_values_and_attributes_are_written_as_the_templates_write_them(value):
    label = str(value) if isinstance(value, tuple) else value  # (a tuple of choices would be a group)
    widgets = [forms.TextInput(attrs={"title": value}), forms.Textarea(attrs={"title": value}),
               forms.Select(choices=[(value, label), ("", "---------")], attrs={"data-v": value})]
    for widget in widgets:
        assert widget.render("f", value, renderer=FormRenderer()) == widget.render("f", value, renderer=TemplatesSetting())


class StoredFile:
    """A file already stored, as a file field gives it (with an address)."""

    def __init__(self, name, url):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


@pytest.mark.parametrize("required", [True, False])
@pytest.mark.parametrize("attrs", [{}, {"disabled": True, "accept": "application/pdf"}])
def test_a_file_input_with_a_stored_file_is_written_as_its_template_writes_it(required, attrs):
    widget = forms.ClearableFileInput(attrs=attrs)
    widget.is_required, widget.checked = required, not required
    value = StoredFile("承诺书<1>.pdf", "/media/a&b.pdf")
    assert FormRenderer().writes(renderers.WIDGETS + "clearable_file_input.html")
    for shown in (value, None):
        assert widget.render("f", shown, renderer=FormRenderer()) == widget.render("f", shown, renderer=TemplatesSetting())


@pytest.mark.django_db
def test_the_closing_days_forms_are_written_as_before():
    for form in (AchievementForm(), CommitmentForm(), AttachmentUploadForm(auto_id="upload_%s"),
                 WithdrawForm(initial={"version": 3}, auto_id="withdraw_%s")):
        assert written(form, FormRenderer()) == written(form, TemplatesSetting())


def test_a_template_that_differs_is_rendered_as_a_template(monkeypatch):
    changed = renderers.WRITERS[renderers.WIDGETS + "input.html"]
    monkeypatch.setitem(renderers.WRITERS, renderers.WIDGETS + "input.html", (lambda widget, renderer: "wrong", changed[1] + " "))
    renderer = FormRenderer()

    assert not renderer.writes(renderers.WIDGETS + "text.html") and renderer.writes(renderers.WIDGETS + "select.html")
    assert forms.TextInput().render("f", "v", renderer=renderer) == '<input type="text" name="f" value="v">'
