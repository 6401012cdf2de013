"""会议记录 (minutes) of a review meeting, as PDF: who was present, the candidates, each
one's counted ballots and outcome, the pass rate, and the chair's signature.  Its table of
candidates grows with the meeting, so the minutes are laid out DOCUMENT_PIECE_ROWS
candidates a piece, like the other long documents (a long one by the background worker)."""

import io

from django.conf import settings

from zhicheng.documents.rendering import PiecedPdf, write_pdf

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


def minutes_document(meeting: Meeting) -> PiecedPdf:
    """The minutes, the table of candidates cut into pieces: the first piece opens with the
    meeting and its attendance, the last one closes with the pass rate and the signature."""
    context = minutes_context(meeting)
    found, size = context["results"], settings.DOCUMENT_PIECE_ROWS
    starts = range(0, max(len(found), 1), size)

    def piece(number: int) -> dict:
        start = starts[number]
        return {**context, "results": found[start:start + size], "numbered_from": start,
                "first": number == 0, "last": number == len(starts) - 1}

    return PiecedPdf("meetings/minutes.html", title="评审会议记录", sizes=tuple(len(found[start:start + size]) for start in starts),
                     context=piece)


def minutes_pdf(meeting: Meeting) -> bytes:
    output = io.BytesIO()
    write_pdf(minutes_document(meeting), output)
    return output.getvalue()
