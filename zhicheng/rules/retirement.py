"""The statutory retirement date (法定退休日期) from the birth date and the sex, under the
dated parameter ``retirement.statutory_age`` (the progressive table in force since
2025-01-01; see ``params/national/retirement.yaml``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .dates import add_months
from .parameters import ParameterSet, ParameterValue


@dataclass(frozen=True)
class Retirement:
    """When a person reaches the statutory retirement age, and what that age is."""

    on: datetime.date
    years: int
    months: int
    rule: ParameterValue

    @property
    def age_label(self) -> str:
        return f"{self.years}周岁" + (f"{self.months}个月" if self.months else "")


def statutory_retirement(
    birth_date: datetime.date, sex: str, on: datetime.date, parameters: ParameterSet
) -> Retirement | None:
    """The retirement date of a person born on ``birth_date``, by the rule in force on
    ``on``; None where no rule is in force there."""
    rule = parameters.find("retirement.statutory_age", on)
    if rule is None:
        return None
    spec = rule.value[sex]
    original = add_months(birth_date, 12 * spec["original_years"])
    start = rule.effective_from
    delay = 0
    if original >= start:
        months_after = (original.year - start.year) * 12 + original.month - start.month
        delay = min(months_after // spec["every_months"] + 1, 12 * (spec["until_years"] - spec["original_years"]))
    total = 12 * spec["original_years"] + delay
    return Retirement(add_months(birth_date, total), total // 12, total % 12, rule)
