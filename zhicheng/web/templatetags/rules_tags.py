"""Rule decisions as people read them: statuses in Chinese, ISO dates as dates."""

import datetime
import re

from django import template

from zhicheng import display
from zhicheng.display import chinese_date

register = template.Library()

STATUS_LABELS = {"pass": "符合", "fail": "不符合", "notice": "提示"}
FIGURE_LABELS = {
    "cutoff": "任职年限计算截止日",
    "cutoff_rule": "截止日依据",
    "education": "学历",
    "basis": "起算依据",
    "start": "起算日",
    "years_counted": "已满年数",
    "years_required": "标准要求年数",
    "years_needed": "本人需满年数",
    "years_taken_off": "提前年数",
    "met_on": "满足年限之日",
    "months": "核查月份",
    "city": "参保城市",
    "contract_unit": "合同签订单位",
    "missing": "缺少记录的月份",
    "wrong_city": "不在昆明市参保的月份",
    "wrong_unit": "参保单位与合同单位不一致的月份",
    "not_recognised": "未列入对应表的资格",
    "failed": "未通过项目",
    "next_opens_on": "下次受理开始",
    "first_working_day": "首个工作日",
    "unconfirmed_obtained_on": "待确认职称取得时间",
    "exam_only": "以考代评",
    "unmet": "未满足的条件",
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")


@register.filter
def rule_name(code):
    """E1 → 任职年限: people see what a rule checks, not its code."""
    return display.rule_name(code)


@register.filter
def citation(source):
    """A source as people cite it: 《title》第…条."""
    return display.citation(source)


@register.filter
def plain_dates(text):
    """ISO dates inside a sentence written as 2026年12月1日."""
    return display.plain_dates(text)


@register.filter
def plain(text):
    """The system's own sentences without its notation (§, rule codes, ISO dates)."""
    return display.plain(text)


@register.filter
def status_label(status):
    return STATUS_LABELS.get(status, status)


@register.filter
def figure_label(key):
    return FIGURE_LABELS.get(key, key)


@register.filter
def as_people_read(value):
    """2022-12-31 → 2022年12月31日; 2022-06 → 2022年6月; lists joined with 、; booleans 是/否."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(str(as_people_read(item)) for item in value) or "无"
    if isinstance(value, str) and ISO_DATE.match(value):
        return chinese_date(datetime.date.fromisoformat(value))
    if isinstance(value, str) and ISO_MONTH.match(value):
        return f"{int(value[:4])}年{int(value[5:])}月"
    if value is None:
        return "—"
    return value
