"""The rules engine as the system calls it: the JSON contracts of `zhicheng precheck`,
`zhicheng plan-check` and their API twins, with the database's calendar."""

from zhicheng import rules

from .calendar import working_calendar


def run_precheck(data) -> dict:
    """E1–E7 on a precheck request; raises rules.RulesError on bad input."""
    return rules.precheck(data, calendar=working_calendar())


def run_plan_check(data) -> dict:
    """T1–T7 on a committee plan; raises rules.RulesError on bad input or an unknown year."""
    return rules.plan_check(data, calendar=working_calendar())


def run_when_can_apply(data) -> dict:
    """The earliest date on which every rule passes, as far as the records allow."""
    return rules.when_can_apply(data, calendar=working_calendar())
