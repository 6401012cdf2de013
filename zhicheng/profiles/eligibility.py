"""The applicant's profile in the precheck contract of the rules engine."""

import datetime

from zhicheng.accounts.identity import gender_from_id
from zhicheng.catalog.rules_service import jurisdiction

from .models import ApplicantProfile


def precheck_request(
    profile: ApplicantProfile, *, series: str, level: str, route: str, region_level: str, as_of: datetime.date,
    committee_region=None,
) -> dict:
    """The precheck JSON contract filled from the profile as it stands: the committee's
    region is ``committee_region`` (or the one of ``region_level`` above the workplace),
    the workplace the region of the contract unit; birth date and sex from the 身份证号."""
    unit = profile.contract_unit
    user = profile.user
    where = jurisdiction(
        region_level=region_level, committee_region=committee_region, workplace_region=unit.region if unit else None
    )
    return {
        "as_of": as_of.isoformat(),
        "target": {"series": series, "level": level, "route": route},
        "committee": {"region_level": region_level, **where["committee"]},
        "person": {
            **where["person"],
            **({"birth_date": user.birth_date.isoformat(), "sex": gender_from_id(user.id_number)} if user.id_number else {}),
            "posts": [
                {"level": post.level, "from": post.started_on.isoformat(),
                 **({"until": post.ended_on.isoformat()} if post.ended_on else {})}
                for post in profile.postrecord_set.all()
                if post.series == series
            ],
            "retired": profile.retired,
            "education": [
                {
                    "degree": education.degree,
                    "engineering": education.engineering,
                    "professional_degree": education.professional_degree,
                    "graduated_on": education.graduated_on.isoformat(),
                }
                for education in profile.education_set.all()
            ],
            "titles": [
                {
                    "series": title.series,
                    "level": title.level,
                    "obtained_on": title.obtained_on.isoformat(),
                    "origin": title.origin,
                    **({"confirmed": title.confirmed} if title.origin != "yunnan" else {}),
                }
                for title in profile.titlerecord_set.all()
            ],
            "qualifications": [
                {"name": record.name, "obtained_on": record.obtained_on.isoformat()}
                for record in profile.qualificationrecord_set.all()
            ],
            "township": bool(unit and unit.in_township),
            "applied_before": profile.applied_before,
            "contract_unit": unit.credit_code if unit else None,
            "social_insurance": [
                {"month": f"{month.month:%Y-%m}", "city": month.city, "unit": month.insuring_unit_code}
                for month in profile.insurancemonth_set.all()
            ],
        },
    }

