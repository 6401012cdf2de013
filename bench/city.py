"""A seeded generator of a realistic city for the benchmarks: every district of Kunming with
its townships, units and bureaus, committees with offices and experts, and applicants with
profiles, insurance, applications at every step, opinions, publicities, meetings, results,
certificates, messages and trail.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zc_bench .venv/bin/python bench/city.py --applications 100000

It expects a migrated database without other data (``zhicheng migrate`` first; ``--reset``
empties a bench database before generating).  The same seed gives the same city.  Rows go
in with bulk inserts, a few thousand applications at a time, so memory stays flat.  Every
generated account has the password ``Bench#2026`` (one hash, computed once).

Not a test and not demo data: a database for measuring.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from zhicheng.accounts.models import Region, RegionLevel, Role, Unit, UnitKind, User  # noqa: E402
from zhicheng.applications.models import (  # noqa: E402
    AnnualAssessment, Application, ContinuingEducation, CreditCommitment, Notification, Opinion, PublicityEntry, Route,
    State, UnitPublicity,
)
from zhicheng.audit.models import Event  # noqa: E402
from zhicheng.audit.trail import chain_pending  # noqa: E402
from zhicheng.catalog.models import Committee, ExpertMembership, Specialty, title_name  # noqa: E402
from zhicheng.certificates.models import Certificate, ResultEntry, ResultPublicity  # noqa: E402
from zhicheng.demo.synthetic import synthetic_credit_code, synthetic_id_number  # noqa: E402
from zhicheng.meetings.models import Meeting, PanelMember, Tally  # noqa: E402
from zhicheng.profiles.models import ApplicantProfile, Education, InsuranceMonth, TitleRecord, WorkRecord  # noqa: E402
from zhicheng.review.models import NoticeFiling, ReviewPlan  # noqa: E402

PASSWORD = "Bench#2026"
YEAR = 2026
BATCH = 2_000

# 昆明市's county-level divisions (code, name); each gets townships, units, a bureau
DISTRICTS = [
    ("530102", "五华区"), ("530103", "盘龙区"), ("530111", "官渡区"), ("530112", "西山区"), ("530113", "东川区"),
    ("530114", "呈贡区"), ("530115", "晋宁区"), ("530124", "富民县"), ("530125", "宜良县"), ("530126", "石林彝族自治县"),
    ("530127", "嵩明县"), ("530128", "禄劝彝族苗族自治县"), ("530129", "寻甸回族彝族自治县"), ("530181", "安宁市"),
]
TOWNSHIPS_PER_DISTRICT = 10
SPECIALTIES = {
    "engineering": ["建筑工程", "水利工程", "道路与桥梁", "机械工程", "电气工程", "采矿工程", "环境工程", "计算机应用"],
    "school_teacher": ["语文", "数学", "英语", "物理", "化学", "体育", "音乐", "美术"],
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文华建国红梅志强海燕晓东俊杰子涵雨欣浩然思远"

# where the year's applications are on 2026-12-01 (shares of 1,000)
STATE_SHARES = [
    (State.DRAFT, 90), (State.SUBMITTED, 150), (State.RETURNED, 30), (State.EMPLOYER_APPROVED, 50),
    (State.PUBLICITY_DONE, 50), (State.COMMITTEE_REVIEW, 200), (State.CORRECTION_REQUESTED, 30), (State.QUALIFIED, 100),
    (State.REJECTED, 20), (State.ON_MEETING_LIST, 50), (State.PASSED, 80), (State.NOT_PASSED, 50),
    (State.RESULT_PUBLICITY, 20), (State.CONFIRMED, 80),
]
PAST_EMPLOYER = {s for s, _ in STATE_SHARES[4:]}     # through the unit's publicity
AT_COMMITTEE = {s for s, _ in STATE_SHARES[5:]}
QUALIFIED_ON = {State.QUALIFIED, State.ON_MEETING_LIST, State.PASSED, State.NOT_PASSED, State.RESULT_PUBLICITY, State.CONFIRMED}
VOTED = {State.PASSED, State.NOT_PASSED, State.RESULT_PUBLICITY, State.CONFIRMED}
RESULT_LISTED = {State.RESULT_PUBLICITY, State.CONFIRMED}


def bulk(model, rows, batch=BATCH):
    return model.objects.bulk_create(rows, batch_size=batch)


class City:
    def __init__(self, applications: int, seed: int):
        self.size = applications
        self.rng = random.Random(seed)
        self.password = make_password(PASSWORD)
        self.serial = 0
        self.now = timezone.now()
        self.events: list[Event] = []
        self.counts: dict[str, int] = {}

    # -- small helpers --------------------------------------------------------------------------

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))

    def user(self, role, unit=None, *, region_code="530113") -> User:
        n = self.next_serial()
        return User(
            real_name=self.name(), mobile=f"17{n:09d}", role=role, unit=unit, password=self.password,
            id_number=synthetic_id_number(region_code, datetime.date(1966, 1, 1) + datetime.timedelta(days=n // 800), 100 + n % 800)
            if role == Role.APPLICANT else None,
        )

    def event(self, action, subject_type, subject_id, actor: User | None, *, from_state="", to_state="", opinion=""):
        """One trail event as ``record_event`` writes it: unchained; ``chain`` numbers and
        hashes them all at the end with the trail's own chainer."""
        self.events.append(Event(
            occurred_at=self.now - datetime.timedelta(minutes=self.rng.randint(1, 60 * 24 * 120)), actor=actor,
            actor_name=actor.real_name if actor else "", actor_role=actor.role if actor else "",
            actor_unit="", action=action, subject_type=subject_type, subject_id=str(subject_id), from_state=from_state,
            to_state=to_state, opinion=opinion, details={},
        ))

    def flush_events(self):
        bulk(Event, self.events, 5_000)
        self.count("trail events", len(self.events))
        self.events = []

    def count(self, what, n):
        self.counts[what] = self.counts.get(what, 0) + n

    # -- the fixed frame: regions, units, bureaus, committees, plans ----------------------------

    def frame(self):
        province = Region.objects.create(code="530000", name="云南省", level=RegionLevel.PROVINCE)
        city = Region.objects.create(code="530100", name="昆明市", level=RegionLevel.CITY, parent=province)
        districts = [Region.objects.create(code=code, name=name, level=RegionLevel.DISTRICT, parent=city) for code, name in DISTRICTS]
        towns = bulk(Region, [
            Region(code=f"{d.code}{100 + i:03d}000", name=f"{d.name[:2]}第{i + 1}镇", level=RegionLevel.TOWNSHIP, parent=d)
            for d in districts for i in range(TOWNSHIPS_PER_DISTRICT)])
        self.bureaus = []
        for region in [city, *districts]:
            bureau_unit = Unit.objects.create(
                name=f"{region.full_name if region is city else '昆明市' + region.name}人力资源和社会保障局",
                credit_code=synthetic_credit_code("11", region.code, self.next_serial()), region=region,
                kind=UnitKind.GOVERNMENT, is_hr_bureau=True)
            self.bureaus.append(bulk(User, [self.user(Role.BUREAU, bureau_unit)])[0])
        # about 1,000 employers: hospitals, schools, enterprises in every district and township
        places = [*districts, *towns]
        kinds = [UnitKind.PUBLIC_INSTITUTION] * 5 + [UnitKind.PRIVATE_ENTERPRISE] * 3 + [UnitKind.STATE_ENTERPRISE, UnitKind.GOVERNMENT]
        self.units = bulk(Unit, [
            Unit(name=f"{place.name}{self.rng.choice(['建设', '水利', '交通', '农业', '教育', '卫生', '规划', '矿业'])}"
                      f"{self.rng.choice(['服务中心', '有限公司', '研究院', '管理站', '学校'])}{i + 1}号",
                 credit_code=synthetic_credit_code("12" if kind == UnitKind.PUBLIC_INSTITUTION else "91", place.code[:6], self.next_serial()),
                 region=place, kind=kind)
            for i in range(max(20, self.size // 100)) for place, kind in [(self.rng.choice(places), self.rng.choice(kinds))]])
        self.officers = {unit.pk: officer for unit, officer in zip(self.units, bulk(User, [self.user(Role.EMPLOYER, u) for u in self.units]))}
        # a Zipf-like spread: big employers have many applicants, most have a few
        self.unit_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.units))]

        self.specialties = {series: bulk(Specialty, [Specialty(series=series, name=name) for name in names])
                            for series, names in SPECIALTIES.items()}
        self.committees, self.offices, self.experts = [], {}, {}
        grades = [("junior", "district"), ("intermediate", "city"), ("senior", "province")]
        for series in SPECIALTIES:
            for grade, level in grades:
                for k in range(3 if level == "city" else 2):
                    organiser = self.rng.choice(self.units)
                    committee = Committee.objects.create(
                        name=f"{'昆明市' if level != 'district' else DISTRICTS[k][1]}{'工程' if series == 'engineering' else '中小学教师'}系列"
                             f"{ {'junior': '初级', 'intermediate': '中级', 'senior': '高级'}[grade]}职称评审委员会{'' if k == 0 else f'（第{k + 1}）'}",
                        organiser=organiser, series=series, grade=grade, region_level=level, region=city,
                        filed_on=datetime.date(2024, 3, 1), filing_valid_until=datetime.date(2029, 2, 28))
                    committee.specialties.set(self.specialties[series])
                    office = bulk(User, [self.user(Role.COMMITTEE, organiser)])[0]
                    committee.office_staff.add(office)
                    experts = bulk(User, [self.user(Role.EXPERT, self.rng.choice(self.units)) for _ in range(25)])
                    bulk(ExpertMembership, [
                        ExpertMembership(committee=committee, expert=e, specialty=self.rng.choice(self.specialties[series]),
                                         title="高级工程师", term_from=datetime.date(2024, 1, 1), term_until=datetime.date(2028, 12, 31))
                        for e in experts])
                    self.committees.append(committee)
                    self.offices[committee.pk], self.experts[committee.pk] = office, experts
        self.plans = {}
        for committee in self.committees:
            plan = ReviewPlan.objects.create(
                committee=committee, year=YEAR, notice_filed_on=datetime.date(YEAR, 5, 20), notice_published_on=datetime.date(YEAR, 6, 1),
                applications_open_on=datetime.date(YEAR, 7, 6), receiving_from=datetime.date(YEAR, 8, 17),
                receiving_until=datetime.date(YEAR, 9, 18), meeting_on=datetime.date(YEAR, 11, 24),
                result_publicity_from=datetime.date(YEAR, 11, 26), result_publicity_to=datetime.date(YEAR, 12, 3))
            NoticeFiling.objects.create(
                plan=plan, title=f"关于开展{YEAR}年度{committee.name}职称申报评审工作的通知", body="申报评审所需材料及工作要求见附件。",
                contacts="评委会办公室 0871-63000000", filed_on=datetime.date(YEAR, 5, 20), filed_by=self.offices[committee.pk],
                acknowledged_by=self.bureaus[0], acknowledged_on=datetime.date(YEAR, 5, 25), published_on=datetime.date(YEAR, 6, 1))
            meeting = Meeting.objects.create(plan=plan, held_on=plan.meeting_on, place="昆明市人才服务中心会议室",
                                             state=Meeting.State.CONFIRMED, created_by=self.offices[committee.pk])
            bulk(PanelMember, [PanelMember(meeting=meeting, expert=e, present=True) for e in self.experts[committee.pk][:15]])
            publicity = ResultPublicity.objects.create(plan=plan, starts_on=plan.result_publicity_from, ends_on=plan.result_publicity_to,
                                                       place="昆明市人力资源和社会保障局网站", created_by=self.offices[committee.pk])
            self.plans[committee.pk] = (plan, meeting, publicity)
        self.count("units", len(self.units) + len(self.bureaus))
        self.count("committees", len(self.committees))

    # -- the applicants, a batch at a time ------------------------------------------------------

    def states(self, n):
        states, weights = zip(*STATE_SHARES)
        return self.rng.choices(states, weights=weights, k=n)

    def batch(self, n):
        units = self.rng.choices(self.units, weights=self.unit_weights, k=n)
        users = bulk(User, [self.user(Role.APPLICANT, region_code=u.region.code[:6]) for u in units])
        profiles = bulk(ApplicantProfile, [ApplicantProfile(user=user, contract_unit=unit, applied_before=self.rng.random() < 0.4)
                                           for user, unit in zip(users, units)])
        records, titles, work, insurance = [], [], [], []
        for profile, unit in zip(profiles, units):
            graduated = datetime.date(self.rng.randint(1990, 2018), 7, 1)
            records.append(Education(profile=profile, degree=self.rng.choice(["bachelor", "bachelor", "master", "college"]),
                                     school="昆明理工大学", major="土木工程", engineering=True, graduated_on=graduated, proof_kind="chsi"))
            titles.append(TitleRecord(profile=profile, series="engineering", level="assistant",
                                      obtained_on=graduated + datetime.timedelta(days=365 * 3), method="review", issued_by="昆明市工程系列初级职称评审委员会"))
            work.append(WorkRecord(profile=profile, unit_name=unit.name, position="技术员", started_on=graduated + datetime.timedelta(days=60)))
            first = self.rng.randint(6, 30)
            for back in range(first):
                year, month = divmod(YEAR * 12 + 10 - back, 12)  # back from 2026年11月
                insurance.append(InsuranceMonth(profile=profile, month=datetime.date(year, month + 1, 1), city="昆明市",
                                                insuring_unit_code=unit.credit_code, insuring_unit_name=unit.name))
        bulk(Education, records), bulk(TitleRecord, titles), bulk(WorkRecord, work), bulk(InsuranceMonth, insurance, 5_000)
        self.count("insurance months", len(insurance))

        states = self.states(n)
        applications = []
        for user, unit, state in zip(users, units, states):
            committee = self.rng.choice(self.committees)
            plan = self.plans[committee.pk][0]
            submitted = None if state == State.DRAFT else self.now - datetime.timedelta(minutes=self.rng.randint(60, 60 * 24 * 120))
            applications.append(Application(
                applicant=user, plan=plan, employer=unit, series=committee.series, specialty=self.rng.choice(self.specialties[committee.series]),
                level={"junior": "assistant", "intermediate": "intermediate", "senior": "senior"}[committee.grade],
                route=Route.ASSESSMENT if self.rng.random() < 0.05 else Route.REVIEW, state=state,
                version=self.rng.randint(1, 9), submitted_at=submitted, counted_opinions=1 if state == State.RETURNED else 0,
                snapshot={"basic": {"real_name": user.real_name}} if submitted else None,
                precheck={"eligible": True, "checks": []} if submitted else None))
        applications = bulk(Application, applications)
        self.count("applications", len(applications))

        opinions, assessments, education, commitments, notifications, entries, tallies, results, certificates = ([] for _ in range(9))
        for a, user, unit in zip(applications, users, units):
            committee_pk = a.plan.committee_id
            officer, office = self.officers[unit.pk], self.offices[committee_pk]
            self.event("application.started", "applications.application", a.pk, user, to_state=State.DRAFT)
            assessments += [AnnualAssessment(application=a, year=YEAR - k, result="competent") for k in (1, 2, 3)]
            education += [ContinuingEducation(application=a, year=YEAR - k, hours=90, provider="昆明市专业技术人员继续教育基地") for k in (1, 2, 3)]
            if a.state == State.DRAFT:
                continue
            commitments.append(CreditCommitment(application=a, commitment_number=f"KM{a.pk:010d}"))
            self.event("application.submitted", "applications.application", a.pk, user, from_state=State.DRAFT, to_state=State.SUBMITTED)
            for section in ("basic", "education", "work"):
                opinions.append(Opinion(application=a, kind="section", section=section, passed=True, text="无问题", author=officer, author_unit=unit.name))
            if a.state == State.RETURNED:
                opinions.append(Opinion(application=a, kind="return", text="业绩材料不全，请补充", counted=True, author=officer, author_unit=unit.name))
                notifications.append(Notification(recipient=user, application=a, message="您的申报被退回修改：业绩材料不全，请补充"))
            if a.state in PAST_EMPLOYER or a.state == State.EMPLOYER_APPROVED:
                opinions.append(Opinion(application=a, kind="approve", text="同意推荐", author=officer, author_unit=unit.name))
                self.event("application.approved", "applications.application", a.pk, officer, from_state=State.SUBMITTED, to_state=State.EMPLOYER_APPROVED)
            if a.state in AT_COMMITTEE:
                self.event("application.forwarded", "applications.application", a.pk, officer, to_state=State.COMMITTEE_REVIEW)
            if a.state == State.CORRECTION_REQUESTED:
                opinions.append(Opinion(application=a, kind="correction", text="请补正学历证明", author=office, author_unit="评委会办公室"))
                notifications.append(Notification(recipient=user, application=a, message="评委会一次性告知补正：请补正学历证明",
                                                  deadline=datetime.date(YEAR, 12, 10)))
            if a.state in QUALIFIED_ON or a.state == State.REJECTED:
                kind = "reject" if a.state == State.REJECTED else "qualify"
                opinions.append(Opinion(application=a, kind=kind, text="资格审核通过" if kind == "qualify" else "不符合申报条件",
                                        author=office, author_unit="评委会办公室"))
                self.event(f"application.{kind}", "applications.application", a.pk, office, from_state=State.COMMITTEE_REVIEW, to_state=a.state)
            _, meeting, publicity = self.plans[committee_pk]
            if a.state in VOTED and a.route == Route.REVIEW:
                yes = self.rng.randint(10, 15) if a.state != State.NOT_PASSED else self.rng.randint(0, 9)
                tallies.append(Tally(meeting=meeting, application=a, yes=yes, no=15 - yes))
            if a.state in RESULT_LISTED:
                results.append(ResultEntry(publicity=publicity, application=a))
            if a.state == State.CONFIRMED:
                n = self.next_serial()
                certificates.append(Certificate(
                    number=f"{YEAR}{committee_pk:03d}{n:08d}", holder=user, holder_name=user.real_name, series=a.series, level=a.level,
                    title_name=title_name(a.series, a.level), specialty=a.specialty.name, method="review", confirmed_on=datetime.date(YEAR, 12, 1),
                    committee_name=a.plan.committee.name, application=a, token=f"{self.rng.getrandbits(128):032x}"))
                notifications.append(Notification(recipient=user, application=a, message="您的职称已确认，电子证书可以下载"))
            if a.state in PAST_EMPLOYER:
                entries.append(a)
        bulk(Opinion, opinions, 5_000), bulk(AnnualAssessment, assessments, 5_000), bulk(ContinuingEducation, education, 5_000)
        bulk(CreditCommitment, commitments), bulk(Notification, notifications), bulk(Tally, tallies), bulk(ResultEntry, results)
        bulk(Certificate, certificates)
        self.count("opinions", len(opinions))
        self.count("certificates", len(certificates))
        # one unit publicity per unit and batch for the applications past it
        by_unit: dict[int, list[Application]] = {}
        for a in entries:
            by_unit.setdefault(a.employer_id, []).append(a)
        publicities = bulk(UnitPublicity, [
            UnitPublicity(unit_id=unit_pk, starts_on=datetime.date(YEAR, 8, 3), ends_on=datetime.date(YEAR, 8, 7),
                          created_by=self.officers[unit_pk], closed_at=self.now) for unit_pk in by_unit])
        bulk(PublicityEntry, [PublicityEntry(publicity=p, application=a, outcome="no_objection")
                              for p, items in zip(publicities, by_unit.values()) for a in items])
        self.count("unit publicities", len(publicities))
        self.flush_events()

    def chain(self):
        self.count("trail events chained", chain_pending())


def reset():
    """Empties every table of the bench database (PostgreSQL), keeping the schema."""
    from django.apps import apps

    tables = [m._meta.db_table for m in apps.get_models() if m._meta.managed and not m._meta.proxy]
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # past the trail's append-only triggers (a superuser's right)
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
        cursor.execute("SET session_replication_role = DEFAULT")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reset", action="store_true", help="empty the database first (PostgreSQL only)")
    arguments = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/city.py writes to PostgreSQL: set DATABASE_URL to a bench database of your own")
    wall, cpu = time.perf_counter(), time.process_time()
    if arguments.reset:
        reset()
    city = City(arguments.applications, arguments.seed)
    with transaction.atomic():
        city.frame()
    done = 0
    while done < arguments.applications:
        n = min(BATCH, arguments.applications - done)
        with transaction.atomic():
            city.batch(n)
        done += n
        print(f"  {done:,} applications", file=sys.stderr, flush=True)
    city.chain()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(json.dumps({"applications": arguments.applications, "seed": arguments.seed, "rows": city.counts,
                      "wall_seconds": round(time.perf_counter() - wall, 1), "cpu_seconds": round(time.process_time() - cpu, 1)},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
