"""Document benchmark: the 综合情况（公示）表 of a unit publicity with many applicants, as
PDF and as Excel, each rendered as a document job by `--workers` fresh `zhicheng db-worker`
processes (the PDF in pieces of DOCUMENT_PIECE_FORMS forms, each piece a task any worker
takes, joined by the worker that finishes the last one, stored in the "default" storage),
reporting the wall time from the request to the stored file, the CPU time of all the
workers together, the largest peak memory of one worker, the pages and the progress the
job reached.

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
import signal
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

from zhicheng.accounts.models import Unit, User  # noqa: E402
from zhicheng.applications.models import Application, PublicityEntry, State, UnitPublicity  # noqa: E402
from zhicheng.applications.snapshot import profile_snapshot  # noqa: E402
from zhicheng.documents.jobs import render_document  # noqa: E402
from zhicheng.documents.models import DocumentJob  # noqa: E402
from zhicheng.documents.kinds import KINDS  # noqa: E402
from zhicheng.profiles.models import ApplicantProfile  # noqa: E402

WORKER_START_SECONDS = 8
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


def cpu_seconds(pid: int) -> float:
    """The user and system CPU time a running process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_job(publicity: UnitPublicity, fmt: str, workers: int) -> dict:
    """Queue the document's job the way its page does (without the trail's event), let
    `workers` worker processes render it, and stop them once the job is finished."""
    kind = KINDS["publicity_form"]
    processes = [subprocess.Popen([str(Path(sys.executable).parent / "zhicheng"), "db-worker", "--no-startup-delay", "--no-reload", "--verbosity", "0"]) for _ in range(workers)]
    time.sleep(WORKER_START_SECONDS)  # running workers, as in production, before the document is asked for
    try:
        idle = sum(cpu_seconds(process.pid) for process in processes)  # starting up, not counted
        started = time.perf_counter()
        job = DocumentJob.objects.create(requested_by=publicity.created_by, kind=kind.code, subject_id=publicity.pk, format=fmt,
                                         total=kind.size(publicity), filename=f"{kind.filename(publicity)}.{fmt}")
        render_document.enqueue(job.pk)
        seen = set()
        while not job.finished:
            time.sleep(0.2)
            job.refresh_from_db()
            seen.add(job.done)
        wall = time.perf_counter() - started
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        usages = [os.wait4(process.pid, 0)[2] for process in processes]
    with job.file.open("rb") as stored:
        pages = len(pypdf.PdfReader(stored).pages) if fmt == "pdf" else None
        size = job.file.size
    result = {"format": fmt, "applicants": job.total, "state": job.state, "progress": f"{job.done}/{job.total}", "pieces": job.pieces,
              "progress_values_seen": len(seen),
              "pages": pages, "bytes": size, "workers": workers, "wall_seconds": round(wall, 2),
              "cpu_seconds": round(sum(usage.ru_utime + usage.ru_stime for usage in usages) - idle, 2),
              "peak_rss_mb_per_worker": [round(usage.ru_maxrss / 1024) for usage in usages], "piece_forms": settings.DOCUMENT_PIECE_FORMS}
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
