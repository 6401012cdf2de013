"""The documents that grow with the number of applicants (长文书), each with who may have
it (the scope of the page it is offered on), how long it is, and how it is written.  A
document of fewer than DOCUMENT_BACKGROUND_FROM applicants or rows is rendered in the
request; a longer one by a background worker (`zhicheng.documents.jobs`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.applications import publicity as unit_publicity
from zhicheng.applications.models import UnitPublicity
from zhicheng.certificates.access import plans_overseen
from zhicheng.certificates.documents import pre_meeting_list, result_publicity_list
from zhicheng.certificates.models import ResultPublicity
from zhicheng.documents.lists import ListDocument, list_xlsx, write_list_pdf
from zhicheng.documents.publicity import publicity_list_xlsx, write_publicity_form_pdf
from zhicheng.review.documents import confirmation_list_document
from zhicheng.review.models import TitleConfirmation

Progress = Callable[[int], None]


@dataclass(frozen=True)
class DocumentKind:
    code: str
    title: str  # as the pages name it
    formats: tuple[str, ...]
    counted: str  # what its size counts: 人 (one form each) or 行 (list rows)
    subjects: Callable[[User], QuerySet]  # what this person may have the document of
    size: Callable[[Model], int]  # applicants (forms) or rows
    filename: Callable[[Model], str]  # without the suffix
    write: Callable[[Model, str, BinaryIO, Progress], None]
    page: Callable[[Model, User], str]  # the page the document is offered on to this person
    url_name: str  # the document's address, with the subject's id and the format

    def subject(self, user: User, subject_id: int) -> Model | None:
        return self.subjects(user).filter(pk=subject_id).first()


def write_list(document: ListDocument, fmt: str, output: BinaryIO, progress: Progress) -> None:
    if fmt == "pdf":
        write_list_pdf(document, output, progress)
    else:
        output.write(list_xlsx(document))
        progress(len(document.rows))


def write_publicity_form(publicity: UnitPublicity, fmt: str, output: BinaryIO, progress: Progress) -> None:
    header = unit_publicity.publicity_form_header(publicity)
    if fmt == "pdf":
        write_publicity_form_pdf(header, unit_publicity.publicity_applicants(publicity, settings.DOCUMENT_PIECE_FORMS), output, progress)
    else:
        output.write(publicity_list_xlsx(unit_publicity.publicity_form(publicity)))
        progress(publicity.entries.count())


def own_unit_publicities(user: User) -> QuerySet:
    if user.role != Role.EMPLOYER:
        return UnitPublicity.objects.none()
    return UnitPublicity.objects.filter(unit=user.unit).select_related("unit", "created_by")


KINDS = {kind.code: kind for kind in (
    DocumentKind(
        code="publicity_form", url_name="web:publicity_document", title="综合情况（公示）表", formats=("pdf", "xlsx"), counted="人",
        subjects=own_unit_publicities,
        size=lambda publicity: publicity.entries.count(),
        filename=lambda publicity: f"综合情况公示表-{publicity.unit.name}-{publicity.starts_on:%Y%m%d}",
        write=write_publicity_form,
        page=lambda publicity, user: reverse("web:publicity", args=[publicity.pk]),
    ),
    DocumentKind(
        code="result_list", url_name="web:result_list", title="评审结果公示名单", formats=("pdf", "xlsx"), counted="行",
        subjects=lambda user: ResultPublicity.objects.filter(plan__in=plans_overseen(user)).select_related("plan__committee"),
        size=lambda publicity: publicity.entries.count(),
        filename=lambda publicity: f"评审结果公示名单-{publicity.plan.committee.name}-{publicity.starts_on:%Y%m%d}",
        write=lambda publicity, fmt, output, progress: write_list(result_publicity_list(publicity, timezone.localdate()), fmt, output,
                                                                   progress),
        page=lambda publicity, user: reverse("web:plan_results", args=[publicity.plan_id]),
    ),
    DocumentKind(
        code="pre_meeting_list", url_name="web:pre_meeting_list", title="同意上会评审人员名单", formats=("pdf", "xlsx"), counted="行",
        subjects=lambda user: plans_overseen(user).filter(pre_meeting_filing__isnull=False),
        size=lambda plan: plan.pre_meeting_filing.admitted.count(),
        filename=lambda plan: f"上会人员名单-{plan.committee.name}-{plan.year}",
        write=lambda plan, fmt, output, progress: write_list(pre_meeting_list(plan, timezone.localdate()), fmt, output, progress),
        page=lambda plan, user: reverse("web:plan_results", args=[plan.pk]),
    ),
    DocumentKind(
        code="confirmation_list", url_name="web:confirmation_list", title="职称资格确认人员名单", formats=("xlsx",), counted="行",
        subjects=plans_overseen,
        size=lambda plan: TitleConfirmation.objects.filter(application__plan=plan).count(),
        filename=lambda plan: f"职称资格确认人员名单-{plan.committee.name}-{plan.year}",
        write=lambda plan, fmt, output, progress: write_list(confirmation_list_document(plan), fmt, output, progress),
        page=lambda plan, user: reverse("web:plan", args=[plan.pk]) if user.role == Role.COMMITTEE else reverse("web:bureau_filings"),
    ),
)}
