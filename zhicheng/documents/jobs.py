"""Long documents rendered in the background (SPEC P3 downloads stay recorded): a person
asks, a `DocumentJob` is written and its task queued in the same transaction, and any
`zhicheng db_worker` process (on any host) renders it piece by piece, recording its
progress, and keeps the file in the "default" storage (an object store in production), from
where any app process serves it.  A failure is recorded in Chinese on the job; the
document can be asked for again, and nothing else changes."""

import datetime
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django_tasks import task

from zhicheng.accounts.models import User
from zhicheng.audit.trail import record_event

from .kinds import KINDS, DocumentKind
from .models import DocumentJob

logger = logging.getLogger(__name__)


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
    return job


@task()
def render_document(job_id: int) -> None:
    """The worker's side: render the job's document to a temporary file, then store it."""
    job = DocumentJob.objects.select_related("requested_by").get(pk=job_id)
    kind = KINDS[job.kind]
    DocumentJob.objects.filter(pk=job.pk).update(state=DocumentJob.State.RUNNING, progressed_at=timezone.now())
    subject = kind.subject(job.requested_by, job.subject_id)
    if subject is None:
        return job_failed(job, f"《{kind.title}》的对象已不存在，或申请人{job.requested_by.real_name}已不再负责该项工作，文件未生成。"
                               "请由现在负责的人员重新生成。")
    try:
        with tempfile.TemporaryFile() as output:
            kind.write(subject, job.format, output, lambda done: DocumentJob.objects.filter(pk=job.pk).update(done=done, progressed_at=timezone.now()))
            output.seek(0)
            job.file.save(f"job-{job.pk}.{job.format}", File(output), save=False)
    except Exception:
        logger.exception("document job %s failed", job.pk)
        return job_failed(job, f"生成《{kind.title}》时出错，文件未生成；申报材料和公示没有任何改动。请点击「重新生成」再试一次；"
                               f"如仍失败，请联系系统管理员，并告知任务编号{job.pk}（错误详情已记入系统日志）。")
    job.state, job.done, job.finished_at = DocumentJob.State.DONE, job.total, timezone.now()
    job.save(update_fields=["state", "done", "file", "finished_at"])


def job_failed(job: DocumentJob, message: str) -> None:
    job.state, job.error, job.finished_at = DocumentJob.State.FAILED, message, timezone.now()
    job.save(update_fields=["state", "error", "finished_at"])
