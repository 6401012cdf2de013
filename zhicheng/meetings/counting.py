"""The numbers of the meeting (C2, C3) as whole-number arithmetic over the parameters.

Shares come from the parameter files as ``{numerator, denominator}`` (人社部令第40号:
2/3); "at least a share" is ``part * denominator >= numerator * whole``, so 17 of 25 is
enough and 16 is not, with no float and no rounding.
"""

import datetime

from zhicheng import rules
from zhicheng.catalog.models import Committee, CommitteeGrade


def at_least_share(part: int, whole: int, share: dict) -> bool:
    return part * share["denominator"] >= share["numerator"] * whole


def least_share(whole: int, share: dict) -> int:
    """The smallest part that is at least ``share`` of ``whole`` (shown as "at least N")."""
    return -(-share["numerator"] * whole // share["denominator"])


def share_label(share: dict) -> str:
    return f"{share['numerator']}/{share['denominator']}"


def quorum(day: datetime.date) -> rules.ParameterValue:
    return rules.parameter("committee.quorum", day)


def pass_share(day: datetime.date) -> rules.ParameterValue:
    return rules.parameter("committee.pass_share", day)


def quorum_reached(present: int, members: int, day: datetime.date) -> bool:
    """C3: at least the quorum share of the panel present."""
    return members > 0 and at_least_share(present, members, quorum(day).value)


def candidate_passes(yes: int, present: int, day: datetime.date) -> bool:
    """C3: yes votes from at least the pass share of those present.  Abstentions and
    members present who did not vote count in ``present`` and not in ``yes``."""
    return present > 0 and at_least_share(yes, present, pass_share(day).value)


def minimum_panel(committee: Committee, day: datetime.date) -> rules.ParameterValue:
    """C3 names two minimums: 25 for a senior committee formed by series, 11 for one formed
    by specialty.  It names none for intermediate and junior committees; they take the
    smaller, by-specialty minimum, since they are smaller bodies than any senior one."""
    if committee.grade == CommitteeGrade.SENIOR and not committee.formed_by_specialty:
        return rules.parameter("committee.min_members_senior_by_series", day)
    return rules.parameter("committee.min_members_by_specialty", day)


def panel_size_problem(committee: Committee, size: int, pool_size: int, day: datetime.date) -> str | None:
    """Why a panel of ``size`` may not be drawn from a pool of ``pool_size``, or None."""
    minimum = minimum_panel(committee, day)
    odd = rules.parameter("committee.members_odd", day)
    if odd.value and size % 2 == 0:
        return f"抽取人数：评审专家须为单数，{size}人不符合（{odd.source}）"
    if size < minimum.value:
        kind = "按系列组建的高级评委会" if minimum.name.endswith("senior_by_series") else "该评委会"
        return f"抽取人数：{kind}评审专家不少于{minimum.value}人，{size}人不足（{minimum.source}）"
    if size > pool_size:
        return f"抽取人数：{size}人超过会议当日任期内的专家库人数{pool_size}人，请先补充专家库"
    return None


def over_ceiling(passed: int, decided: int, ceiling_percent: int) -> bool:
    """C2: the pass rate passed / decided above the plan's ceiling (a whole percent)."""
    return passed * 100 > ceiling_percent * decided


def percent_label(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"
