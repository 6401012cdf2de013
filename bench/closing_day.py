"""Closing-day load test: many applicants at once, each over HTTP against a running
``zhicheng serve`` — log in, start an application, fill every section, upload three
attachments, submit — then every submission is checked in the database.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/zc_bench
    .venv/bin/python bench/closing_day.py prepare --applicants 2000      # after bench/city.py
    SECRET_KEY=... .venv/bin/zhicheng serve --bind 127.0.0.1:8103 --workers 2 &
    .venv/bin/python bench/closing_day.py run --url http://127.0.0.1:8103 --applicants 2000 --threads 8 --server-pid $!

``prepare`` adds a committee whose window closes in three days and applicants who meet
its conditions and have no application yet (seeded).  ``run`` takes the next unused ones,
so it can be repeated until they run out.  Logins are timed separately (the password
hasher's cost is a security setting, measured, not traded away).  Requests go to
127.0.0.1 only; threads and applicants are bounded by the arguments.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import random
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfWriter  # noqa: E402

from bench_pages import Client, server_cpu  # noqa: E402
from zhicheng.accounts.models import Region, Role, Unit, User  # noqa: E402
from zhicheng.applications.models import Application, State  # noqa: E402
from zhicheng.catalog.models import Committee, ExpertMembership, Specialty  # noqa: E402
from zhicheng.catalog.standing import experts_in_term  # noqa: E402
from zhicheng.demo.synthetic import synthetic_id_number  # noqa: E402
from zhicheng.meetings.counting import minimum_panel  # noqa: E402
from zhicheng.profiles.models import ApplicantProfile, Education, InsuranceMonth, TitleRecord  # noqa: E402
from zhicheng.review.models import ReviewPlan  # noqa: E402

PASSWORD = "Bench#2026"
COMMITTEE = "昆明市工程系列中级职称评审委员会（截止日压力测试）"


def one_page_pdf() -> bytes:
    """A real one-page PDF (uploads are parsed, not only sniffed)."""
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(595, 842)
    writer.write(out)
    return out.getvalue()


PDF = one_page_pdf()


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


def form_post(client, path, fields, token):
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields})
    return client.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1{path}"})


def upload(client, path, kind, token):
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n',
             f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind}\r\n']
    body = "".join(parts).encode() + (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{kind}.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + PDF + f"\r\n--{boundary}--\r\n".encode())
    return client.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": f"http://127.0.0.1{path}"})


class Run:
    def __init__(self, url, plan, specialty):
        self.url, self.plan, self.specialty = url, plan, specialty
        self.lock = threading.Lock()
        self.errors: list[str] = []
        self.requests = 0
        self.login_seconds = 0.0
        self.submitted: list[int] = []

    def error(self, who, what, status):
        with self.lock:
            self.errors.append(f"{who}: {what} HTTP {status}")

    def applicant(self, user: User):
        client = Client(self.url)
        started = time.perf_counter()
        client.login(user.mobile)
        with self.lock:
            self.login_seconds += time.perf_counter() - started
        steps = 2
        status, content = client.request("GET", "/applications/new/")
        token = csrf(content)
        status, _ = form_post(client, "/applications/new/", {"plan": self.plan.pk, "specialty": self.specialty.pk,
                                                             "level": f"{self.plan.committee.series}.intermediate", "route": "review"}, token)
        steps += 2
        if status != 302:
            return self.error(user.mobile, "start", status)
        application = Application.objects.filter(applicant=user, plan=self.plan).values_list("pk", flat=True).first()
        base = f"/applications/{application}/"
        year = timezone.localdate().year
        sections = [("achievements/add/", {"kind": "project", "title": "东川区小江防洪堤加固工程", "achieved_on": f"{year - 1}-06-30",
                                            "role": "项目技术负责人", "description": "负责施工组织设计与质量控制"})]
        sections += [("assessments/add/", {"year": year - k, "result": "competent"}) for k in (1, 2, 3)]
        sections += [("continuing_education/add/", {"year": year - k, "hours": 90, "provider": "昆明市专业技术人员继续教育基地"}) for k in (1, 2, 3)]
        sections += [("commitment/", {"commitment_number": f"KM{year}{application:08d}"})]
        for path, fields in sections:
            status, content = client.request("GET", base + path)
            status, _ = form_post(client, base + path, fields, csrf(content))
            steps += 2
            if status != 302:
                return self.error(user.mobile, path, status)
        status, content = client.request("GET", base)
        steps += 1
        token = csrf(content)
        for kind in ("education_proof", "title_certificate", "commitment"):
            status, _ = upload(client, base + "attachments/", kind, token)
            steps += 1
            if status != 302:
                return self.error(user.mobile, f"upload {kind}", status)
        status, content = client.request("GET", base)
        version = content.decode().split('name="version" value="', 1)[1].split('"', 1)[0]
        status, _ = form_post(client, base + "submit/", {"version": version}, csrf(content))
        steps += 2
        if status != 302:
            return self.error(user.mobile, "submit", status)
        with self.lock:
            self.requests += steps
            self.submitted.append(application)


def each_in_threads(people, action, arguments) -> tuple[float, float]:
    """``action`` for every person, on ``arguments.threads`` threads; (wall seconds, the
    server's CPU seconds)."""
    lock, queue = threading.Lock(), list(people)

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                user = queue.pop()
            action(user)

    cpu, wall = server_cpu(arguments.server_pid), time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(arguments.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - wall, server_cpu(arguments.server_pid) - cpu


def run(arguments):
    committee = Committee.objects.get(name=COMMITTEE)
    plan = committee.plans.get()
    specialty = committee.specialties.order_by("pk").first()
    people = list(User.objects.filter(role=Role.APPLICANT, real_name__startswith="截止日", applications__isnull=True).order_by("pk")[:arguments.applicants])
    if len(people) < arguments.applicants:
        sys.exit(f"only {len(people)} prepared applicants left: run `closing_day.py prepare` first")
    state = Run(arguments.url, plan, specialty)

    def one(user):
        try:
            state.applicant(user)
        except Exception as error:  # a broken connection or page is an error of the run, counted
            state.error(user.mobile, type(error).__name__, str(error)[:80])

    wall, cpu = each_in_threads(people, one, arguments)
    # afterwards: every submission is there, submitted, with its sections, files and frozen profile
    intact = Application.objects.filter(pk__in=state.submitted, state=State.SUBMITTED, snapshot__isnull=False, precheck__isnull=False,
                                        commitment__isnull=False).filter(attachments__kind="commitment").distinct().count()
    sections_ok = bool(state.submitted) and all(
        a.achievements.count() == 1 and a.assessments.count() == 3 and a.continuing_education.count() == 3 and a.attachments.count() == 3
        for a in Application.objects.filter(pk__in=state.submitted).prefetch_related("achievements", "assessments", "continuing_education", "attachments"))
    print(json.dumps({
        "applicants": len(people), "threads": arguments.threads, "submitted": len(state.submitted), "intact": intact,
        "submitted_but_not_intact": len(state.submitted) - intact,
        "sections_and_files_complete": sections_ok, "errors": len(state.errors), "first_errors": state.errors[:5],
        "wall_seconds": round(wall, 1), "submissions_per_second": round(len(state.submitted) / wall, 2),
        "requests": state.requests, "requests_per_second": round(state.requests / wall, 1),
        "server_cpu_seconds": round(cpu, 1) if arguments.server_pid else None,
        "login_seconds_per_login_wall": round(state.login_seconds / len(people), 3),
    }, ensure_ascii=False, indent=1))


def logins(arguments):
    """Logins per CPU-second of the server, alone: the password hasher's cost."""
    people = list(User.objects.filter(role=Role.APPLICANT, real_name__startswith="截止日").order_by("pk")[:arguments.applicants])
    wall, cpu = each_in_threads(people, lambda user: Client(arguments.url).login(user.mobile), arguments)
    print(json.dumps({"logins": len(people), "wall_seconds": round(wall, 1), "logins_per_second": round(len(people) / wall, 1),
                      "server_cpu_seconds": round(cpu, 1), "logins_per_cpu_second": round(len(people) / cpu, 1) if cpu else None}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("prepare")
    p.add_argument("--applicants", type=int, default=2000)
    p.add_argument("--seed", type=int, default=2026)
    for name in ("run", "logins"):
        r = commands.add_parser(name)
        r.add_argument("--url", default="http://127.0.0.1:8103")
        r.add_argument("--applicants", type=int, default=200)
        r.add_argument("--threads", type=int, default=8)
        r.add_argument("--server-pid", type=int)
    arguments = parser.parse_args()
    if arguments.command == "prepare":
        prepare(arguments.applicants, arguments.seed)
    elif arguments.command == "run":
        run(arguments)
    else:
        logins(arguments)


if __name__ == "__main__":
    main()
