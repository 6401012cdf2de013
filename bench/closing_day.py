"""Closing-day load test: many applicants at once, each over HTTP against a running
``zhicheng serve`` — from a signed-in session, start an application, fill every section,
upload three attachments, submit — then every submission is read back and checked.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/zc_bench
    .venv/bin/python bench/closing_day.py prepare --applicants 2000      # after bench/city.py
    SECRET_KEY=... .venv/bin/zhicheng serve --bind 127.0.0.1:8103 &
    .venv/bin/python bench/closing_day.py run --url http://127.0.0.1:8103 --applicants 2000 --threads 8 --server-pid $!
    .venv/bin/python bench/closing_day.py run ... --applicants 10000 --logins-measured 300

``prepare`` adds a committee whose window closes in three days and applicants who meet
its conditions and have no application yet (seeded).  ``run`` takes the next unused ones,
so it can be repeated until they run out.  It first signs every applicant in, timed on its
own (the password hasher's cost is a security setting, measured, not traded away); with
``--logins-measured N`` only the first N sign in over HTTP, timed as before, and the others'
signed-in sessions are made here as the login view makes them (Django's ``login`` on the
project's session engine, with the backend that checks passwords, and what signing in
records), so that a run of 10,000 does not spend most of an hour on the password hasher
first.  Then it times the closing day from those sessions: wall time beside the CPU time
of the server, of the database's backends and of this load generator, and the
transactions committed and WAL written and flushed a submission; errors are counted by
step and answer.  Afterwards every submission is checked against what was sent: state, frozen
profile and precheck, each section, each file's bytes and the trail.  Requests go to
127.0.0.1 only; threads and applicants are bounded by the arguments.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import http.client
import io
import itertools
import json
import os
import random
import sys
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import login as sign_in  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.http import HttpRequest  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfWriter  # noqa: E402

from bench_pages import Client, server_cpu  # noqa: E402
from zhicheng.accounts.models import Region, Role, Unit, User  # noqa: E402
from zhicheng.accounts.sessions import SessionStore  # noqa: E402
from zhicheng.applications.models import Application, State  # noqa: E402
from zhicheng.audit.models import Event  # noqa: E402
from zhicheng.catalog.models import Committee, ExpertMembership, Specialty  # noqa: E402
from zhicheng.catalog.standing import experts_in_term  # noqa: E402
from zhicheng.demo.synthetic import synthetic_id_number  # noqa: E402
from zhicheng.meetings.counting import minimum_panel  # noqa: E402
from zhicheng.profiles.models import ApplicantProfile, Education, InsuranceMonth, TitleRecord  # noqa: E402
from zhicheng.review.models import ReviewPlan  # noqa: E402

PASSWORD = "Bench#2026"
PASSWORD_BACKEND = "zhicheng.accounts.backends.IdentityOrMobileBackend"  # the one of AUTHENTICATION_BACKENDS that checks passwords
COMMITTEE = "昆明市工程系列中级职称评审委员会（截止日压力测试）"


def one_page_pdf() -> bytes:
    """A real one-page PDF (uploads are parsed, not only sniffed)."""
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(595, 842)
    writer.write(out)
    return out.getvalue()


PDF = one_page_pdf()
PDF_SHA256 = hashlib.sha256(PDF).hexdigest()


def prepare(count: int, seed: int):
    """The committee with its window open today, and ``count`` eligible applicants."""
    rng = random.Random(seed)
    today = timezone.localdate()
    city = Region.objects.get(code="530100")
    committee = Committee.objects.filter(name=COMMITTEE).first()
    if committee is None:
        organiser = Unit.objects.filter(region=city, is_hr_bureau=True).first()
        committee = Committee.objects.create(
            name=COMMITTEE, organiser=organiser, series="engineering", grade="intermediate", region_level="city", region=city,
            filed_on=datetime.date(today.year - 2, 3, 1), filing_valid_until=datetime.date(today.year + 3, 2, 28))
        committee.specialties.set(Specialty.objects.filter(series="engineering"))
        ReviewPlan.objects.create(
            committee=committee, year=today.year, notice_filed_on=today - datetime.timedelta(days=75),
            notice_published_on=today - datetime.timedelta(days=70), applications_open_on=today - datetime.timedelta(days=30),
            receiving_from=today - datetime.timedelta(days=20), receiving_until=today + datetime.timedelta(days=3),
            meeting_on=today + datetime.timedelta(days=60))
    # a committee receives material only with enough experts in term (C3): the pool of the
    # city's committee of the same series
    minimum = minimum_panel(committee, today).value
    if experts_in_term(committee, today) < minimum:
        pool = {m.expert_id: m for m in ExpertMembership.objects.filter(
            committee__series=committee.series, term_from__lte=today, term_until__gte=today).exclude(committee=committee)}
        ExpertMembership.objects.bulk_create([
            ExpertMembership(committee=committee, expert_id=m.expert_id, specialty_id=m.specialty_id, title=m.title,
                             term_from=m.term_from, term_until=m.term_until) for m in list(pool.values())[:minimum]],
            ignore_conflicts=True)
    units = list(Unit.objects.filter(is_hr_bureau=False, region__level__in=["district", "township"]).order_by("pk")[:200])
    start = User.objects.count() + 1_000_000
    password = make_password(PASSWORD)
    users = User.objects.bulk_create([
        User(real_name=f"截止日{start + i}", mobile=f"16{start + i:09d}", role=Role.APPLICANT, password=password,
             id_number=synthetic_id_number("530113", datetime.date(1985, 1, 1) + datetime.timedelta(days=(start + i) // 800), 100 + (start + i) % 800))
        for i in range(count)], batch_size=2000)
    chosen = [rng.choice(units) for _ in users]
    profiles = ApplicantProfile.objects.bulk_create(
        [ApplicantProfile(user=u, contract_unit=unit, applied_before=True) for u, unit in zip(users, chosen)], batch_size=2000)
    Education.objects.bulk_create([
        Education(profile=p, degree="bachelor", school="昆明理工大学", major="土木工程", engineering=True, graduated_on=datetime.date(2010, 7, 1),
                  proof_kind="chsi", verification_code=f"A{p.pk}", verification_expires_on=today + datetime.timedelta(days=180))
        for p in profiles], batch_size=2000)
    TitleRecord.objects.bulk_create([
        TitleRecord(profile=p, series="engineering", level="assistant", obtained_on=datetime.date(2014, 12, 30), method="review",
                    issued_by="东川区工程系列初级职称评审委员会") for p in profiles], batch_size=2000)
    months = []
    for p, unit in zip(profiles, chosen):
        for back in range(1, 25):
            year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
            months.append(InsuranceMonth(profile=p, month=datetime.date(year, month + 1, 1), city="昆明市",
                                         insuring_unit_code=unit.credit_code, insuring_unit_name=unit.name))
    InsuranceMonth.objects.bulk_create(months, batch_size=5000)
    print(json.dumps({"committee": committee.name, "applicants": len(users)}, ensure_ascii=False))


def csrf(content: bytes) -> str:
    return content.decode().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]


class Run:
    """The applicants' sessions, what each step answered and what was sent."""

    def __init__(self, url, plan, specialty):
        self.url, self.plan, self.specialty = url, plan, specialty
        self.lock = threading.Lock()
        self.clients: dict[int, Client] = {}
        self.errors: Counter = Counter()
        self.examples: list[str] = []
        self.requests = 0
        self.submitted: list[int] = []

    def error(self, who, step, what):
        with self.lock:
            self.errors[f"{step}: {what}"] += 1
            if len(self.examples) < 5:
                self.examples.append(f"{who} {step}: {what}")

    def login(self, user: User):
        client = Client(self.url)
        try:
            client.login(user.mobile)
        except (SystemExit, OSError, http.client.HTTPException, IndexError) as error:
            return self.error(user.mobile, "login", str(error)[:80])
        with self.lock:
            self.clients[user.pk] = client

    def signed_in_session(self, user: User):
        """The session the login view would make for ``user``, made here: Django's
        ``login`` on the project's session engine, with the backend that checks passwords
        (its signals record the login and the time it began), saved as the session
        middleware saves it."""
        request = HttpRequest()
        request.META = {"REMOTE_ADDR": "127.0.0.1", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80"}
        request.session = SessionStore()
        sign_in(request, user, backend=PASSWORD_BACKEND)
        request.session.save()
        with self.lock:
            self.clients[user.pk] = Client(self.url, f"{settings.SESSION_COOKIE_NAME}={request.session.session_key}")

    def step(self, user, client, step, method, path, body=None, headers=None, expect=200):
        status, content = client.request(method, path, body, headers)
        with self.lock:
            self.requests += 1
        if status != expect:
            self.error(user.mobile, step, f"HTTP {status}")
            return None
        return content

    def applicant(self, user: User):
        """The whole path from a signed-in session: 24 requests."""
        client = self.clients.get(user.pk)
        if client is None:
            return  # the login failed: counted there
        page = self.step(user, client, "start", "GET", "/applications/new/")
        if page is None or self.step(user, client, "start", *form_post("/applications/new/", self.start_fields(), csrf(page)), expect=302) is None:
            return
        application = Application.objects.filter(applicant=user, plan=self.plan).values_list("pk", flat=True).first()
        base = f"/applications/{application}/"
        for path, fields in sections(application):
            page = self.step(user, client, path, "GET", base + path)
            if page is None or self.step(user, client, path, *form_post(base + path, fields, csrf(page)), expect=302) is None:
                return
        page = self.step(user, client, "application page", "GET", base)
        if page is None:
            return
        for kind in ATTACHMENTS:
            if self.step(user, client, f"upload {kind}", *upload(base + "attachments/", kind, csrf(page)), expect=302) is None:
                return
        page = self.step(user, client, "application page", "GET", base)
        if page is None:
            return
        version = page.decode().split('name="version" value="', 1)[1].split('"', 1)[0]
        if self.step(user, client, "submit", *form_post(base + "submit/", {"version": version}, csrf(page)), expect=302) is None:
            return
        with self.lock:
            self.submitted.append(application)

    def start_fields(self):
        return {"plan": self.plan.pk, "specialty": self.specialty.pk, "level": f"{self.plan.committee.series}.intermediate",
                "route": "review"}


ATTACHMENTS = ("education_proof", "title_certificate", "commitment")
YEAR = timezone.localdate().year
ACHIEVEMENT = {"kind": "project", "title": "东川区小江防洪堤加固工程", "achieved_on": f"{YEAR - 1}-06-30",
               "role": "项目技术负责人", "description": "负责施工组织设计与质量控制"}
PROVIDER = "昆明市专业技术人员继续教育基地"


def commitment_number(application: int) -> str:
    return f"KM{YEAR}{application:08d}"


def sections(application: int) -> list[tuple[str, dict]]:
    """Every section's form, as the applicant fills it in."""
    return ([("achievements/add/", ACHIEVEMENT)]
            + [("assessments/add/", {"year": YEAR - k, "result": "competent"}) for k in (1, 2, 3)]
            + [("continuing_education/add/", {"year": YEAR - k, "hours": 90, "provider": PROVIDER}) for k in (1, 2, 3)]
            + [("commitment/", {"commitment_number": commitment_number(application)})])


def form_post(path, fields, token):
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields})
    return "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1{path}"}


def upload(path, kind, token):
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n',
             f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind}\r\n']
    body = "".join(parts).encode() + (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{kind}.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + PDF + f"\r\n--{boundary}--\r\n".encode())
    return "POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": f"http://127.0.0.1{path}"}


def problems_of(application: Application, trail: Counter) -> list[str]:
    """What is not as the applicant sent it: state, frozen profile and precheck, every
    section's content, each file's bytes against its recorded and its sent SHA-256, and the
    application's events in the trail."""
    found = []
    if application.state != State.SUBMITTED or application.submitted_at is None:
        found.append("not submitted")
    if not application.snapshot or not application.snapshot.get("sections"):
        found.append("no frozen profile")
    if not application.precheck or any(check["status"] == "fail" for check in application.precheck.get("checks", [])):
        found.append("no passing precheck")
    commitment = getattr(application, "commitment", None)
    if commitment is None or commitment.commitment_number != commitment_number(application.pk):
        found.append("commitment")
    if [(a.kind, a.title, a.achieved_on.isoformat(), a.role) for a in application.achievements.all()] != [
            (ACHIEVEMENT["kind"], ACHIEVEMENT["title"], ACHIEVEMENT["achieved_on"], ACHIEVEMENT["role"])]:
        found.append("achievements")
    if sorted((a.year, a.result) for a in application.assessments.all()) != [(YEAR - k, "competent") for k in (3, 2, 1)]:
        found.append("assessments")
    if sorted((c.year, c.hours, c.provider) for c in application.continuing_education.all()) != [(YEAR - k, 90, PROVIDER) for k in (3, 2, 1)]:
        found.append("continuing education")
    files = list(application.attachments.all())
    if sorted(f.kind for f in files) != sorted(ATTACHMENTS):
        found.append("attachments")
    for copy in files:
        with copy.file.open("rb") as stream:
            stored = hashlib.sha256(stream.read()).hexdigest()
        if not (stored == copy.sha256 == PDF_SHA256):
            found.append(f"file {copy.kind}")
    expected = {"application.start": 1, "application.edit": 7, "application.commitment": 1, "application.submit": 1}
    if any(trail[(application.pk, action)] != count for action, count in expected.items()):
        found.append("trail")
    return found


def verify(submitted: list[int]) -> tuple[int, Counter]:
    """Every submission read back from the database and the storage, a batch at a time:
    (how many are intact, the problems found by kind)."""
    intact, problems = 0, Counter()
    for first in range(0, len(submitted), 500):
        batch = submitted[first:first + 500]
        trail = Counter({(int(subject), action): n for subject, action, n in (
            Event.objects.filter(subject_type="applications.application", subject_id__in=[str(pk) for pk in batch])
            .values("subject_id", "action").annotate(n=Count("id")).values_list("subject_id", "action", "n"))})
        uploads = Counter(Event.objects.filter(action="file.upload", details__application__in=batch)
                          .values_list("details__application", flat=True))
        for application in (Application.objects.filter(pk__in=batch).select_related("commitment")
                            .prefetch_related("achievements", "assessments", "continuing_education", "attachments")):
            found = problems_of(application, trail)
            if uploads[application.pk] != len(ATTACHMENTS):
                found.append("upload events")
            problems.update(found)
            intact += not found
    return intact, problems


def each_in_threads(people, action, threads) -> None:
    """``action`` for every person, on ``threads`` threads."""
    lock, queue = threading.Lock(), list(people)

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                user = queue.pop()
            action(user)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()


def database_cpu() -> dict[int, float]:
    """CPU seconds used so far by each PostgreSQL backend serving this database (a local
    server: its processes name their database in their title)."""
    name = connection.settings_dict["NAME"]
    tick, used = os.sysconf("SC_CLK_TCK"), {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().decode(errors="replace")
            if not title.startswith("postgres:") or f" {name} " not in title:
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    return used


def database_counters() -> dict[str, int]:
    """Transactions committed in this database, and the WAL written and flushed to disk
    by the whole server (other databases' work included)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT xact_commit, wal_records, wal_bytes, wal_sync FROM pg_stat_database, pg_stat_wal WHERE datname = %s",
                       [connection.settings_dict["NAME"]])
        return dict(zip(("commits", "wal_records", "wal_bytes", "wal_flushes"), map(int, cursor.fetchone())))


class Meter:
    """Wall time beside the CPU time of the server, the database and this load generator;
    what the database's busy backends were doing, sampled twice a second (waiting for a
    lock shows here as "Lock:…"); the commits and the WAL written and flushed meanwhile.
    The backends' CPU is read every few seconds too, and each one's last reading kept: the
    server's connections are closed after a minute and others opened, and a backend that
    has ended is no longer there to be read at the end."""

    CPU_EVERY = 10  # samples between readings of the backends' CPU

    def __init__(self, server_pid):
        self.server_pid = server_pid
        self.waits: Counter = Counter()
        self.done = threading.Event()
        self.backends: dict[int, float] = {}  # a backend's CPU at its last reading

    def sample(self):
        name = connection.settings_dict["NAME"]
        try:
            for count in itertools.count():  # every half second until done
                if self.done.wait(0.5):
                    break
                if count % self.CPU_EVERY == 0:
                    self.backends.update(database_cpu())
                with connection.cursor() as cursor:
                    cursor.execute("SELECT wait_event_type, wait_event, left(query, 40) FROM pg_stat_activity WHERE datname = %s"
                                   " AND state = 'active' AND pid <> pg_backend_pid()", [name])
                    for kind, event, query in cursor.fetchall():
                        # a lock wait names the statement that waits
                        self.waits[f"{kind}:{event}" + (f" ({query.strip()})" if kind == "Lock" else "") if kind else "running"] += 1
        finally:
            connection.close()

    def __enter__(self):
        self.sampler = threading.Thread(target=self.sample)
        self.sampler.start()
        self.counters = database_counters()
        self.start = (time.perf_counter(), server_cpu(self.server_pid), database_cpu(), time.process_time(), os.getloadavg()[0])
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.sampler.join()
        wall, server, database, own, load = self.start
        self.wall = time.perf_counter() - wall
        self.server = server_cpu(self.server_pid) - server
        # the backends alive at the end, and those that ended meanwhile as last read (their last
        # few seconds are not counted)
        self.backends.update(database_cpu())
        self.database = sum(cpu - database.get(pid, 0.0) for pid, cpu in self.backends.items())
        self.own = time.process_time() - own
        self.load = (round(load, 1), round(os.getloadavg()[0], 1))
        time.sleep(1)  # the backends report their counts within a second of going idle
        self.counters = {name: count - self.counters[name] for name, count in database_counters().items()}

    def figures(self, count: int, what: str, each: str) -> dict:
        return {
            "wall_seconds": round(self.wall, 1), f"{what}_per_second": round(count / self.wall, 2),
            "server_cpu_seconds": round(self.server, 1), "database_cpu_seconds": round(self.database, 1),
            "load_generator_cpu_seconds": round(self.own, 1),
            f"cpu_seconds_per_{each}": {"server": round(self.server / count, 3), "database": round(self.database / count, 3),
                                        "load_generator": round(self.own / count, 3)} if count else None,
            f"{what}_per_server_cpu_second": round(count / self.server, 2) if self.server else None,
            "load_average_at_start_and_end": self.load,
            "server_share_of_the_machine": round(self.server / self.wall / os.cpu_count(), 2),
            "database_backends_sampled": dict(self.waits.most_common(8)),
            f"database_per_{each}": {name: round(n / count, 1) for name, n in self.counters.items()} if count else None,
            "database_counts": self.counters,
        }


def run(arguments):
    committee = Committee.objects.get(name=COMMITTEE)
    plan = committee.plans.get()
    specialty = committee.specialties.order_by("pk").first()
    people = list(User.objects.filter(role=Role.APPLICANT, real_name__startswith="截止日", applications__isnull=True).order_by("pk")[:arguments.applicants])
    if len(people) < arguments.applicants:
        sys.exit(f"only {len(people)} prepared applicants left: run `closing_day.py prepare` first")
    state = Run(arguments.url, plan, specialty)

    def guarded(action):
        def one(user):
            try:
                action(user)
            except Exception as error:  # a broken connection or page is an error of the run, counted
                state.error(user.mobile, "exception", type(error).__name__)
        return one

    # first every applicant signs in (the password hasher's cost, measured on its own), or
    # those measured, the others' sessions made as the login view makes them ...
    measured = people if arguments.logins_measured is None else people[:arguments.logins_measured]
    with Meter(arguments.server_pid) as logins:
        each_in_threads(measured, guarded(state.login), arguments.threads)
    signed_in = len(state.clients)
    made = time.perf_counter()
    for user in people[len(measured):]:
        state.signed_in_session(user)
    made = time.perf_counter() - made
    # ... then the closing day itself, from the signed-in sessions
    with Meter(arguments.server_pid) as closing:
        each_in_threads(people, guarded(state.applicant), arguments.threads)
    intact, problems = verify(state.submitted)
    unchained = Event.objects.filter(seq__isnull=True).count()
    print(json.dumps({
        "applicants": len(people), "threads": arguments.threads,
        "logins": {"signed_in": signed_in, **logins.figures(signed_in, "logins", "login")},
        "sessions_made_directly": {"sessions": len(people) - len(measured), "wall_seconds": round(made, 1)},
        "closing_day": {
            "submitted": len(state.submitted),
            "errors": sum(state.errors.values()), "errors_by_kind": dict(state.errors), "first_errors": state.examples,
            "requests": state.requests, "requests_per_second": round(state.requests / closing.wall, 1),
            **closing.figures(len(state.submitted), "submissions", "submission"),
        },
        "verified": {"submissions": len(state.submitted), "intact": intact, "problems_by_kind": dict(problems),
                     "trail_events_unchained": unchained},
    }, ensure_ascii=False, indent=1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("prepare")
    p.add_argument("--applicants", type=int, default=2000)
    p.add_argument("--seed", type=int, default=2026)
    r = commands.add_parser("run")
    r.add_argument("--url", default="http://127.0.0.1:8103")
    r.add_argument("--applicants", type=int, default=200)
    r.add_argument("--threads", type=int, default=8)
    r.add_argument("--server-pid", type=int)
    r.add_argument("--logins-measured", type=int, help="sign in only this many over HTTP; make the others' sessions directly")
    arguments = parser.parse_args()
    if arguments.command == "prepare":
        prepare(arguments.applicants, arguments.seed)
    else:
        run(arguments)


if __name__ == "__main__":
    main()
