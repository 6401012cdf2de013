"""Catalogue forms: the title field every form that asks for a level uses, and the
administrator's import of a year's holiday arrangement (年度节假日安排)."""

from collections.abc import Iterable

from django import forms

from zhicheng import rules
from zhicheng.rules.calendar import parse_arrangement
from zhicheng.rules.catalogue import list_series

TITLE_SEPARATOR = "."


def title_value(series: str, level: str) -> str:
    """The field's value for a level of a series: ``engineering.intermediate``."""
    return f"{series}{TITLE_SEPARATOR}{level}"


def title_choices(series: Iterable[str] | None = None) -> list:
    """Every level of every series in force (or of ``series`` only) under the series' own
    name, grouped by series: 工程系列 → 技术员, 助理工程师, 工程师, 高级工程师, 正高级工程师."""
    wanted = None if series is None else set(series)
    return [
        (found.name, [(title_value(found.code, level.code), level.name) for level in found.levels])
        for found in list_series()
        if wanted is None or found.code in wanted
    ]


class TitleField(forms.ChoiceField):
    """职称: a level of a series, offered under the series' own name (工程师, 一级教师, 主治医师),
    never the generic grade; cleaned to ``(series code, level code)``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", lambda: [("", "（请选择）"), *title_choices()])
        super().__init__(**kwargs)

    def offer(self, series: Iterable[str]) -> None:
        """Offer the levels of ``series`` only (e.g. the series of the committees open today)."""
        self.choices = [("", "（请选择）"), *title_choices(frozenset(series))]

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        series, _, level = value.partition(TITLE_SEPARATOR)
        return series, level


FORMAT_HELP = (
    "每行一天或连续几天：日期,休或班,说明。例如：2027-01-01,休,元旦；2027-02-10~2027-02-17,休,春节；"
    "2027-02-07,班,春节调休上班。以#开头的行为注释。"
)


class CalendarImportForm(forms.Form):
    """A year's arrangement from a file or typed on the form in the same format; cleaning
    parses it, so a valid form carries the days to preview and to import."""

    year = forms.IntegerField(label="年度", min_value=2004, max_value=2100)
    notice = forms.CharField(label="依据", max_length=150, help_text="例如：国务院办公厅关于2027年部分节假日安排的通知")
    file = forms.FileField(label="安排文件（CSV，UTF-8）", required=False, help_text="与下方文本框二选一")
    text = forms.CharField(label="全年安排", required=False, widget=forms.Textarea(attrs={"rows": 14}), help_text=FORMAT_HELP)

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), data.get("text", "").strip()
        if upload:
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError({"file": "文件应为UTF-8编码的CSV文本"}) from None
        if not text:
            raise forms.ValidationError({"text": "请上传安排文件，或在此填写全年的节假日和调休上班日"})
        data["text"] = text
        if data.get("year"):
            try:
                data["days"] = parse_arrangement(text, data["year"])
            except rules.RuleInputError as error:
                raise forms.ValidationError({"text": f"{error.field}：{error.message}"}) from None
        return data
