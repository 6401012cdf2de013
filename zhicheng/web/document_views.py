"""The long documents (综合情况（公示）表, the lists): rendered at once when short, else
asked for and rendered in the background, with a page that shows the progress and then
the download."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from zhicheng.audit.downloads import document_response
from zhicheng.documents.jobs import access_job_by_id, job_request
from zhicheng.documents.kinds import KINDS
from zhicheng.documents.models import DocumentJob


@login_required
def document(request, subject_id, fmt, kind):
    """GET: a short document itself, or for a long one the page to ask for it (with the
    person's earlier requests of it); POST: ask for it."""
    kind = KINDS[kind]
    subject = kind.subject(request.user, subject_id) if fmt in kind.formats else None
    if subject is None:
        raise Http404
    size = kind.size(subject)
    if size < settings.DOCUMENT_BACKGROUND_FROM:
        return document_response(request, kind.render(subject, fmt), filename=f"{kind.filename(subject)}.{fmt}", subject=subject)
    if request.method == "POST":
        job = job_request(actor=request.user, kind=kind, subject=subject, fmt=fmt)
        return redirect("web:document_job", job.pk)
    return render(request, "web/documents/request.html", {
        "kind": kind, "fmt": fmt, "size": size, "back": kind.page(subject, request.user),
        "earlier": DocumentJob.objects.filter(kind=kind.code, subject_id=subject.pk, format=fmt, requested_by=request.user).order_by("-pk")[:5],
    })


@login_required
def document_job(request, job_id):
    job, kind, subject = access_job_by_id(request.user, job_id)
    return render(request, "web/documents/job.html", {
        "job": job, "kind": kind, "back": kind.page(subject, request.user) if subject else None,
    })


@login_required
def document_job_download(request, job_id):
    job, kind, subject = access_job_by_id(request.user, job_id)
    if not job.ready:
        return redirect("web:document_job", job.pk)
    return document_response(request, job.file.open("rb"), filename=job.filename, subject=subject or job)
