"""Who may see what (P1): named predicates, and access helpers that answer "missing" and
"forbidden" alike with a 404, so that nobody learns what exists outside their scope."""

import rules
from django.http import Http404

from .models import Region, Role, User


@rules.predicate
def is_admin(user):
    return user.is_authenticated and (user.role == Role.ADMIN or user.is_superuser)


def has_role(role):
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user):
        return user.is_authenticated and user.role == role

    return predicate


is_applicant = has_role(Role.APPLICANT)
is_employer = has_role(Role.EMPLOYER)
is_committee_office = has_role(Role.COMMITTEE)
is_expert = has_role(Role.EXPERT)
is_bureau = has_role(Role.BUREAU)


@rules.predicate
def owns_profile(user, profile):
    return profile.user_id == user.pk


@rules.predicate
def employs_holder(user, profile):
    """The employer officer's unit holds the applicant's labour contract."""
    return user.unit_id is not None and profile.contract_unit_id == user.unit_id


@rules.predicate
def holder_in_jurisdiction(user, profile):
    unit = profile.contract_unit
    return unit is not None and region_within(unit.region, user.unit.region)


def region_within(region: Region, ancestor: Region) -> bool:
    while region is not None:
        if region.pk == ancestor.pk:
            return True
        region = region.parent
    return False


rules.add_perm(
    "profiles.view_profile",
    (is_applicant & owns_profile) | (is_employer & employs_holder) | (is_bureau & holder_in_jurisdiction) | is_admin,
)
rules.add_perm("profiles.change_own_profile", is_applicant & owns_profile)


def access_profile_by_id(user: User, profile_id: int):
    from zhicheng.profiles.models import ApplicantProfile

    profile = (
        ApplicantProfile.objects.select_related("user", "contract_unit__region__parent__parent__parent")
        .filter(pk=profile_id)
        .first()
    )
    if profile is None or not user.has_perm("profiles.view_profile", profile):
        raise Http404("未找到该申报人档案")
    return profile
