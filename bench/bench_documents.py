"""Document benchmark: the 综合情况（公示）表 of a unit publicity with many applicants, as
PDF and as Excel, each rendered as a document job (the PDF in pieces of DOCUMENT_PIECE_FORMS
forms, each piece a task laid out by one of `--workers` fresh `zhicheng db-worker --batch`
processes, joined by the worker that finishes the last one, stored in the "default"
storage), reporting the wall time from the request to the stored file (with the workers' start) and
from the moment the first worker took the job (as with workers already running), the CPU time of the
job's tasks in all processes together, the peak memory of each process, the pages and the
progress values the job was seen at.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zc_bench .venv/bin/python bench/bench_documents.py --applicants 100 1000 --workers 2

It uses the generated city (bench/city.py): the largest unit's applications past its
employer's review are put on one publicity, which is removed again at the end.  Their
frozen profiles are rebuilt from the profiles first, as a submission makes them (kept; not
timed).  The task queue must hold nothing else while it runs.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import pypdf  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from zhicheng.accounts.models import Unit, User  # noqa: E402
from zhicheng.applications.models import Application, PublicityEntry, State, UnitPublicity  # noqa: E402
from zhicheng.applications.snapshot import profile_snapshot  # noqa: E402
from zhicheng.documents.jobs import render_document  # noqa: E402
from zhicheng.documents.models import DocumentJob  # noqa: E402
from zhicheng.documents.kinds import KINDS  # noqa: E402
from zhicheng.profiles.models import ApplicantProfile  # noqa: E402

PAST_EMPLOYER = [State.PUBLICITY_DONE, State.COMMITTEE_REVIEW, State.QUALIFIED, State.PASSED, State.CONFIRMED, State.ON_MEETING_LIST]


def publicity_of(size: int) -> UnitPublicity:
    unit = Unit.objects.annotate(n=Count("applications")).order_by("-n").first()
    applications = list(Application.objects.filter(employer=unit, state__in=PAST_EMPLOYER).select_related("applicant").order_by("pk")[:size])
    if len(applications) < size:
        sys.exit(f"the largest unit has only {len(applications)} applications past its review: generate a larger city")
    profiles = ApplicantProfile.objects.filter(user__in=[a.applicant_id for a in applications]).select_related(
        "user", "contract_unit__region").prefetch_related("education_set", "titlerecord_set", "qualificationrecord_set", "workrecord_set",
                                                         "insurancemonth_set")
    snapshots = {p.user_id: profile_snapshot(p) for p in profiles}
    for application in applications:
        application.snapshot = snapshots[application.applicant_id]
    Application.objects.bulk_update(applications, ["snapshot"], batch_size=500)
    officer = User.objects.filter(unit=unit, role="employer").first()
    publicity = UnitPublicity.objects.create(unit=unit, starts_on=datetime.date(2026, 8, 3), ends_on=datetime.date(2026, 8, 7),
                                             created_by=officer)
    PublicityEntry.objects.bulk_create([PublicityEntry(publicity=publicity, application=a) for a in applications])
    return publicity


def worker(*options: str) -> subprocess.Popen:
    return subprocess.Popen([str(Path(sys.executable).parent / "zhicheng"), "db-worker", "--batch", "--no-startup-delay", "--no-reload",
                             "--verbosity", "0", *options])


class Workers:
    """Worker processes whose CPU time and peak memory are read when they exit (os.wait4)."""

    def __init__(self):
        self.processes, self.running, self.usages = [], [], []

    def start(self, count: int = 1) -> None:
        # kept referenced: a dropped Popen would be reaped by the subprocess module, and its usage lost
        self.processes += [worker() for _ in range(count)]
        self.running += [process.pid for process in self.processes[-count:]]

    def poll(self) -> bool:
        """Whether any is still running."""
        for pid in list(self.running):
            exited, _status, usage = os.wait4(pid, os.WNOHANG)
            if exited:
                self.running.remove(pid)
                self.usages.append(usage)
        return bool(self.running)

    def cpu_and_peak(self) -> list[tuple[float, int]]:
        """Each exited process's CPU seconds (user and system) and peak memory in MB."""
        return [(usage.ru_utime + usage.ru_stime, round(usage.ru_maxrss / 1024)) for usage in self.usages]


def run_job(publicity: UnitPublicity, fmt: str, count: int) -> dict:
    """Ask for the document's job the way its page does (without the trail's event) and let
    fresh worker processes run it, each exiting once the queue is empty: one takes the job (a
    spreadsheet is written by it; a PDF is cut into its pieces), then for a PDF `count` - 1
    more join in laying out the pieces, and the one that finishes the last piece joins them.
    A worker's start (Django, measured on an empty queue) is not counted in its CPU time; it
    is in the wall time."""
    kind = KINDS["publicity_form"]
    empty = Workers()
    empty.start()
    while empty.poll():
        time.sleep(0.2)
    [(starting, _)] = empty.cpu_and_peak()  # on the empty queue: only the start
    wall = time.perf_counter()
    job = DocumentJob.objects.create(requested_by=publicity.created_by, kind=kind.code, subject_id=publicity.pk, format=fmt,
                                     total=kind.size(publicity), filename=f"{kind.filename(publicity)}.{fmt}")
    task = render_document.enqueue(job.pk)
    workers, seen = Workers(), set()
    workers.start()
    if fmt == "pdf":
        while workers.poll() and not DocumentJob.objects.filter(pk=job.pk, pieces__gt=0).exists():
            time.sleep(0.2)
        workers.start(count - 1)
    while workers.poll():
        time.sleep(0.5)
        seen.add(DocumentJob.objects.get(pk=job.pk).done)
    wall = time.perf_counter() - wall
    used = workers.cpu_and_peak()
    job.refresh_from_db()
    rendering = job.finished_at - DBTaskResult.objects.get(pk=task.id).started_at  # from the first task taken: workers running
    with job.file.open("rb") as stored:
        pages = len(pypdf.PdfReader(stored).pages) if fmt == "pdf" else None
        size = job.file.size
    result = {"format": fmt, "applicants": job.total, "state": job.state, "progress": f"{job.done}/{job.total}", "pieces": job.pieces,
              "progress_values_seen": len(seen | {job.done}), "pages": pages, "bytes": size, "workers": len(used),
              "wall_seconds": round(wall, 2),
              "wall_seconds_from_first_task": round(rendering.total_seconds(), 2), "cpu_seconds": round(sum(max(0.0, cpu - starting) for cpu, _ in used), 2),
              "peak_rss_mb_each_worker": [peak for _, peak in used],
              "piece_forms": settings.DOCUMENT_PIECE_FORMS}
    job.file.delete()
    job.delete()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, nargs="+", default=[100])
    parser.add_argument("--formats", nargs="+", default=["xlsx", "pdf"])
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2: one a core)")
    arguments = parser.parse_args()
    for size in arguments.applicants:
        # the publicity is committed for the workers to read, and removed afterwards
        with transaction.atomic():
            publicity = publicity_of(size)
        try:
            for fmt in arguments.formats:
                print(json.dumps(run_job(publicity, fmt, arguments.workers)), flush=True)
        finally:
            PublicityEntry.objects.filter(publicity=publicity).delete()
            publicity.delete()


if __name__ == "__main__":
    main()
