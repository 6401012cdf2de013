"""Varied precheck requests for the benchmark (生成测试用申报人档案).

Deterministic for a given seed. The profiles cover both shipped series, every
level and degree, both routes and all committee levels, titles from inside and
outside Yunnan, qualifications (recognised or not), township applicants, gaps
in social insurance, refusals and credit records, so that every rule's code
path is exercised in proportion.
"""

from __future__ import annotations

import datetime
import random

SERIES = ("engineering", "school_teacher")
LEVELS = ("technician", "assistant", "intermediate", "senior", "principal")
DEGREES = ("secondary", "college", "bachelor", "second_bachelor", "master", "doctor")
QUALIFICATIONS = ("一级建造师", "二级建造师", "一级注册结构工程师", "注册安全工程师", "监理工程师", "驾驶员")
CITIES = ("昆明市", "昆明市", "昆明市", "昆明市", "曲靖市")


def _day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _month_before(day: datetime.date, back: int) -> str:
    year, month = divmod(day.year * 12 + day.month - 1 - back, 12)
    return f"{year:04d}-{month + 1:02d}"


def make_profile(rng: random.Random) -> dict:
    """One precheck request in the JSON contract of issue 3."""
    as_of = _day(rng, datetime.date(2022, 1, 1), datetime.date(2026, 12, 31))
    series = rng.choice(SERIES)
    graduated = _day(rng, datetime.date(1995, 1, 1), as_of)
    education = [
        {
            "degree": rng.choice(DEGREES),
            "graduated_on": graduated.isoformat(),
            "engineering": rng.random() < 0.6,
            "professional_degree": rng.random() < 0.3,
        }
    ]
    if rng.random() < 0.2:
        education.append(
            {
                "degree": rng.choice(DEGREES),
                "graduated_on": _day(rng, graduated, as_of).isoformat(),
                "engineering": True,
                "professional_degree": rng.random() < 0.5,
            }
        )
    titles = []
    held = rng.randint(0, 3)
    obtained = graduated
    for level in LEVELS[:held]:
        obtained = _day(rng, obtained, min(as_of, obtained + datetime.timedelta(days=6 * 365)))
        origin = rng.choice(("yunnan", "yunnan", "yunnan", "other_province", "central"))
        title = {"series": series, "level": level, "obtained_on": obtained.isoformat(), "origin": origin}
        if origin != "yunnan":
            title["confirmed"] = rng.random() < 0.5
        titles.append(title)
    unit = f"91530113MA6K{rng.randint(0, 99999):05d}X"
    insured = [
        {
            "month": _month_before(as_of, back),
            "city": rng.choice(CITIES),
            "unit": unit if rng.random() < 0.95 else "OTHER",
        }
        for back in range(1, 7)
        if rng.random() < 0.95
    ]
    return {
        "as_of": as_of.isoformat(),
        "target": {
            "series": series,
            "level": LEVELS[min(held + rng.choice((0, 0, 0, 1)), len(LEVELS) - 1)],
            "route": "assessment" if rng.random() < 0.15 else "review",
        },
        "committee": {"region_level": rng.choice(("province", "city", "district", "district"))},
        "person": {
            "retired": rng.random() < 0.02,
            "education": education,
            "titles": titles,
            "qualifications": [
                {"name": rng.choice(QUALIFICATIONS), "obtained_on": _day(rng, graduated, as_of).isoformat()}
                for _ in range(rng.choice((0, 0, 0, 1)))
            ],
            "township": rng.random() < 0.3,
            "applied_before": rng.random() < 0.6,
            "contract_unit": unit,
            "social_insurance": insured,
            "refused_in_years": [as_of.year] if rng.random() < 0.03 else [],
            "credit_record_until": (as_of + datetime.timedelta(days=30)).isoformat() if rng.random() < 0.02 else None,
        },
    }


def make_profiles(count: int, seed: int = 2022) -> list[dict]:
    rng = random.Random(seed)
    return [make_profile(rng) for _ in range(count)]
