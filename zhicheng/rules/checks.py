"""The checks of the precheck (每条规则的结论与说明): one function per rule, each
turning the shared :class:`~zhicheng.rules.evaluation.Evaluation` into a status
(pass / fail / notice), a Chinese message, the figures used and the source —
layer and document of every value the rule used.
"""

from __future__ import annotations

import functools
from typing import Any, TypedDict

from .calendar import WorkingCalendar
from .catalogue import Route, Series, Standard, get_series
from .conditions import evaluate as evaluate_condition
from .dates import DATE_TEXT, full_years_between
from .evaluation import Bar, Basis, Evaluation, social_insurance_problems
from .terms import CONDITION_KINDS, DEGREES, GRADUATION, LEVELS, ROUTES, TITLE_ORIGINS

PASS, FAIL, NOTICE = "pass", "fail", "notice"


class Check(TypedDict):
    """One rule's outcome as the contract shows it: status pass / fail / notice. A dictionary,
    as the answer carries it: each is written once."""

    rule: str
    status: str
    message: str
    source: str
    figures: dict[str, Any]


def _check(rule: str, status: str, message: str, source: str, figures: dict[str, Any] | None = None) -> Check:
    return {"rule": rule, "status": status, "message": message, "source": source,
            "figures": {} if figures is None else figures}


def _check_years(ev: Evaluation) -> Check:
    """E1: years of work after graduation or the previous title, to the cut-off (T4)."""
    cutoff = ev.cutoff.date
    cutoff_text = DATE_TEXT[cutoff]
    rule = ev.route_rule or ev.standard or ev.series  # the years' own source, then the cut-off's
    source = rule.source if ev.cutoff.source is None else f"{rule.source}；{ev.cutoff.source}"
    best = ev.best
    if best is None:
        figures: dict[str, Any] = {"cutoff": cutoff_text, "cutoff_rule": ev.cutoff.explanation}
        if ev.standard is None:
            return _check("E1", FAIL, f"{DATE_TEXT[ev.as_of]}时尚无{ev.target.name}的评价标准条件", source, figures)
        if ev.route_rule is not None:
            return _check("E1", FAIL, _route_requirement(ev), source, figures)
        return _check("E1", FAIL, _unmet_standard(ev.series, ev.target.name, ev.standard), source, figures)
    counted, needed, start_text, met_text = (
        full_years_between(best.start, cutoff), best.years_needed, DATE_TEXT[best.start], DATE_TEXT[best.met_on]
    )
    figures = {
        "cutoff": cutoff_text,
        "cutoff_rule": ev.cutoff.explanation,
        "education": best.education.degree,
        "basis": best.start_label,
        "start": start_text,
        "years_counted": counted,
        "years_required": best.route.years,
        "years_needed": needed,
        "met_on": met_text,
    }
    taken = [f"{r.rule}提前{r.years}年" for r in best.reductions if r.years] if best.reductions else None
    early = f"（标准{best.route.years}年，{'、'.join(taken)}）" if taken else ""
    start = f"{best.start_label}于{start_text}"
    if best.met_on <= cutoff:
        status = PASS
        if needed == 0:
            message = f"{start}，可直接申报{ev.target.name}{early}"
        else:
            message = f"{start}，至{cutoff_text}已满{counted}年，需满{needed}年{early}"
    else:
        status = FAIL
        if needed == 0:
            message = f"{start}，晚于任职年限计算截止日{cutoff_text}{early}"
        else:
            counted_text = f"满{counted}年" if counted else "不满1年"
            message = f"{start}，至{cutoff_text}{counted_text}，需满{needed}年{early}，将于{met_text}满{needed}年"
    if best.route.note:
        message += f"（{best.route.note}）"
    return _check("E1", status, message, source, figures)


def _route_requirement(ev: Evaluation) -> str:
    """What 破格 or 转系列 asks, said where the person does not meet it at all."""
    years = ev.route_years()
    if ev.route_start() is not None and not ev.person.education:
        return f"{ROUTES[ev.request.route]}的年限按其自身条件计算，但未见学历（学位）记录，请补充学历后再核对"
    if ev.request.route == "series_change":
        return f"转系列申报须在{ev.series.name}岗位任职满{years}年，截至{DATE_TEXT[ev.cutoff.date]}未见{ev.series.name}的岗位聘任记录"
    below = ev.below_target()
    if below is None:
        return f"{ev.target.name}为{ev.series.name}的最低层级，不能破格申报"
    return f"破格申报{ev.target.name}须取得{below.name}后满{years}年，未见{below.name}"


@functools.lru_cache(maxsize=1024)
def _unmet_standard(series: Series, target: str, standard: Standard) -> str:
    """E1 where no education and title meets the standard: every route it has (the same for
    everyone, so said once per standard)."""
    routes = "；".join(_describe_route(series, route) for route in standard.routes.values())
    return f"申报{target}须具备：{routes}。现有学历和职称均不符合上述任一条件"


def _describe_route(series: Series, route: Route) -> str:
    start = "毕业后" if route.after == GRADUATION else f"取得{series.ladder[route.after][1].name}后"
    wait = "可直接申报" if route.years == 0 else f"满{route.years}年"
    note = f"（{route.note}）" if route.note else ""
    return f"{DEGREES[route.degree]}{start}{wait}{note}"


def _check_social_insurance(ev: Evaluation) -> Check | None:
    """E2 (§二(三)): the last 6 calendar months insured in 昆明市 by the contract unit."""
    levels = ev.rules.insurance_levels
    if levels is None:
        return None
    rule = ev.day.social_insurance()
    months, city, span = rule.months, rule.city, rule.span
    window, problems = social_insurance_problems(ev)
    figures = {
        "months": list(window),
        "city": city,
        "contract_unit": ev.person.contract_unit,
        **problems,
    }
    if ev.person.contract_unit is None:
        message = f"未填写人事劳动合同签订单位，无法核对近{months}个月（{span}）的参保单位"
        return _check("E2", FAIL, message, levels.source, figures)
    if not (problems["missing"] or problems["wrong_city"] or problems["wrong_unit"]):
        message = f"{span}连续{months}个月在{city}参保，参保单位与劳动合同签订单位一致"
        return _check("E2", PASS, message, levels.source, figures)
    parts = []
    if problems["missing"]:
        parts.append(f"缺少{'、'.join(problems['missing'])}的参保记录")
    if problems["wrong_city"]:
        parts.append(f"{'、'.join(problems['wrong_city'])}参保地不是{city}")
    if problems["wrong_unit"]:
        parts.append(
            f"{'、'.join(problems['wrong_unit'])}参保单位与劳动合同签订单位（{ev.person.contract_unit}）不一致"
        )
    message = f"须最近{months}个月（{span}）在{city}连续参保且参保单位与劳动合同签订单位一致：{'；'.join(parts)}"
    return _check("E2", FAIL, message, levels.source, figures)


def _check_township(ev: Evaluation) -> Check | None:
    """E3 (§一(八)): a township graduate's first application, one year early."""
    rule = ev.in_workplace["early_application.township"]
    if rule is None or not ev.person.township or ev.best is None:
        return None
    years = rule.value["years"]
    if ev.request.route not in rule.value["routes"]:
        return _check("E3", NOTICE, f"乡镇（街道）工作提前{years}年申报不适用于{ROUTES[ev.request.route]}", rule.source)
    if ev.person.applied_before:
        return _check("E3", NOTICE, f"已申报过职称，不属于首次申报，不适用乡镇（街道）提前{years}年", rule.source)
    degree = ev.best.education.degree
    if degree not in rule.value["degrees"]:
        return _check(
            "E3", NOTICE, f"{DEGREES[degree]}学历不属于普通高校毕业生，不适用乡镇（街道）提前{years}年", rule.source
        )
    return _reduction_check(ev, ev.best, "E3", f"乡镇（街道）工作的普通高校毕业生首次申报，可提前{years}年", rule.source)


def _check_engineering_degree(ev: Evaluation) -> Check | None:
    """E4 (§一(九)): professional engineering master or double engineering bachelor, 高级工程师 one year early."""
    rule = ev.engineering_degree
    if rule is None or ev.best is None:
        return None
    years = rule.value["years"]
    text = f"具备工程类专业学位硕士或工程专业第一、第二学士学位，申报{ev.target.name}可提前{years}年"
    return _reduction_check(ev, ev.best, "E4", text, rule.source)


def _reduction_check(ev: Evaluation, best: Basis, rule: str, text: str, source: str) -> Check:
    if ev.route_rule is not None:  # 破格 and 转系列 count their own years: nothing to take off
        return _check(rule, NOTICE, f"{ROUTES[ev.request.route]}按其自身的年限条件审核，不适用“{text}”", source)
    required, taken = best.route.years, 0
    for reduction in best.reductions:  # in order: E3, then E4 on what E3 left
        if reduction.rule == rule:
            taken = reduction.years
            break
        required -= reduction.years
    if taken:
        message = f"{text}（本项年限要求由{required}年减为{required - taken}年）"
    else:
        message = f"{text}；本项年限要求已为0年，无需提前"
    return _check(rule, PASS, message, source, {"years_taken_off": taken})


def _check_qualifications(ev: Evaluation) -> Check | None:
    """E5 (§一(十)): a recognised qualification counts as the title it maps to."""
    rule = ev.in_workplace["qualification_correspondence.counts_as_title"]
    if not ev.person.qualifications or rule is None or not rule.value:
        return None
    parts, sources, unknown = [], [rule.source], []
    for held in ev.person.qualifications:
        mapped = ev.day.qualification(held.name)
        if mapped is None:
            unknown.append(held.name)
            parts.append(f"“{held.name}”不在职业资格与职称对应表内，不视同职称")
            continue
        if mapped.source not in sources:
            sources.append(mapped.source)
        series = get_series(mapped.series, ev.as_of, ev.workplace)
        assert series is not None  # the qualification was mapped to it, in this chain on this day
        counted = f"{held.name}（{DATE_TEXT[held.obtained_on]}取得）视同{series.name}{series.ladder[mapped.level][1].name}"
        parts.append(counted if mapped.series == ev.series.code else f"{counted}，与本次申报系列不同，不计入")
    status = NOTICE if unknown else PASS
    return _check("E5", status, "；".join(parts), "；".join(sources), {"not_recognised": unknown})


def _check_confirmation(ev: Evaluation) -> Check | None:
    """E6 (§一(五)): a title from outside Yunnan or a central unit is confirmed with the application."""
    rule = ev.in_workplace["title_confirmation.origins"]
    if rule is None or not ev.holdings:
        return None
    origins = rule.value
    outside = [h.title for h in ev.holdings if h.title is not None and h.title.origin in origins]
    if not outside:
        return None
    parts, pending = [], []
    for title in outside:
        described = f"{ev.level_name(title.level)}（{TITLE_ORIGINS[title.origin]}，取得于{DATE_TEXT[title.obtained_on]}）"
        if title.confirmed:
            parts.append(f"{described}已确认")
        else:
            pending.append(DATE_TEXT[title.obtained_on])
            parts.append(
                f"{described}尚未确认，须随本次申报同步办理职称确认（附件6），确认结果在评委会开评前通知评委会"
            )
    return _check("E6", NOTICE if pending else PASS, "；".join(parts), rule.source, {"unconfirmed_obtained_on": pending})


def _check_refusals(ev: Evaluation, bars: list[Bar]) -> Check:
    figures = {"failed": [bar.key for bar in bars]}
    if bars:
        sources = list(dict.fromkeys(bar.source for bar in bars))
        return _check("E7", FAIL, "；".join(bar.message for bar in bars), "；".join(sources), figures)
    highest = ev.highest_holding
    held = f"现有最高为{highest.label}" if highest else "首次申报"
    retirement = f"未达法定退休年龄（{ev.retirement.age_label}，{DATE_TEXT[ev.retirement.on]}达到）" if ev.retirement else "未离退休"
    level = f"逐级申报（{held}，本次申报{ev.target.name}）"
    if ev.request.route == "series_change":
        held_elsewhere = ev.title_in_other_series()
        assert held_elsewhere is not None  # else E7 bars the change of series
        level = f"转系列申报与现职称{held_elsewhere[1]}同级别的{ev.target.name}"
    message = f"本年度未被拒绝受理；无诚信档案记录；{retirement}；{level}"
    sources = list(ev.day.refusal_sources)
    if ev.request.route == "series_change":
        sources.append(ev.own_rule.source)
    if ev.retirement:
        sources.append(ev.retirement.rule.source)
    return _check("E7", PASS, message, "；".join(sources), figures)


def _check_assessment_month(ev: Evaluation, calendar: WorkingCalendar) -> Check | None:
    """T5 (§三): 考核定职 only in January, April, July and October."""
    if ev.request.route != "assessment":
        return None
    window = ev.day.assessment_window()
    figures: dict[str, Any] = {"months": list(window.months)}
    opens = window.next_opens_on
    if opens is None:  # the window is open this month
        message = f"{DATE_TEXT[ev.as_of]}在考核定职受理月份（{window.months_label}）内"
        return _check("T5", PASS, message, window.source, figures)
    figures["next_opens_on"] = DATE_TEXT[opens]
    message = f"考核定职仅在{window.months_label}受理，{DATE_TEXT[ev.as_of]}不在受理月份，下一次自{DATE_TEXT[opens]}开始受理"
    if calendar.covers(opens.year):
        first_working = calendar.nth_working_day_from(opens, 1)
        figures["first_working_day"] = DATE_TEXT[first_working]
        if first_working != opens:
            message += f"（首个工作日为{DATE_TEXT[first_working]}）"
    return _check("T5", FAIL, message, window.source, figures)


def _check_series_conditions(ev: Evaluation) -> Check | None:
    """E8: levels reached by examination only, and the series' own conditions beyond years."""
    exam_only = ev.rules.exam_only
    route_rule = ev.route_rule
    if not (exam_only or ev.conditions or route_rule):  # most levels: nothing beyond the years
        return None
    parts: list[tuple[str, str, tuple[str, ...]]] = []  # (status, message, sources)
    figures: dict[str, Any] = {}
    if exam_only is not None:
        figures["exam_only"] = True
        message = f"{ev.target.name}实行以考代评，须通过{exam_only.value['exam']}取得，考试合格证书即记为相应职称"
        status = PASS if ev.request.route == "assessment" else FAIL
        parts.append((status, f"{message}，不经评委会评审" if status == FAIL else message, (exam_only.source,)))
    evaluated = [(c, outcome) for c in ev.conditions if (outcome := evaluate_condition(c, ev)) is not None]
    parts += [(outcome.status, outcome.message, outcome.sources) for _c, outcome in evaluated]
    recommendations = route_rule.value.get("recommendations") if route_rule else None
    if route_rule and recommendations:
        figures["recommendations"] = recommendations["experts"]
        text = (f"破格申报须经{recommendations['experts']}名具有{LEVELS[recommendations['level']]}职称的专家推荐，"
                "并经评委会办公室破格资格审查后进行资格审核")
        parts.append((PASS, text, (route_rule.source,)))
    if not parts:
        return None
    figures["unmet"] = [CONDITION_KINDS[c.kind] for c, outcome in evaluated if outcome.status == FAIL]
    status = FAIL if any(part[0] == FAIL for part in parts) else PASS
    sources = list(dict.fromkeys(source for part in parts for source in part[2]))
    return _check("E8", status, "；".join(part[1] for part in parts), "；".join(sources), figures)


def all_checks(ev: Evaluation, bars: list[Bar], calendar: WorkingCalendar) -> list[Check]:
    """Every check that applies to ``ev``, in the contract's order."""
    checks = [
        _check_years(ev),
        _check_social_insurance(ev),
        _check_township(ev),
        _check_engineering_degree(ev),
        _check_qualifications(ev),
        _check_confirmation(ev),
        _check_refusals(ev, bars),
        _check_series_conditions(ev),
        _check_assessment_month(ev, calendar),
    ]
    return list(filter(None, checks))
