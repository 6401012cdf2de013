"""Document benchmark: the 综合情况（公示）表 of a unit publicity with many applicants, as
PDF and as Excel, each rendered the way the background worker renders it (a document job:
in pieces of DOCUMENT_PIECE_FORMS forms, joined, stored in the "default" storage) in a
fresh process that reports its wall time, CPU time, peak memory, pages and the progress
the job reached.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zc_bench .venv/bin/python bench/bench_documents.py --applicants 100 1000

It uses the generated city (bench/city.py): the largest unit's applications past its
employer's review are put on one publicity, which is removed again at the end.  Their
frozen profiles are rebuilt from the profiles first, as a submission makes them (kept; not
timed).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
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
from zhicheng.documents.kinds import KINDS  # noqa: E402
from zhicheng.documents.models import DocumentJob  # noqa: E402
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


def child(publicity_id: int, fmt: str):
    wall, cpu = time.perf_counter(), time.process_time()
    publicity = UnitPublicity.objects.select_related("unit", "created_by").get(pk=publicity_id)
    kind = KINDS["publicity_form"]
    job = DocumentJob.objects.create(requested_by=publicity.created_by, kind=kind.code, subject_id=publicity.pk, format=fmt,
                                     total=kind.size(publicity), filename=f"{kind.filename(publicity)}.{fmt}")
    render_document.call(job.pk)  # what `zhicheng db_worker` runs, in this process
    job.refresh_from_db()
    seconds = {"wall_seconds": round(time.perf_counter() - wall, 2), "cpu_seconds": round(time.process_time() - cpu, 2),
               "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    with job.file.open("rb") as stored:
        pages = len(pypdf.PdfReader(stored).pages) if fmt == "pdf" else None
        size = job.file.size
    print(json.dumps({"format": fmt, "applicants": job.total, "state": job.state, "progress": f"{job.done}/{job.total}",
                      "pages": pages, "bytes": size, **seconds, "piece_forms": settings.DOCUMENT_PIECE_FORMS}))
    job.file.delete()
    job.delete()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, nargs="+", default=[100])
    parser.add_argument("--formats", nargs="+", default=["xlsx", "pdf"])
    parser.add_argument("--child", nargs=2, metavar=("PUBLICITY", "FORMAT"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        return child(int(arguments.child[0]), arguments.child[1])
    for size in arguments.applicants:
        # the publicity is committed for the child processes to read, and removed afterwards
        with transaction.atomic():
            publicity = publicity_of(size)
        try:
            for fmt in arguments.formats:
                result = subprocess.run([sys.executable, __file__, "--child", str(publicity.pk), fmt], capture_output=True, text=True, check=True)
                print(result.stdout.strip(), flush=True)
        finally:
            PublicityEntry.objects.filter(publicity=publicity).delete()
            publicity.delete()


if __name__ == "__main__":
    main()
