"""Long documents rendered in the background (SPEC P3 downloads stay recorded): a person
asks, a `DocumentJob` is written and its task queued in the same transaction, and any
`zhicheng db_worker` process (on any host) takes it; a PDF's pieces are tasks of their
own, laid out by as many workers as there are at once, each kept in the storage, and
joined by the worker that finishes the last one; the progress counts the pieces done.  The
file is kept in the "default" storage (an object store in production), from
where any app process serves it.  A failure is recorded in Chinese on the job; the
document can be asked for again, and nothing else changes."""

import datetime
import logging
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django_tasks import task

from zhicheng.accounts.models import User
from zhicheng.audit.trail import record_event

from .kinds import KINDS, DocumentKind
from .models import DocumentJob
from .rendering import PiecedPdf, collected_after, join_pieces, write_piece

logger = logging.getLogger(__name__)

# The pieces of a job already started are taken before new jobs are started, so that a
# job's pieces follow each other and its progress does not stall behind other jobs.
PIECE_PRIORITY = 10


def job_request(*, actor: User, kind: DocumentKind, subject, fmt: str) -> DocumentJob:
    """Queue the rendering of `kind` of `subject` in `fmt` for `actor` (who may have it)."""
    with transaction.atomic():
        job = DocumentJob.objects.create(requested_by=actor, kind=kind.code, subject_id=subject.pk, format=fmt,
                                         total=kind.size(subject), filename=f"{kind.filename(subject)}.{fmt}")
        record_event(action="document.requested", subject=subject, actor=actor, details={"file": job.filename, "job": job.pk})
        # a row of the same database: the worker sees it when this transaction commits
        render_document.enqueue(job.pk)
    return job


def access_job_by_id(user: User, job_id: int) -> tuple[DocumentJob, DocumentKind, object]:
    """The job, its kind and the document's subject, for the person who asked for it or
    anyone who may have the same document; the same 404 for missing and forbidden."""
    job = DocumentJob.objects.filter(pk=job_id).first() if user.is_authenticated else None
    kind = KINDS.get(job.kind) if job else None
    subject = kind.subject(user, job.subject_id) if kind else None
    if job is None or (subject is None and job.requested_by_id != user.pk):
        raise Http404("未找到该文书")
    return job_stall_check(job, kind), kind, subject


def job_stall_check(job: DocumentJob, kind: DocumentKind) -> DocumentJob:
    """A job whose worker has shown no progress for DOCUMENT_STALL_MINUTES is recorded as
    interrupted (once, whichever process sees it first), so that it can be asked for again."""
    now = timezone.now()
    minutes = settings.DOCUMENT_STALL_MINUTES
    stalled = DocumentJob.objects.filter(
        pk=job.pk, state=DocumentJob.State.RUNNING, progressed_at__lt=now - datetime.timedelta(minutes=minutes)
    ).update(state=DocumentJob.State.FAILED, finished_at=now, error=(
        f"生成《{kind.title}》时中断：后台处理已超过{minutes}分钟没有进展，文件未生成；申报材料和公示没有任何改动。"
        f"请点击「重新生成」再试一次；如仍中断，请联系系统管理员检查后台文书处理进程，并告知任务编号{job.pk}。"
    ))
    if stalled:
        job.refresh_from_db()
        remove_pieces(job)
    return job


@task()
def render_document(job_id: int) -> None:
    """The worker's side: a spreadsheet is written at once; a PDF is cut into its pieces, each
    queued as a task of its own, so that every worker there is lays out a piece at the same
    time (`render_document_piece`); the worker that finishes the last piece joins them."""
    job = DocumentJob.objects.select_related("requested_by").get(pk=job_id)
    kind = KINDS[job.kind]
    DocumentJob.objects.filter(pk=job.pk).update(state=DocumentJob.State.RUNNING, progressed_at=timezone.now())
    subject = job_subject(job, kind)
    if subject is None:
        return
    try:
        if job.format == "pdf":
            document = kind.pdf(subject)
            DocumentJob.objects.filter(pk=job.pk).update(pieces=document.pieces)
            for number in range(document.pieces):
                render_document_piece.enqueue(job.pk, number)
            return
        with tempfile.TemporaryFile() as output, collected_after():
            output.write(kind.xlsx(subject))
            output.seek(0)
            job.file.save(f"job-{job.pk}.{job.format}", File(output), save=False)
    except Exception:
        return job_error(job, kind)
    job_done(job)


@task(priority=PIECE_PRIORITY)
def render_document_piece(job_id: int, number: int) -> None:
    """Lay out piece `number` of the job's PDF and keep it in the storage; the forms or rows
    it holds count as done.  Nothing is done for a job that has failed meanwhile."""
    job = DocumentJob.objects.select_related("requested_by").get(pk=job_id)
    kind = KINDS[job.kind]
    subject = job_subject(job, kind) if job.state == DocumentJob.State.RUNNING else None
    if subject is None:
        return
    try:
        document = kind.pdf(subject)
        with tempfile.TemporaryFile() as piece:
            write_piece(document, number, piece)
            piece.seek(0)
            default_storage.delete(piece_name(job, number))
            default_storage.save(piece_name(job, number), File(piece))
    except Exception:
        return job_error(job, kind)
    with transaction.atomic():
        job = DocumentJob.objects.select_for_update().select_related("requested_by").get(pk=job_id)
        if job.state != DocumentJob.State.RUNNING:
            default_storage.delete(piece_name(job, number))
            return
        job.pieces_done += 1
        job.done += document.sizes[number]
        job.progressed_at = timezone.now()
        job.save(update_fields=["pieces_done", "done", "progressed_at"])
    if job.pieces_done == job.pieces:
        try:
            job_join(job, document)
        except Exception:
            return job_error(job, kind)
        job_done(job)


def job_join(job: DocumentJob, document: PiecedPdf) -> None:
    """Join the job's stored pieces into its file, then remove them."""
    with tempfile.TemporaryDirectory() as folder:
        files = [Path(folder) / f"{number}.pdf" for number in range(job.pieces)]
        for number, file in enumerate(files):
            with default_storage.open(piece_name(job, number), "rb") as stored, file.open("wb") as local:
                shutil.copyfileobj(stored, local)
        with tempfile.TemporaryFile() as output:
            join_pieces(files, output, title=document.title, page=document.page, stamp=document.stamp)
            output.seek(0)
            job.file.save(f"job-{job.pk}.{job.format}", File(output), save=False)
    remove_pieces(job)


def piece_name(job: DocumentJob, number: int) -> str:
    return f"documents/pieces/job-{job.pk}/{number}.pdf"


def remove_pieces(job: DocumentJob) -> None:
    for number in range(job.pieces):
        default_storage.delete(piece_name(job, number))


def job_subject(job: DocumentJob, kind: DocumentKind):
    """What the job's document is of, while the person who asked may still have it."""
    subject = kind.subject(job.requested_by, job.subject_id)
    if subject is None:
        job_failed(job, f"《{kind.title}》的对象已不存在，或申请人{job.requested_by.real_name}已不再负责该项工作，文件未生成。"
                        "请由现在负责的人员重新生成。")
    return subject


def job_done(job: DocumentJob) -> None:
    job.state, job.done, job.finished_at = DocumentJob.State.DONE, job.total, timezone.now()
    job.save(update_fields=["state", "done", "file", "finished_at"])


def job_error(job: DocumentJob, kind: DocumentKind) -> None:
    logger.exception("document job %s failed", job.pk)
    job_failed(job, f"生成《{kind.title}》时出错，文件未生成；申报材料和公示没有任何改动。请点击「重新生成」再试一次；"
                    f"如仍失败，请联系系统管理员，并告知任务编号{job.pk}（错误详情已记入系统日志）。")


def job_failed(job: DocumentJob, message: str) -> None:
    """Recorded once, by whichever worker fails first; the pieces already kept are removed."""
    failed = DocumentJob.objects.filter(pk=job.pk).exclude(state=DocumentJob.State.FAILED).update(
        state=DocumentJob.State.FAILED, error=message, finished_at=timezone.now())
    if failed:
        job.refresh_from_db()
        remove_pieces(job)
