"""会议记录 (minutes) of a review meeting, as PDF: who was present, the candidates, each
one's counted ballots and outcome, the pass rate, and the chair's signature."""

from zhicheng.documents.rendering import render_pdf

from . import counting
from .models import Meeting, Recusal
from .services import pass_rate, results, standards_to_study


def minutes_context(meeting: Meeting) -> dict:
    found = results(meeting)
    members = list(meeting.members.select_related("expert__unit").order_by("expert__real_name"))
    return {
        "meeting": meeting,
        "draw": getattr(meeting, "draw", None),
        "members": len(members),
        "present": [seat for seat in members if seat.present],
        "absent": [seat for seat in members if not seat.present],
        "results": found,
        "rate": pass_rate(meeting, found),
        "recusals": Recusal.objects.filter(member__meeting=meeting, member__present=True)
        .select_related("member__expert", "application__applicant").order_by("application__applicant__real_name"),
        "quorum": counting.quorum(meeting.held_on),
        "pass_share": counting.pass_share(meeting.held_on),
        "standards": standards_to_study(meeting),
    }


def minutes_pdf(meeting: Meeting) -> bytes:
    return render_pdf("meetings/minutes.html", minutes_context(meeting))
