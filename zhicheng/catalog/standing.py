"""Whether a committee may review on a day (C3): inside its filing period (核准备案), and
with enough experts in term in its pool for the smallest panel the rules allow.  Asked
when a plan is saved, when its window opens and at every step that receives material."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q

from zhicheng.display import chinese_date
from zhicheng.meetings.counting import minimum_panel
from zhicheng.prepared import PreparedValues
from zhicheng.rules.dates import add_months
from zhicheng import rules

from .models import Committee, ExpertMembership


def experts_in_term(committee: Committee, day: datetime.date) -> int:
    return committee.experts.filter(term_from__lte=day, term_until__gte=day, expert__is_active=True).count()


@dataclass(frozen=True)
class Pool:
    """What the reminders say of a committee's pool of experts on a day: those in term then,
    those whose term ends within the warning horizon, and those still in term at the horizon."""

    serving: int = 0
    lapsing: int = 0
    first_lapse: datetime.date | None = None
    last_lapse: datetime.date | None = None
    serving_at_horizon: int = 0


def pools(committee_ids, today: datetime.date) -> dict[int, Pool]:
    """:class:`Pool` of each committee of ``committee_ids`` on ``today``, in one query for all."""
    rows = _pool_rows(ExpertMembership.objects.filter(committee_id__in=committee_ids), today, _horizon(today))
    return {committee: Pool(*counts) for committee, *counts in rows}


def office_pools(office: int, today: datetime.date) -> dict[int, Pool]:
    """The same of each committee the office ``office`` (a user's key) runs, read on every
    page of its queue: the SQL written once a connection."""
    return {committee: Pool(*counts) for committee, *counts in _OFFICE_POOLS(office, today, _horizon(today))}


def _horizon(today: datetime.date) -> datetime.date:
    return add_months(today, rules.parameter("committee.filing_warning_months", today).value)


def _pool_rows(memberships, today: datetime.date, horizon: datetime.date):
    """Per committee of ``memberships``: its key and the fields of its :class:`Pool`."""
    in_term = lambda day: Q(term_from__lte=day, term_until__gte=day, expert__is_active=True)  # noqa: E731
    lapsing = Q(term_until__gte=today, term_until__lte=horizon)
    return memberships.order_by().values("committee_id").annotate(
        serving=Count("pk", filter=in_term(today)), lapsing=Count("pk", filter=lapsing),
        first_lapse=Min("term_until", filter=lapsing), last_lapse=Max("term_until", filter=lapsing),
        serving_at_horizon=Count("pk", filter=in_term(horizon)),
    ).values_list("committee_id", "serving", "lapsing", "first_lapse", "last_lapse", "serving_at_horizon")


_OFFICE_POOLS = PreparedValues(
    lambda office, today, horizon: _pool_rows(ExpertMembership.objects.filter(committee__office_staff=office), today, horizon),
    key_types=(int, datetime.date, datetime.date))


def standing_problem(committee: Committee, day: datetime.date, *, serving: int | None = None) -> str | None:
    """Why ``committee`` may not review on ``day``, or None (``serving``: the experts in term
    that day, when the caller has counted them)."""
    source = rules.parameter("committee.filing_valid_years", day).source
    if not committee.filing_covers(day):
        period = (
            f"核准备案有效期为{chinese_date(committee.filed_on)}至{chinese_date(committee.filing_valid_until)}"
            if committee.filed_on and committee.filing_valid_until else "尚未登记核准备案"
        )
        return (f"{committee.name}{period}，{chinese_date(day)}不在备案有效期内，不能受理和评审"
                f"（{source}）；请评委会组建单位办理核准备案后由系统管理员登记")
    minimum = minimum_panel(committee, day)
    serving = experts_in_term(committee, day) if serving is None else serving
    if serving < minimum.value:
        return (f"{committee.name}在{chinese_date(day)}任期内的评审专家仅{serving}人，少于{minimum.value}人"
                f"（{minimum.source}）；请评委会组建单位补充或换届专家库")
    return None


def standing_reminders(committee: Committee, today: datetime.date, pool: Pool | None = None) -> list[str]:
    """For the committee office's home page: the filing and the expert terms that lapse
    within the lead time the parameter sets (months ahead), or have lapsed.  ``pool``: the
    committee's :class:`Pool` on ``today``, when the caller has read it with others'."""
    horizon = _horizon(today)
    pool = pools([committee.pk], today).get(committee.pk, Pool()) if pool is None else pool
    reminders = []
    until = committee.filing_valid_until
    if until is None:
        reminders.append(f"{committee.name}尚未登记核准备案有效期，不能受理申报")
    elif until < today:
        reminders.append(f"{committee.name}的核准备案已于{chinese_date(until)}期满，期满后不能受理和评审，请尽快重新核准备案")
    elif until <= horizon:
        reminders.append(f"{committee.name}的核准备案将于{chinese_date(until)}期满，期满后不能受理和评审，请提前办理重新核准备案")
    if pool.lapsing:
        reminders.append(
            f"{pool.lapsing}名评审专家的任期将于{chinese_date(pool.first_lapse)}至"
            f"{chinese_date(pool.last_lapse)}届满，届满后任期内专家为{pool.serving_at_horizon}人"
        )
    problem = standing_problem(committee, today, serving=pool.serving) if until and until >= today else None
    if problem:
        reminders.append(problem)
    return reminders
