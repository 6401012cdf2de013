"""Every shipped series and level, from its own parameter file: a person who meets a
route of the standard exactly on the cut-off passes E1, one day later fails it."""

import datetime

import pytest

from zhicheng.rules import list_series, precheck
from zhicheng.rules.catalogue import get_standard
from zhicheng.rules.dates import add_years
from zhicheng.rules.terms import GRADUATION

AS_OF = datetime.date(2026, 7, 15)
CUTOFF = datetime.date(2026, 12, 31)


def routes():
    for series in list_series(AS_OF):
        for level in series.levels:
            standard = get_standard(series, level.code, AS_OF)
            if standard is None:
                continue
            for degree, route in standard.routes.items():
                yield pytest.param(series, level, degree, route, id=f"{series.code}-{level.code}-{degree}")


def request(series, level, degree, route, start):
    graduated = start if route.after == GRADUATION else datetime.date(1995, 7, 1)
    titles = [] if route.after == GRADUATION else [
        {"series": series.code, "level": route.after, "obtained_on": start.isoformat(), "origin": "yunnan"}
    ]
    return {
        "as_of": AS_OF.isoformat(),
        "target": {"series": series.code, "level": level.code, "route": "review"},
        "committee": {"region_level": "province", "region": "yunnan"},
        "person": {
            "retired": False, "township": False, "applied_before": True,
            "education": [{"degree": degree, "graduated_on": graduated.isoformat()}],
            "titles": titles,
        },
    }


def test_every_shipped_series_has_levels_and_standards():
    shipped = {series.code: series for series in list_series(AS_OF)}

    assert set(shipped) >= {"engineering", "school_teacher", "health_physician", "health_nursing",
                            "agriculture", "economics", "accounting"}
    for series in shipped.values():
        assert all(get_standard(series, level.code, AS_OF) for level in series.levels), series.code


@pytest.mark.parametrize(("series", "level", "degree", "route"), list(routes()))
def test_the_route_of_every_level_is_met_to_the_day(series, level, degree, route):
    exactly = add_years(CUTOFF, -route.years)
    late = exactly + datetime.timedelta(days=1)

    met = {c["rule"]: c for c in precheck(request(series, level, degree, route, exactly))["checks"]}
    short = {c["rule"]: c for c in precheck(request(series, level, degree, route, late))["checks"]}

    assert met["E1"]["status"] == "pass", met["E1"]["message"]
    assert met["E1"]["source"].startswith("国家 ")
    if route.years:
        assert short["E1"]["status"] == "fail", short["E1"]["message"]
    else:
        assert short["E1"]["status"] == ("fail" if late > CUTOFF else "pass")
