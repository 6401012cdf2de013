"""The precheck as the system runs it on a person: their profile, and what the system itself
knows of them — refusals for the year (L4) and the credit archive (C5), both E7."""

import datetime

from zhicheng.catalog.rules_service import run_precheck, run_when_can_apply
from zhicheng.profiles.eligibility import precheck_request
from zhicheng.profiles.models import ApplicantProfile

from .models import Application, RefusalForYear


def refused_years(person) -> list[int]:
    """The years in which the person was refused after the counted review opinions (L4)."""
    return sorted(RefusalForYear.objects.filter(person=person).values_list("year", flat=True))


def person_request(profile: ApplicantProfile, *, series: str, level: str, route: str, region_level: str,
                   as_of: datetime.date, service_cutoff: datetime.date | None = None, committee_region=None,
                   assessments=(), ce_hours=(), achievements=()) -> dict:
    """The precheck request of a person: the profile, what the system knows of them, the
    yearly records (年度考核, 继续教育) as (year, result) and (year, hours), and the
    achievements (业绩成果) as (kind, date): all that are held."""
    # The credit archive is kept with the certificates, which build on applications: asked here at call time.
    from zhicheng.certificates.services import credit_record_until

    request = precheck_request(profile, series=series, level=level, route=route, region_level=region_level, as_of=as_of,
                               committee_region=committee_region)
    if service_cutoff:
        request["committee"]["service_cutoff"] = service_cutoff.isoformat()
    person = request["person"]
    person["refused_in_years"] = refused_years(profile.user)
    record_until = credit_record_until(profile.user, as_of)
    person["credit_record_until"] = record_until.isoformat() if record_until else None
    person["assessments"] = [{"year": year, "result": result} for year, result in assessments]
    person["ce_hours"] = [{"year": year, "hours": hours} for year, hours in ce_hours]
    person["achievements"] = [{"kind": kind, "achieved_on": day.isoformat()} for kind, day in achievements]
    return request


def person_precheck(profile: ApplicantProfile, **target) -> tuple[dict, dict]:
    """「我能申报吗？」: the decision, and when every rule would pass."""
    request = person_request(profile, **target)
    return run_precheck(request), run_when_can_apply(request)


def record_years(profile: ApplicantProfile, today: datetime.date) -> list[int]:
    """The whole years the series' conditions ask records of (年度考核, 继续教育): from the year
    after the latest title held (or, with none, the latest graduation) to last year."""
    latest = max(
        [t.obtained_on for t in profile.titlerecord_set.all()] or [e.graduated_on for e in profile.education_set.all()],
        default=None,
    )
    first = latest.year + 1 if latest else today.year - 1
    return list(range(min(first, today.year - 1), today.year))


def application_records(application: Application | None) -> dict:
    """What an application holds for the series' and routes' conditions: its annual
    assessments, continuing-education hours and achievements, as ``person_request`` takes them."""
    if application is None:
        return {"assessments": [], "ce_hours": [], "achievements": []}
    return {
        "assessments": [(a.year, a.result) for a in application.assessments.all()],
        "ce_hours": [(c.year, c.hours) for c in application.continuing_education.all()],
        "achievements": [(a.kind, a.achieved_on) for a in application.achievements.all()],
    }


def latest_application(person) -> Application | None:
    """The person's latest application: the self-check starts from the records given there."""
    return Application.objects.filter(applicant=person).order_by("-created_at").first()
