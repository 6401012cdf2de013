"""Whether a committee may review on a day (C3): inside its filing period (核准备案), and
with enough experts in term in its pool for the smallest panel the rules allow.  Asked
when a plan is saved, when its window opens and at every step that receives material."""

import datetime

from zhicheng.display import chinese_date
from zhicheng.meetings.counting import minimum_panel
from zhicheng.rules.dates import add_months
from zhicheng import rules

from .models import Committee


def experts_in_term(committee: Committee, day: datetime.date) -> int:
    return committee.experts.filter(term_from__lte=day, term_until__gte=day, expert__is_active=True).count()


def standing_problem(committee: Committee, day: datetime.date) -> str | None:
    """Why ``committee`` may not review on ``day``, or None."""
    source = rules.parameter("committee.filing_valid_years", day).source
    if not committee.filing_covers(day):
        period = (
            f"核准备案有效期为{chinese_date(committee.filed_on)}至{chinese_date(committee.filing_valid_until)}"
            if committee.filed_on and committee.filing_valid_until else "尚未登记核准备案"
        )
        return (f"{committee.name}{period}，{chinese_date(day)}不在备案有效期内，不能受理和评审"
                f"（{source}）；请评委会组建单位办理核准备案后由系统管理员登记")
    minimum = minimum_panel(committee, day)
    serving = experts_in_term(committee, day)
    if serving < minimum.value:
        return (f"{committee.name}在{chinese_date(day)}任期内的评审专家仅{serving}人，少于{minimum.value}人"
                f"（{minimum.source}）；请评委会组建单位补充或换届专家库")
    return None


def standing_reminders(committee: Committee, today: datetime.date) -> list[str]:
    """For the committee office's home page: the filing and the expert terms that lapse
    within the lead time the parameter sets (months ahead), or have lapsed."""
    months = rules.parameter("committee.filing_warning_months", today).value
    horizon = add_months(today, months)
    reminders = []
    until = committee.filing_valid_until
    if until is None:
        reminders.append(f"{committee.name}尚未登记核准备案有效期，不能受理申报")
    elif until < today:
        reminders.append(f"{committee.name}的核准备案已于{chinese_date(until)}期满，期满后不能受理和评审，请尽快重新核准备案")
    elif until <= horizon:
        reminders.append(f"{committee.name}的核准备案将于{chinese_date(until)}期满，期满后不能受理和评审，请提前办理重新核准备案")
    lapsing = committee.experts.filter(term_until__gte=today, term_until__lte=horizon).order_by("term_until")
    if lapsing.exists():
        reminders.append(
            f"{lapsing.count()}名评审专家的任期将于{chinese_date(lapsing.first().term_until)}至"
            f"{chinese_date(lapsing.last().term_until)}届满，届满后任期内专家为{experts_in_term(committee, horizon)}人"
        )
    problem = standing_problem(committee, today) if until and until >= today else None
    if problem:
        reminders.append(problem)
    return reminders
