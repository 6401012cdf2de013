import datetime

from django import template

from zhicheng.applications.models import State
from zhicheng.applications import workflow
from zhicheng.applications.workflow import CORRECTION_ITEMS, MOVES
from zhicheng.display import chinese_date
from zhicheng.rules.terms import PUBLICITY_KINDS

register = template.Library()

OTHER_EVENTS = {
    "application.start": "创建申报",
    "application.edit": "修改申报材料",
    "application.commitment": "填写承诺书编号",
    "application.section_opinion": "填写分项审核意见",
    "application.refuse_for_year": "本年度不予受理",
    "publicity.objection": "登记公示异议",
    "publicity.objection_settled": "登记异议处理情况",
    "result.objection": "登记结果公示异议",
    "result.objection_settled": "登记异议处理情况",
    "result.reexamination": "申请复查",
    "result.reexamination_decided": "登记复查结论",
    "qualification.recognise": "职业资格认定",
    "application.title_confirmation": "职称确认",
    "document.download": "下载文件",
}


@register.filter
def event_label(action: str) -> str:
    if action in OTHER_EVENTS:
        return OTHER_EVENTS[action]
    step = MOVES.get(action.removeprefix("application."))
    return step.label if step else action


STATE_LABELS = dict(State.choices)


@register.filter
def state_label(state: str) -> str:
    return STATE_LABELS.get(state, state)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def allows(state: str, step: str) -> bool:
    """{% if a.state|allows:"result_confirm" %}: the workflow table answers, not the page
    (for the steps every route takes alike; a route's own steps are in the page's ``steps``)."""
    return workflow.allows(state, step)


@register.filter
def correction_labels(items) -> str:
    return "；".join(CORRECTION_ITEMS.get(item, item) for item in items)


@register.filter
def as_date(iso: str) -> str:
    """An ISO date from the rules engine, as people read it."""
    return chinese_date(datetime.date.fromisoformat(iso)) if iso else ""


@register.filter
def publicity_kind(kind: str) -> str:
    return PUBLICITY_KINDS.get(kind, kind)
