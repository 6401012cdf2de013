"""The documents that grow with the number of applicants (长文书: the 公示表, the lists, the
meeting's minutes), each with who may have
it (the scope of the page it is offered on), how long it is, and how it is written.  A
document of fewer than DOCUMENT_BACKGROUND_FROM applicants or rows is rendered in the
request; a longer one by a background worker (`zhicheng.documents.jobs`)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.applications import publicity as unit_publicity
from zhicheng.applications.models import UnitPublicity
from zhicheng.certificates.access import plans_overseen
from zhicheng.certificates.documents import pre_meeting_list, result_publicity_list
from zhicheng.certificates.models import ResultPublicity
from zhicheng.documents.lists import list_pdf_document, list_xlsx
from zhicheng.documents.publicity import pieces, publicity_form_document, publicity_list_xlsx
from zhicheng.documents.rendering import PiecedPdf, write_pdf
from zhicheng.meetings.access import minutes_meetings
from zhicheng.meetings.minutes import minutes_document
from zhicheng.review.documents import confirmation_list_document
from zhicheng.review.models import TitleConfirmation


@dataclass(frozen=True)
class DocumentKind:
    code: str
    title: str  # as the pages name it
    counted: str  # what its size counts: 人 (one form each) or 行 (list rows)
    subjects: Callable[[User], QuerySet]  # what this person may have the document of
    size: Callable[[Model], int]  # applicants (forms) or rows
    filename: Callable[[Model], str]  # without the suffix
    page: Callable[[Model, User], str]  # the page the document is offered on to this person
    url_name: str  # the document's address, with the subject's id and the format
    pdf: Callable[[Model], PiecedPdf] | None = None  # the PDF, laid out in pieces
    xlsx: Callable[[Model], bytes] | None = None  # the Excel list

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(fmt for fmt in ("pdf", "xlsx") if getattr(self, fmt))

    def subject(self, user: User, subject_id: int) -> Model | None:
        return self.subjects(user).filter(pk=subject_id).first()

    def render(self, subject: Model, fmt: str) -> bytes:
        """The whole document in this process (a short one, in the request)."""
        if fmt == "xlsx":
            return self.xlsx(subject)
        output = io.BytesIO()
        write_pdf(self.pdf(subject), output)
        return output.getvalue()


def unit_publicity_form(publicity: UnitPublicity) -> PiecedPdf:
    """The forms of the publicity's applicants, each piece read from its frozen profiles when laid out."""
    return publicity_form_document(unit_publicity.publicity_form_header(publicity),
                                   list(pieces(unit_publicity.publicity_entry_ids(publicity))),
                                   lambda entry_ids: unit_publicity.publicity_applicants_of(publicity, entry_ids))


def own_unit_publicities(user: User) -> QuerySet:
    if user.role != Role.EMPLOYER:
        return UnitPublicity.objects.none()
    return UnitPublicity.objects.filter(unit=user.unit).select_related("unit", "created_by")


KINDS = {kind.code: kind for kind in (
    DocumentKind(
        code="publicity_form", url_name="web:publicity_document", title="综合情况（公示）表", counted="人",
        subjects=own_unit_publicities,
        size=lambda publicity: publicity.entries.count(),
        filename=lambda publicity: f"综合情况公示表-{publicity.unit.name}-{publicity.starts_on:%Y%m%d}",
        pdf=unit_publicity_form,
        xlsx=lambda publicity: publicity_list_xlsx(unit_publicity.publicity_form(publicity)),
        page=lambda publicity, user: reverse("web:publicity", args=[publicity.pk]),
    ),
    DocumentKind(
        code="result_list", url_name="web:result_list", title="评审结果公示名单", counted="行",
        subjects=lambda user: ResultPublicity.objects.filter(plan__in=plans_overseen(user)).select_related("plan__committee"),
        size=lambda publicity: publicity.entries.count(),
        filename=lambda publicity: f"评审结果公示名单-{publicity.plan.committee.name}-{publicity.starts_on:%Y%m%d}",
        pdf=lambda publicity: list_pdf_document(result_publicity_list(publicity, timezone.localdate())),
        xlsx=lambda publicity: list_xlsx(result_publicity_list(publicity, timezone.localdate())),
        page=lambda publicity, user: reverse("web:plan_results", args=[publicity.plan_id]),
    ),
    DocumentKind(
        code="pre_meeting_list", url_name="web:pre_meeting_list", title="同意上会评审人员名单", counted="行",
        subjects=lambda user: plans_overseen(user).filter(pre_meeting_filing__isnull=False),
        size=lambda plan: plan.pre_meeting_filing.admitted.count(),
        filename=lambda plan: f"上会人员名单-{plan.committee.name}-{plan.year}",
        pdf=lambda plan: list_pdf_document(pre_meeting_list(plan, timezone.localdate())),
        xlsx=lambda plan: list_xlsx(pre_meeting_list(plan, timezone.localdate())),
        page=lambda plan, user: reverse("web:plan_results", args=[plan.pk]),
    ),
    DocumentKind(
        code="confirmation_list", url_name="web:confirmation_list", title="职称资格确认人员名单", counted="行",
        subjects=plans_overseen,
        size=lambda plan: TitleConfirmation.objects.filter(application__plan=plan).count(),
        filename=lambda plan: f"职称资格确认人员名单-{plan.committee.name}-{plan.year}",
        xlsx=lambda plan: list_xlsx(confirmation_list_document(plan)),
        page=lambda plan, user: reverse("web:plan", args=[plan.pk]) if user.role == Role.COMMITTEE else reverse("web:bureau_filings"),
    ),
    DocumentKind(
        code="meeting_minutes", url_name="web:meeting_minutes", title="评审会议记录", counted="人",
        subjects=minutes_meetings,
        size=lambda meeting: meeting.tallies.count(),
        filename=lambda meeting: f"评审会议记录-{meeting.held_on:%Y%m%d}",
        pdf=minutes_document,
        page=lambda meeting, user: reverse("web:expert_meeting" if user.role == Role.EXPERT else "web:office_meeting", args=[meeting.pk]),
    ),
)}
