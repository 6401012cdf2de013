"""Eligibility E1–E7 (申报资格预审): one engine over the parameter files.

"Why was she refused?" is answered here and in one parameter file: this module
runs a request through :mod:`request` (reading the contract), :mod:`evaluation`
(what the rules compute), :mod:`checks` (one check per rule, with its message
and source); :mod:`earliest` searches the earliest date.

``precheck(request)`` answers "may this person apply for this title now?" with
one check per rule applied, each with its status (pass / fail / notice), the
figures used and the source clause; ``when_can_apply(request)`` answers "from
which date will every rule pass?". Both take the JSON contract of issue 3.

Interpretations, stated once:

* 满N年 (E1): the start date plus N calendar years is on or before the cut-off;
  29 February plus one year is 28 February (民法典 第二百零二条, see ``dates``).
* The basis: for every education record, the standard's route for that degree
  starts at graduation or at the earliest title of the required level held in
  the target series (titles, and qualifications through E5). The basis whose
  years are met first is used.
* E3/E4 each take their years off the basis's requirement, never below zero.
* E5 counts a qualification as its mapped title from the day it was obtained;
  vocational qualifications are national, so E6 never applies to them.
* E6: an unconfirmed title from outside Yunnan still counts, with a notice:
  confirmation runs with the application (§一(五)).
* E7, one level at a time: the target must be the level right above the
  highest held in the series; with no title, the entry level open to the
  person's education. A route that starts at graduation (a doctor straight to
  工程师) is the standard's own exception and is not a skip.
* ``earliest_date`` is the day the years requirement is met; it is null when
  no record can ever meet it, when a permanent bar applies (retired or past the
  statutory retirement date, the level already held, a skipped level), and when
  a series condition (E8) is unmet.
* E7 computes the statutory retirement date from ``birth_date`` and ``sex``
  (the system takes both from the 身份证号) under ``retirement.statutory_age``.
* E8, the series' own conditions, are data (``conditions.<series>.<level>``,
  ``exam_only.<series>``) evaluated by :mod:`conditions`.
* Jurisdiction: each rule is resolved in the chain of the region its text
  concerns. The standard, the T4 cut-off and E2 (参加本市职称评审的) in the
  committee's region; E3 (东川区乡镇（街道）工作的), E4–E7 and T5 in the
  applicant's workplace. A provincial committee's own cut-off (the plan's)
  wins; without one, the cut-off of the applicant's region applies.
* A rule that a lower layer adds (E2 by 昆明市; E3, E4, E5, E6 by 东川区)
  applies only while its parameter is in force in that chain; a parameter that every
  decision needs (the T4 cut-off, the T5 months, the O40 rules) raises
  :class:`ParameterNotInForce` when missing.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any

from .calendar import WorkingCalendar, default_calendar
from .checks import FAIL, Check, all_checks
from .dates import DATE_TEXT
from .evaluation import Bar, Evaluation, refusal_bars
from .parameters import ParameterSet, default_parameters
from .request import parse_precheck_request


_RULE_STATUS, _PERMANENT = operator.itemgetter("rule", "status"), operator.attrgetter("permanent")


def evaluate(
    request: Mapping[str, Any], calendar: WorkingCalendar | None, parameters: ParameterSet | None = None
) -> tuple[Evaluation, list[Check], list[Bar]]:
    """Read ``request``, evaluate it and run every check that applies."""
    ev = Evaluation(parse_precheck_request(request, parameters or default_parameters()))
    bars = refusal_bars(ev)
    return ev, all_checks(ev, bars, calendar or default_calendar()), bars


def precheck(
    request: Mapping[str, Any], calendar: WorkingCalendar | None = None, parameters: ParameterSet | None = None
) -> dict[str, Any]:
    """Check a person against E1–E7 (and T5 for 考核定职) on ``request["as_of"]``.

    Returns ``{"eligible", "earliest_date", "checks": [{"rule", "status",
    "message", "source", "figures"}]}``. ``calendar`` only adds the first
    working day of the next 考核定职 window to T5's message; ``parameters``
    replaces the shipped parameter tree. Raises :class:`RuleInputError` for
    invalid input.
    """
    ev, checks, bars = evaluate(request, calendar, parameters)
    statuses = dict(map(_RULE_STATUS, checks))  # each rule has one check
    # a series condition (E8) unmet is not lifted by waiting: the records must change
    best = ev.best
    never = best is None or any(map(_PERMANENT, bars)) or statuses.get("E8") == FAIL
    return {
        "eligible": FAIL not in statuses.values(),
        "earliest_date": None if best is None or never else DATE_TEXT[best.met_on],
        "checks": checks,
    }
