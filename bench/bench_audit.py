"""The audit trail and closing-day steps under load (issue 11 item 2, issue 12 item 1).

    DATABASE_URL=postgres://…/zc_bench .venv/bin/python bench/bench_audit.py load --workers 8 --submissions 200
    DATABASE_URL=postgres://…/zc_bench .venv/bin/python bench/bench_audit.py verify --events 100000

`load`: worker processes (each its own connection) run the applicant's whole path through
the services at once (start, commitment, upload, submit) for applicants of one committee,
while unit officers write section opinions on the submitted ones; reports submissions a
second, CPU seconds, and every error by kind.  `verify`: appends N events unchained,
chains them, then times `zhicheng audit verify` on the chain alone and against signed
checkpoints (written to a new temporary folder).  Both migrate the database first and
leave their data in it: use a scratch database.
"""

import argparse
import collections
import datetime
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import time_machine  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

CLOSING_DAY = datetime.datetime(2022, 8, 1, 10, 0)  # inside the test plan's window


def _in_the_window():
    """Each worker lives on the closing day of the benchmark's plan (time moves on)."""
    connections.close_all()
    time_machine.travel(CLOSING_DAY, tick=True).start()


def _applicant_path(applicant_id: int, plan_id: int, specialty_id: int) -> tuple[str, float]:
    from tests.applications import flow
    from zhicheng.accounts.models import User
    from zhicheng.applications import services
    from zhicheng.catalog.models import Specialty
    from zhicheng.review.models import ReviewPlan

    started = time.process_time()
    try:
        applicant = User.objects.get(pk=applicant_id)
        application = flow.start(applicant, ReviewPlan.objects.get(pk=plan_id), Specialty.objects.get(pk=specialty_id), CLOSING_DAY.date())
        flow.submit(application, CLOSING_DAY.date())
        return "ok", time.process_time() - started
    except services.WorkflowError as refusal:
        return f"refused: {refusal}", time.process_time() - started
    except Exception as error:  # the figure this benchmark exists for
        return f"error: {type(error).__name__}: {str(error).splitlines()[0][:120]}", time.process_time() - started


def _officer_pass(officer_id: int, application_ids: list[int]) -> tuple[str, float]:
    from zhicheng.accounts.models import User
    from zhicheng.applications import services

    started = time.process_time()
    officer = User.objects.get(pk=officer_id)
    try:
        for application_id in application_ids:
            services.employer_section_opinion(application_id=application_id, actor=officer, section="basic", passed=True, text="无误")
        return "ok", time.process_time() - started
    except services.WorkflowError as refusal:
        return f"refused: {refusal}", time.process_time() - started
    except Exception as error:
        return f"error: {type(error).__name__}: {str(error).splitlines()[0][:120]}", time.process_time() - started


def load(workers: int, submissions: int) -> None:
    from django.test import override_settings

    from tests.factories import UnitFactory, UserFactory, engineering_committee, ready_engineer, review_plan
    from zhicheng.accounts.models import Role
    from zhicheng.applications.models import Application, State
    from zhicheng.audit.models import Event
    from zhicheng.catalog.models import Specialty

    # the people are set up with a cheap password hash: nobody logs in here
    with time_machine.travel(CLOSING_DAY, tick=True), override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        units = [UnitFactory() for _ in range(4)]
        officers = [UserFactory(role=Role.EMPLOYER, unit=unit) for unit in units]
        plan = review_plan(engineering_committee("city"))
        specialty = Specialty.objects.create(series="engineering", name=f"建筑工程{plan.pk}")
        applicants = [ready_engineer(units[n % len(units)]) for n in range(submissions)]
    events_before = Event.objects.count()
    connections.close_all()

    outcomes, cpu = collections.Counter(), 0.0
    wall = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, initializer=_in_the_window) as pool:
        futures = [pool.submit(_applicant_path, a.pk, plan.pk, specialty.pk) for a in applicants]
        # the officers review while the submissions go on: the same rows, other steps
        for _ in range(3):
            time.sleep(0.5)
            for officer in officers:
                own = Application.objects.filter(plan=plan, state=State.SUBMITTED, employer=officer.unit).values_list("pk", flat=True)
                futures.append(pool.submit(_officer_pass, officer.pk, list(own)))
        for future in as_completed(futures):
            outcome, seconds = future.result()
            outcomes[outcome] += 1
            cpu += seconds
    wall = time.perf_counter() - wall

    done = Application.objects.filter(plan=plan, state__in=[State.SUBMITTED, State.EMPLOYER_APPROVED]).count()
    errors = sum(count for outcome, count in outcomes.items() if outcome.startswith("error"))
    # (run against the code before the trail was chained after commit, every event is chained at once)
    unchained = Event.objects.filter(seq__isnull=True).count() if Event._meta.pk.name == "id" else 0
    print(f"load: {workers} workers, {submissions} applicants of one committee, officers reviewing meanwhile")
    print(f"  submissions done: {done}/{submissions} in {wall:.1f} s wall = {done / wall:.2f} per second; "
          f"worker CPU {cpu:.1f} s = {done / cpu if cpu else 0:.2f} per CPU-second")
    print(f"  errors: {errors}; events added: {Event.objects.count() - events_before}; left unchained: {unchained}")
    for outcome, count in outcomes.most_common():
        if outcome != "ok":
            print(f"    {count} × {outcome}")


def verify(events: int) -> None:
    from django.test import override_settings

    from zhicheng.accounts.models import Unit
    from zhicheng.audit.anchor import write_checkpoint
    from zhicheng.audit.models import Event
    from zhicheng.audit.trail import chain_pending
    from zhicheng.audit.verify import verify_chain

    def timed(label, run, count):
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"  {label}: {count} events, {wall:.2f} s wall, {cpu:.2f} s CPU"
              f" = {wall * 100_000 / count:.2f} s wall, {cpu * 100_000 / count:.2f} s CPU per 100,000 events")
        return result

    subject = Unit.objects.first()
    if subject is None:
        raise SystemExit("verify: load the demo (zhicheng load-demo) or run `load` first, for a subject to record about")
    Event.objects.bulk_create(
        [Event(action="bench.event", subject_type="accounts.unit", subject_id=str(subject.pk), opinion=f"第{n}条", details={"n": n})
         for n in range(events)], batch_size=5000,
    )
    total = Event.objects.count()
    print(f"verify: {events} events appended, {total} in the trail")
    timed("chaining", chain_pending, events)
    with override_settings(AUDIT_ANCHOR_KEY=""):
        result = timed("verify, chain only", verify_chain, total)
    print(f"    {result.ok=} {result.checked=}")
    with override_settings(AUDIT_ANCHOR_KEY="bench-key", AUDIT_CHECKPOINT_DIR=tempfile.mkdtemp(prefix="audit-checkpoints-")):
        timed("checkpoint (verifies what it signs)", write_checkpoint, total)
        result = timed("verify, against the checkpoints", verify_chain, total)
    print(f"    {result.ok=} {result.checked=} {result.anchored=}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    load_args = sub.add_parser("load")
    load_args.add_argument("--workers", type=int, default=8)
    load_args.add_argument("--submissions", type=int, default=200)
    verify_args = sub.add_parser("verify")
    verify_args.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if args.what == "load":
        load(args.workers, args.submissions)
    else:
        verify(args.events)


if __name__ == "__main__":
    main()
