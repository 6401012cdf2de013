"""Who may see which application (P1).  Outside one's scope an application does not exist:
the same 404 as a missing one."""

from django.db.models import Q, QuerySet
from django.http import Http404

from zhicheng.accounts.models import Role, User

from .models import Application, Opinion, State

# The committee sees an application once the employer has forwarded it.
COMMITTEE_STATES = [
    State.COMMITTEE_REVIEW, State.CORRECTION_REQUESTED, State.QUALIFIED, State.REJECTED, State.ABANDONED,
    State.ON_MEETING_LIST, State.PASSED, State.NOT_PASSED, State.RESULT_PUBLICITY, State.CONFIRMED, State.REVOKED,
]


def visible_applications(user: User) -> QuerySet[Application]:
    applications = Application.objects.all()
    if user.role == Role.APPLICANT:
        return applications.filter(applicant=user)
    if user.role == Role.EMPLOYER:
        return applications.filter(employer_id=user.unit_id).exclude(state=State.DRAFT)
    if user.role == Role.COMMITTEE:
        # One row per application without DISTINCT: the applications with a committee's
        # opinion are a semi-join on a set drawn from this office's own applications (small
        # and indexed), never a join with, or a scan of, every opinion in the system.
        committees = user.committees_run.values("pk")
        with_opinion = Opinion.objects.filter(application__plan__committee__in=committees, author__role=Role.COMMITTEE).exclude(
            application__state__in=COMMITTEE_STATES)
        return applications.filter(plan__committee__in=committees).filter(
            Q(state__in=COMMITTEE_STATES) | Q(pk__in=with_opinion.values("application_id"))
        )
    if user.role == Role.BUREAU:
        return applications.filter(employer__region_id__in=user.unit.region.subtree_ids()).exclude(state=State.DRAFT)
    if user.role == Role.ADMIN or user.is_superuser:
        return applications
    return applications.none()


def access_application_by_id(user: User, application_id: int) -> Application:
    application = (
        visible_applications(user)
        .select_related("applicant", "plan__committee", "employer__region", "specialty")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise Http404("未找到该申报")
    return application
