"""Who may open which meeting (P1).  Outside one's scope a meeting does not exist: the
same 404 as a missing one.  The panel is seen by the committee office, and by each expert
only for himself; applicants and employers never see it (C3)."""

from django.db.models import QuerySet
from django.http import Http404

from zhicheng.accounts.models import Role, User

from .models import Meeting, PanelMember


def office_meetings(user: User) -> QuerySet[Meeting]:
    if user.role != Role.COMMITTEE:
        return Meeting.objects.none()
    return Meeting.objects.filter(plan__committee__office_staff=user).select_related("plan__committee", "chair")


def access_meeting_as_office(user: User, meeting_id: int) -> Meeting:
    meeting = office_meetings(user).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("未找到该评审会议")
    return meeting


def access_seat(user: User, meeting_id: int) -> PanelMember:
    """The expert's own seat on the meeting's panel."""
    seat = (
        PanelMember.objects.filter(meeting_id=meeting_id, expert=user, expert__role=Role.EXPERT)
        .select_related("meeting__plan__committee", "meeting__chair")
        .first()
    )
    if seat is None:
        raise Http404("未找到该评审会议")
    return seat


def minutes_meetings(user: User) -> QuerySet[Meeting]:
    """会议记录: for the committee office and the chair who signs them."""
    if user.role == Role.EXPERT:
        return Meeting.objects.filter(chair=user).select_related("plan__committee", "chair")
    return office_meetings(user)
