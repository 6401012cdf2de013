"""The law as code (规则层): working days, time rules T1–T7, eligibility E1–E7.

Pure Python, no Django: every legal decision of the system is made here, from
the dated parameter files in ``params/``, and explains itself with its source.

Public API::

    WorkingCalendar(overrides=None, covered_years=None), default_calendar()
    precheck(request, calendar=None) -> dict          # E1–E7 (+T5), issue-3 contract
    when_can_apply(request, calendar=None) -> dict    # earliest date every rule passes
    plan_check(plan, calendar=None) -> dict           # T1–T7 over a committee plan
    parameter(name, on_date) -> ParameterValue        # dated, layered parameters
    list_series(on_date=None), list_qualifications(on_date=None)

Errors all derive from :class:`RulesError`: :class:`RuleInputError` (field path
and Chinese message), :class:`CalendarYearNotCovered` (names the year),
:class:`ParameterNotInForce`, :class:`ParameterFileError`.
"""

import hashlib as _hashlib
import json as _json
from pathlib import Path as _Path


def _refuse_stale_compiled_modules(here: _Path = _Path(__file__).parent) -> None:
    """The engine may run compiled ahead of time (``make compiled-rules``, see
    ``compile_rules.py``): a compiled module is imported in its source's place, so one whose
    source has changed since it was compiled is refused here, before any is imported, rather
    than run instead of the source."""
    manifest = here / "compiled.json"
    if not manifest.exists():
        if any(here.glob("*.so")):
            raise ImportError("zhicheng.rules: compiled modules without compiled.json; run `make compiled-rules`")
        return
    stale = [name for name, digest in _json.loads(manifest.read_text()).items()
             if _hashlib.sha256((here / f"{name}.py").read_bytes()).hexdigest() != digest]
    if stale:
        raise ImportError(f"zhicheng.rules: the compiled {', '.join(stale)} predate their sources; run `make compiled-rules`")


_refuse_stale_compiled_modules()

from .calendar import WorkingCalendar, default_calendar  # noqa: E402
from .catalogue import (  # noqa: E402
    Level,
    Qualification,
    Series,
    get_qualification,
    get_series,
    list_qualifications,
    list_series,
)
from .deadlines import (  # noqa: E402
    application_window,
    assessment_window,
    earliest_applications_open,
    latest_pre_meeting_filing,
    plan_check,
    publicity_earliest_end,
    service_cutoff,
)
from .earliest import when_can_apply  # noqa: E402
from .eligibility import precheck  # noqa: E402
from .errors import (  # noqa: E402
    CalendarYearNotCovered,
    ParameterFileError,
    ParameterNotInForce,
    RuleInputError,
    RulesError,
)
from .parameters import ParameterValue, parameter  # noqa: E402

__all__ = [
    "CalendarYearNotCovered",
    "Level",
    "ParameterFileError",
    "ParameterNotInForce",
    "ParameterValue",
    "Qualification",
    "RuleInputError",
    "RulesError",
    "Series",
    "WorkingCalendar",
    "application_window",
    "assessment_window",
    "default_calendar",
    "earliest_applications_open",
    "get_qualification",
    "get_series",
    "latest_pre_meeting_filing",
    "list_qualifications",
    "list_series",
    "parameter",
    "plan_check",
    "precheck",
    "publicity_earliest_end",
    "service_cutoff",
    "when_can_apply",
]
