"""The rules engine as the system calls it: the JSON contracts of `zhicheng precheck`,
`zhicheng plan-check` and their API twins, with the database's calendar."""

from zhicheng import rules
from zhicheng.rules.parameters import default_parameters

from .calendar import working_calendar


def jurisdiction(*, region_level: str, committee_region=None, workplace_region=None) -> dict:
    """The jurisdiction fields of the precheck contract: ``region``, the layer of the
    committee's seat (or, with no committee chosen, the layer of ``region_level`` above
    the workplace), and ``workplace``, the layer the applicant's unit lies in. A field
    whose layer the parameter files do not have is left out (the home layer applies)."""
    parameters = default_parameters()
    workplace = parameters.layer_for_region(workplace_region.code) if workplace_region else None
    if committee_region is not None:
        seat = parameters.layer_for_region(committee_region.code)
    else:
        seat = (parameters.chain(workplace.code) if workplace else parameters).layer_of_level(region_level)
    return {
        "committee": {"region": seat.code} if seat and seat.level == region_level else {},
        "person": {"workplace": workplace.code} if workplace else {},
    }


def committee_parameters(committee):
    """The chain of layers of the committee's seat, in which its procedure is resolved (a
    seat the parameter files do not have: the home chain)."""
    parameters = default_parameters()
    seat = parameters.layer_for_region(committee.region.code) if committee.region_id else None
    return parameters.chain(seat.code) if seat else parameters


def committee_parameter(committee, name: str, day):
    """The parameter ``name`` in force on ``day`` in the chain of the committee's seat (its
    procedure: e.g. how many experts recommend a 破格 application)."""
    return committee_parameters(committee).get(name, day)


def run_precheck(data) -> dict:
    """E1–E7 on a precheck request; raises rules.RulesError on bad input."""
    return rules.precheck(data, calendar=working_calendar())


def run_plan_check(data) -> dict:
    """T1–T7 on a committee plan; raises rules.RulesError on bad input or an unknown year."""
    return rules.plan_check(data, calendar=working_calendar())


def run_when_can_apply(data) -> dict:
    """The earliest date on which every rule passes, as far as the records allow."""
    return rules.when_can_apply(data, calendar=working_calendar())
