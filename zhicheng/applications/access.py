"""Who may see which application (P1).  Outside one's scope an application does not exist:
the same 404 as a missing one."""

from functools import cache

from django.db.models import QuerySet
from django.http import Http404

from zhicheng.accounts.models import Role, User
from zhicheng.prepared import PreparedRead, first_of
from zhicheng.review.models import ReviewPlan

from .models import Application, State


def visible_applications(user: User) -> QuerySet[Application]:
    applications = Application.objects.all()
    if user.role == Role.APPLICANT:
        return applications.filter(applicant=user)
    if user.role == Role.EMPLOYER:
        return applications.filter(employer_id=user.unit_id).exclude(state=State.DRAFT)
    if user.role == Role.COMMITTEE:  # what reached its committees, sent back since or not
        plans = ReviewPlan.objects.filter(committee__office_staff=user).values("pk")
        return applications.filter(plan__in=plans, reached_committee=True)
    if user.role == Role.BUREAU:
        return applications.filter(employer__region_id__in=user.unit.region.subtree_ids()).exclude(state=State.DRAFT)
    if user.role == Role.ADMIN or user.is_superuser:
        return applications
    return applications.none()


# what the pages of an application show of it besides its own row
SHOWN_WITH = ("applicant", "plan__committee", "employer__region", "specialty")


def access_application_by_id(user: User, application_id: int, related: tuple[str, ...] = SHOWN_WITH,
                             defer: tuple[str, ...] = ()) -> Application:
    """The application if ``user`` may see it, read with ``related``, without the fields
    in ``defer`` (read if asked for later); the same 404 for missing and forbidden."""
    if user.role == Role.APPLICANT:  # the applicant's own pages: the same SQL every time
        found = own_application(related, defer)(user.pk, int(application_id))
    else:
        found = application_by_id(user, application_id, related, defer)
    if not found:
        raise Http404("未找到该申报")
    return found[0]


def application_by_id(user: User, application_id: int, related: tuple[str, ...], defer: tuple[str, ...]) -> QuerySet[Application]:
    """The application among those ``user`` sees (the first, as `first()` orders them)."""
    applications = visible_applications(user).filter(pk=application_id)
    if related:  # (select_related() of nothing would follow every foreign key)
        applications = applications.select_related(*related)
    if defer:
        applications = applications.defer(*defer)
    return first_of(applications)


@cache
def own_application(related: tuple[str, ...], defer: tuple[str, ...]) -> PreparedRead:
    """An applicant's own application by (applicant, application), read as above."""
    return PreparedRead(lambda applicant, application_id: application_by_id(
        User(pk=applicant, role=Role.APPLICANT), application_id, related, defer), key_types=(int, int))
