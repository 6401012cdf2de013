"""Who may see which plan's results and which certificate (P1).  Outside one's scope a
thing does not exist: the same 404 as a missing one."""

from django.db.models import QuerySet
from django.http import Http404

from zhicheng.accounts.models import Role, User
from zhicheng.review.models import ReviewPlan

from .models import Certificate


def plans_overseen(user: User) -> QuerySet[ReviewPlan]:
    """The plans whose results this person handles: a committee office its own committees',
    a bureau those of the committees in its region (as ``review.services.require_bureau_over``)."""
    plans = ReviewPlan.objects.select_related("committee__organiser", "committee__region")
    if user.role == Role.COMMITTEE:
        return plans.filter(committee__office_staff=user)
    if user.role == Role.BUREAU:
        return plans.filter(committee__region_id__in=user.unit.region.subtree())
    return plans.none()


def access_plan_by_id(user: User, plan_id: int) -> ReviewPlan:
    plan = plans_overseen(user).filter(pk=plan_id).first()
    if plan is None:
        raise Http404("未找到该评审计划")
    return plan


def visible_certificates(user: User) -> QuerySet[Certificate]:
    certificates = Certificate.objects.select_related("application__plan__committee")
    if user.role == Role.APPLICANT:
        return certificates.filter(holder=user)
    if user.role in (Role.COMMITTEE, Role.BUREAU):
        overseen = plans_overseen(user)
        if user.role == Role.BUREAU and not ReviewPlan.objects.exclude(pk__in=overseen.values("pk")).exists():
            # the city's bureau oversees every plan: every certificate, without joining each
            # to its application (at the city's scale, a scan of all the applications)
            return certificates
        return certificates.filter(application__plan__in=overseen)
    if user.role == Role.ADMIN or user.is_superuser:
        return certificates
    return certificates.none()


def access_certificate_by_id(user: User, certificate_id: int) -> Certificate:
    certificate = visible_certificates(user).filter(pk=certificate_id).first()
    if certificate is None:
        raise Http404("未找到该证书")
    return certificate
