"""The Dongchuan 2022 demo data set: regions, units, committees, experts, staff and about
sixty applicants with varied profiles.

Loading is idempotent: every object is found by its natural key (region code, credit code,
mobile number, committee name) before it is created, and a profile's records are written
only when the profile itself is new.  A fixed random seed makes every run the same.
"""

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from zhicheng.rules.catalogue import list_qualifications
from zhicheng.accounts.models import Region, RegionLevel, Role, Unit, UnitKind, User
from zhicheng.catalog.models import Committee, CommitteeGrade, ExpertMembership, Specialty
from zhicheng.catalog.vocabulary import CommitteeLevel
from zhicheng.applications import committee, publicity, services
from zhicheng.applications.attachments import attachment_stamp, attachment_upload
from zhicheng.applications.models import Achievement, AnnualAssessment, Attachment, CreditCommitment
from zhicheng.applications.services import WorkflowError
from zhicheng.applications.workflow import REVIEW_SECTIONS
from zhicheng.review.models import ReviewPlan
from zhicheng.profiles.models import (
    ApplicantProfile,
    Degree,
    Education,
    EducationProof,
    InsurancePeriod,
    QualificationRecord,
    TitleMethod,
    TitleOrigin,
    TitleRecord,
    WorkRecord,
)

from zhicheng.catalog.calendar import working_calendar
from zhicheng.rules import CalendarYearNotCovered, parameter
from zhicheng.profiles.insurance_import import MonthRow, periods_of

from .clock import demo_date_start
from .series_demo import load_series
from .synthetic import synthetic_credit_code, synthetic_id_number
from .year2022 import on, replay_2022

DEMO_PASSWORD = "Dongchuan@2022"
# A one-page PDF standing in for the printed commitment of the demo applicants.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)
REVIEW_YEAR = 2022

REGIONS = [
    ("530000", "云南省", RegionLevel.PROVINCE, None),
    ("530100", "昆明市", RegionLevel.CITY, "530000"),
    ("530113", "东川区", RegionLevel.DISTRICT, "530100"),
    ("530113001", "铜都街道", RegionLevel.SUBDISTRICT, "530113"),
    ("530113002", "碧谷街道", RegionLevel.SUBDISTRICT, "530113"),
    ("530113101", "汤丹镇", RegionLevel.TOWNSHIP, "530113"),
    ("530113102", "因民镇", RegionLevel.TOWNSHIP, "530113"),
    ("530113103", "阿旺镇", RegionLevel.TOWNSHIP, "530113"),
    ("530113104", "乌龙镇", RegionLevel.TOWNSHIP, "530113"),
    ("530113105", "拖布卡镇", RegionLevel.TOWNSHIP, "530113"),
    ("530113106", "红土地镇", RegionLevel.TOWNSHIP, "530113"),
    ("530113201", "舍块乡", RegionLevel.TOWNSHIP, "530113"),
]

# Whom a bureau's people call: the 2022 notice's 「四、联系方式」 for Dongchuan.
BUREAU_CONTACTS = {"昆明市东川区人力资源和社会保障局": ("事业单位管理科", "62138554")}

# (name, registration authority + kind, kind, region code, HR bureau)
UNITS = [
    ("云南省人力资源和社会保障厅", "11", UnitKind.GOVERNMENT, "530000", True),
    ("昆明市人力资源和社会保障局", "11", UnitKind.GOVERNMENT, "530100", True),
    ("昆明市东川区人力资源和社会保障局", "11", UnitKind.GOVERNMENT, "530113", True),
    ("昆明市东川区住房和城乡建设局", "11", UnitKind.GOVERNMENT, "530113", False),
    ("昆明市东川区水利水电勘测设计院", "12", UnitKind.PUBLIC_INSTITUTION, "530113001", False),
    ("昆明市东川区公路建设养护中心", "12", UnitKind.PUBLIC_INSTITUTION, "530113002", False),
    ("昆明市东川区乌龙镇农业综合服务中心", "12", UnitKind.PUBLIC_INSTITUTION, "530113104", False),
    ("昆明市东川区阿旺镇村镇规划建设服务中心", "12", UnitKind.PUBLIC_INSTITUTION, "530113103", False),
    ("昆明东川铜都矿业有限公司", "91", UnitKind.STATE_ENTERPRISE, "530113101", False),
    ("昆明东川红土地建设工程有限公司", "91", UnitKind.PRIVATE_ENTERPRISE, "530113106", False),
    ("云南东川建筑设计研究院有限公司", "91", UnitKind.PRIVATE_ENTERPRISE, "530113001", False),
    ("昆明市东川区工程建设协会", "51", UnitKind.SOCIAL_ORGANIZATION, "530113", False),
]
EMPLOYERS = [name for name, _a, _k, _r, bureau in UNITS if not bureau and "住房和城乡建设局" not in name]

# The committees' filing (核准备案) of the 2022 year, at most three years (C3), and their
# experts' term then; renewed around today's year once 2022 is replayed (renew_committees).
COMMITTEE_FILED_ON, COMMITTEE_FILING_UNTIL = datetime.date(2022, 1, 1), datetime.date(2024, 12, 31)
EXPERT_TERM_2022 = (datetime.date(2021, 1, 1), datetime.date(2023, 12, 31))
# Seats of the experts of the current term follow those of 2021–2023 in the mobile numbers.
CURRENT_TERM_SEATS = 50

SPECIALTIES = ["建筑工程", "水利工程", "道路与桥梁工程", "采矿工程", "电气工程", "城乡规划", "农业工程"]

# (name, organiser, grade, region level, region code, pool size, office phone)
COMMITTEES = [
    ("东川区工程系列初级职称评审委员会", "昆明市东川区住房和城乡建设局", CommitteeGrade.JUNIOR, CommitteeLevel.DISTRICT, "530113", 11, "0871-62138554"),
    ("昆明市工程系列中级职称评审委员会", "昆明市人力资源和社会保障局", CommitteeGrade.INTERMEDIATE, CommitteeLevel.CITY, "530100", 15, "0871-63135522"),
    ("云南省工程系列高级职称评审委员会", "云南省人力资源和社会保障厅", CommitteeGrade.SENIOR, CommitteeLevel.PROVINCE, "530000", 27, "0871-63610051"),
]

SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严覃武戴孔"
GIVEN_NAMES = [
    "建华", "志强", "丽萍", "海燕", "俊杰", "晓东", "春梅", "云峰", "红艳", "国庆", "文斌", "雪梅", "家豪", "子涵",
    "明辉", "玉兰", "立新", "秀英", "德华", "思源", "永刚", "艳芳", "晓红", "光明", "继东", "美玲", "学军", "慧敏",
    "卫东", "丽娟", "振宇", "金凤", "世杰", "燕", "勇", "涛", "静", "磊", "敏", "鹏",
]
SCHOOLS = {
    "engineering": [("昆明理工大学", "土木工程"), ("云南农业大学", "水利水电工程"), ("昆明理工大学", "采矿工程"),
                    ("云南大学", "电气工程及其自动化"), ("西南交通大学", "道路桥梁与渡河工程"), ("重庆大学", "城乡规划")],
    "other": [("云南财经大学", "工商管理"), ("云南师范大学", "地理科学")],
}
BIRTH_REGIONS = ["530113"] * 6 + ["530102", "530381", "530122", "510104", "520102"]
OTHER_PROVINCE_ISSUERS = ["四川省工程系列中级职称评审委员会", "贵州省工程技术人才职称评审委员会", "湖南省建设工程中级职称评审委员会"]
CENTRAL_ISSUERS = ["中国电力建设集团工程系列中级职称评审委员会", "中国铁建股份有限公司职称评审委员会"]

YUNNAN_ISSUERS = {
    "technician": "东川区工程系列初级职称评审委员会",
    "assistant": "东川区工程系列初级职称评审委员会",
    "intermediate": "昆明市工程系列中级职称评审委员会",
    "senior": "云南省工程系列高级职称评审委员会",
}
LEVEL_LADDER = ["technician", "assistant", "intermediate", "senior", "principal"]
# The 2022 plans (附件2、附件3 of the seed: 2022年评审计划表), by committee level.
PLANS_2022 = {
    "district": {
        "notice_filed_on": datetime.date(2022, 6, 13), "notice_published_on": datetime.date(2022, 6, 20),
        "applications_open_on": datetime.date(2022, 7, 25), "receiving_from": datetime.date(2022, 8, 1),
        "receiving_until": datetime.date(2022, 9, 30), "meeting_on": datetime.date(2022, 11, 15),
    },
    "city": {
        "notice_filed_on": datetime.date(2022, 6, 8), "notice_published_on": datetime.date(2022, 6, 10),
        "applications_open_on": datetime.date(2022, 7, 11), "receiving_from": datetime.date(2022, 8, 15),
        "receiving_until": datetime.date(2022, 9, 15), "pre_meeting_publicity_from": datetime.date(2022, 10, 25),
        "meeting_on": datetime.date(2022, 11, 22), "result_publicity_from": datetime.date(2022, 11, 25),
        "result_publicity_to": datetime.date(2022, 12, 1), "service_cutoff": datetime.date(2022, 12, 31),
    },
    "province": {
        "notice_filed_on": datetime.date(2022, 6, 1), "notice_published_on": datetime.date(2022, 6, 6),
        "applications_open_on": datetime.date(2022, 8, 8), "receiving_from": datetime.date(2022, 8, 15),
        "receiving_until": datetime.date(2022, 8, 30), "unified_submission": True,
        "meeting_on": datetime.date(2022, 11, 25),
    },
}
# Typical years between one title and the next in the demo people's careers.
LADDER_WAIT_YEARS = {"technician": 2, "assistant": 4, "intermediate": 5, "senior": 5}


# The working day since the window opened (0 = the first) on which the demo takes each step.
STEP_DAYS = {"return": 1, "approve": 1, "publicity": 1, "recommend": 6, "correction": 7, "qualify": 7}
# The district plan's material deadline: working days from today, room for a fresh
# application's submission, approval, the unit publicity and the recommendation.
FRESH_PATH_RECEIVING_DAYS = 10
# Working days from the material deadline to the meeting: the qualification review and the
# pre-meeting filing, due at least the filing's working days before the meeting.
PRE_MEETING_DAYS = 12


class DemoDays:
    """Working days around today for the demo's plans; a day in a year the calendar does
    not know is None (the plan leaves it open) and every later day with it."""

    def __init__(self, calendar, today):
        self.calendar, self.today = calendar, today

    def back(self, days: int) -> datetime.date:
        """The working day on or after ``days`` calendar days ago."""
        return self.calendar.next_working_day(self.today - datetime.timedelta(days=days))

    def ahead(self, working_days: int) -> datetime.date:
        """The ``working_days``-th working day from today, or the last working day of the
        known years when that lies beyond them."""
        try:
            return self.calendar.nth_working_day_from(self.today, working_days)
        except CalendarYearNotCovered:
            return self.before(datetime.date(self.today.year, 12, 31))

    def after(self, day, working_days: int, inclusive: bool = False):
        if day is None:
            return None
        try:
            if inclusive:
                return self.calendar.nth_working_day_from(day, working_days)
            return self.calendar.add_working_days(day, working_days)
        except CalendarYearNotCovered:
            return None

    def before(self, day: datetime.date) -> datetime.date:
        """The working day on or before ``day``."""
        while not self.calendar.is_working_day(day):
            day -= datetime.timedelta(days=1)
        return day


def plan_dates(days: DemoDays) -> dict[str, dict]:
    """The dates of this year's plans, by committee level, laid out around ``days.today``."""
    today = days.today
    layouts = {
        # the district plan fits a fresh application's whole path (see README)
        "district": (days.back(20), days.ahead(FRESH_PATH_RECEIVING_DAYS)),
        "city": (days.back(28), days.ahead(20)),
        "province": (days.back(90), days.back(30)),
    }
    plans = {}
    for level, (opens, until) in layouts.items():
        meeting = days.after(max(until, today), PRE_MEETING_DAYS + 1)
        publicity_from = days.after(meeting, 1)
        published = days.before(opens - datetime.timedelta(days=35))
        plans[level] = {
            "notice_filed_on": days.before(published - datetime.timedelta(days=1)), "notice_published_on": published,
            "applications_open_on": opens if level != "province" else None,
            "receiving_from": days.after(opens, 5) if level != "province" else days.before(opens + datetime.timedelta(days=7)),
            "receiving_until": until, "unified_submission": level == "province", "meeting_on": meeting,
            "result_publicity_from": publicity_from, "result_publicity_to": days.after(publicity_from, 5, inclusive=True),
        }
    return plans


def whole_path_fits(calendar, day: datetime.date) -> bool:
    """Whether, laid out from ``day``, every date of this year's plans and the confirmation
    on the working day after each result publicity lie in years the calendar knows."""
    days = DemoDays(calendar, day)
    return all(days.after(dates["result_publicity_to"], 1) is not None for dates in plan_dates(days).values())


def demo_start_day(calendar, today: datetime.date) -> datetime.date:
    """The demo date a fresh demo starts on: ``today`` when a fresh application's whole path
    fits from it, else the latest earlier working day of this year from which it fits (in
    December, usually early November).  Today when no day of this year fits."""
    if not calendar.covers(today.year):
        return today
    day = today
    while day.year == today.year:
        if (day == today or calendar.is_working_day(day)) and whole_path_fits(calendar, day):
            return day
        day -= datetime.timedelta(days=1)
    return today


@dataclass
class DemoAccount:
    role: str
    login: str
    name: str
    scope: str


class DemoLoader:
    def __init__(self, stdout=None):
        self.rng = random.Random(REVIEW_YEAR)
        self.stdout = stdout
        self.regions: dict[str, Region] = {}
        self.units: dict[str, Unit] = {}
        self.specialties: dict[str, Specialty] = {}
        self.accounts: list[DemoAccount] = []
        self.created = 0
        self.today = timezone.localdate()
        self.password_hash = make_password(DEMO_PASSWORD)  # hashed once: the same password for every demo account

    @transaction.atomic
    def load(self) -> list[DemoAccount]:
        if settings.DEMO:  # the demo runs on its own date, from which today's year runs to the end
            self.today = demo_date_start(self.start_day)
        self.load_regions()
        self.load_units()
        self.load_specialties()
        self.load_committees()
        self.load_staff()
        self.load_applicants()
        self.load_plans_2022()
        replay_2022(self)  # first, so that the trail runs forward in time
        self.renew_committees()
        self.load_plans()
        self.load_applications()
        load_series(self)  # the other series: their committees, plans, experts and applicants
        return self.showcase()

    def start_day(self) -> datetime.date:
        already = ReviewPlan.objects.filter(year=self.today.year, committee__is_demo=True).exists()
        return self.today if already else demo_start_day(working_calendar(), self.today)

    def showcase(self) -> list[DemoAccount]:
        """One account per role, chosen where the demo has something to show: the city
        committee's office and an expert of its 2022 panel, the Kunming bureau, an applicant
        with an application under way and the officer of that applicant's unit."""
        from zhicheng.applications.models import Application
        from zhicheng.meetings.models import PanelMember

        application = Application.objects.filter(state="returned").select_related("applicant", "employer").first() \
            or Application.objects.select_related("applicant", "employer").first()
        city = Committee.objects.get(is_demo=True, region_level="city", series="engineering")
        picks = [
            (User.objects.filter(role=Role.ADMIN).first(), "全部"),
            (User.objects.filter(role=Role.BUREAU, unit__name="昆明市人力资源和社会保障局").first(), "昆明市人力资源和社会保障局"),
            (city.office_staff.first(), f"{city.name}经办人"),
            ((PanelMember.objects.filter(meeting__plan__committee=city).select_related("expert").first() or
              city.experts.select_related("expert").first()).expert, f"{city.name}专家"),
        ]
        if application:
            picks += [
                (User.objects.filter(role=Role.EMPLOYER, unit=application.employer).first(), application.employer.name),
                (application.applicant, f"{application.employer.name}，有一件{application.get_state_display()}的申报"),
            ]
        return [DemoAccount(user.get_role_display(), user.mobile, user.real_name, scope) for user, scope in picks if user]

    # -- places and units ------------------------------------------------------------
    def load_regions(self):
        for code, name, level, parent in REGIONS:
            self.regions[code], _ = Region.objects.get_or_create(
                code=code, defaults={"name": name, "level": level, "parent": self.regions.get(parent)}
            )

    def load_units(self):
        for serial, (name, authority, kind, region_code, bureau) in enumerate(UNITS, start=1):
            code = synthetic_credit_code(authority, region_code[:6], 2022_0000 + serial)
            department, phone = BUREAU_CONTACTS.get(name, ("", ""))
            self.units[name], _ = Unit.objects.get_or_create(
                credit_code=code,
                defaults={"name": name, "kind": kind, "region": self.regions[region_code], "is_hr_bureau": bureau, "is_demo": True,
                          "contact_department": department, "contact_phone": phone},
            )

    def load_specialties(self):
        for name in SPECIALTIES:
            self.specialties[name], _ = Specialty.objects.get_or_create(series="engineering", name=name)

    # -- accounts ---------------------------------------------------------------------
    def account(self, *, mobile, real_name, role, unit=None, id_number=None, scope="") -> User:
        user = User.objects.filter(mobile=mobile).first()
        if user is None:
            user = User.objects.create(
                mobile=mobile, password=self.password_hash, real_name=real_name, role=role, unit=unit,
                id_number=id_number, is_demo=True,
                is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN,
            )
            self.created += 1
        return user

    def person_name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN_NAMES)

    def load_committees(self):
        for index, (name, organiser, grade, level, region_code, pool, phone) in enumerate(COMMITTEES):
            committee, _ = Committee.objects.get_or_create(
                name=name,
                defaults={
                    "organiser": self.units[organiser], "series": "engineering", "grade": grade, "region_level": level,
                    "region": self.regions[region_code], "contact_phone": phone, "is_demo": True,
                    "formed_by_specialty": grade != CommitteeGrade.SENIOR,
                    "filed_on": COMMITTEE_FILED_ON, "filing_valid_until": COMMITTEE_FILING_UNTIL,
                },
            )
            committee.specialties.add(*self.specialties.values())
            officer = self.account(
                mobile=f"1388713{index:04d}", real_name=self.person_name(), role=Role.COMMITTEE,
                scope=f"{name}经办人",
            )
            committee.office_staff.add(officer)
            self.load_pool(committee, index, pool, grade, EXPERT_TERM_2022, first_seat=0)

    def load_pool(self, committee, index, pool, grade, term, *, first_seat):
        """The committee's experts of one term (at most three years, C3)."""
        for seat in range(first_seat, first_seat + pool):
            expert = self.account(
                mobile=f"1378713{index:02d}{seat:02d}", real_name=self.person_name(), role=Role.EXPERT,
                unit=self.units[self.rng.choice(EMPLOYERS)], scope=f"{committee.name}专家",
            )
            ExpertMembership.objects.get_or_create(
                committee=committee, expert=expert,
                defaults={
                    "specialty": self.specialties[SPECIALTIES[seat % len(SPECIALTIES)]],
                    "title": "正高级工程师" if grade == CommitteeGrade.SENIOR and seat % 3 == 0 else "高级工程师",
                    "term_from": term[0], "term_until": term[1],
                },
            )

    def renew_committees(self):
        """Today's filing and expert term (C3): each committee filed again from 1 January of
        last year for the longest period allowed, with a new pool serving the same years, so
        that every plan of this year lies inside both."""
        filed_on = datetime.date(self.today.year - 1, 1, 1)
        years = parameter("committee.filing_valid_years", filed_on).value
        term_years = parameter("committee.expert_term_years", filed_on).value
        until = datetime.date(filed_on.year + years - 1, 12, 31)
        term = (filed_on, datetime.date(filed_on.year + term_years - 1, 12, 31))
        for index, (name, _organiser, grade, _level, _region, pool, _phone) in enumerate(COMMITTEES):
            committee = Committee.objects.get(name=name)
            committee.filed_on, committee.filing_valid_until = filed_on, until
            committee.full_clean()
            committee.save(update_fields=["filed_on", "filing_valid_until"])
            self.load_pool(committee, index, pool, grade, term, first_seat=CURRENT_TERM_SEATS)

    def load_staff(self):
        self.account(mobile="13887100000", real_name="系统管理员", role=Role.ADMIN, scope="全部")
        for index, (name, *_rest, bureau) in enumerate(UNITS):
            if bureau:
                self.account(mobile=f"1368710{index:04d}", real_name=self.person_name(), role=Role.BUREAU,
                             unit=self.units[name], scope=name)
        for index, name in enumerate(EMPLOYERS):
            self.account(mobile=f"1358710{index:04d}", real_name=self.person_name(), role=Role.EMPLOYER,
                         unit=self.units[name], scope=name)

    # -- applicants -------------------------------------------------------------------
    def load_applicants(self, count: int = 60):
        qualification_names = sorted(
            {entry.name for entry in list_qualifications(datetime.date(REVIEW_YEAR, 1, 1)) if entry.series == "engineering"}
        )
        for index in range(count):
            birth = datetime.date(self.rng.randint(1966, 1998), self.rng.randint(1, 12), self.rng.randint(1, 28))
            id_number = synthetic_id_number(self.rng.choice(BIRTH_REGIONS), birth, 100 + index * 7)
            unit = self.units[EMPLOYERS[index % len(EMPLOYERS)]]
            user = self.account(
                mobile=f"1398713{index:04d}", real_name=self.person_name(), role=Role.APPLICANT,
                id_number=id_number, scope=unit.name,
            )
            profile, created = ApplicantProfile.objects.get_or_create(
                user=user,
                defaults={"contract_unit": unit, "applied_before": self.rng.random() < 0.6, "retired": index == 59},
            )
            if created:
                self.fill_profile(profile, birth, index, qualification_names)

    def fill_profile(self, profile, birth, index, qualification_names):
        rng = self.rng
        degree = rng.choices(
            [Degree.SECONDARY, Degree.COLLEGE, Degree.BACHELOR, Degree.SECOND_BACHELOR, Degree.MASTER, Degree.DOCTOR],
            weights=[6, 18, 50, 4, 18, 4],
        )[0]
        study_years = {"secondary": 19, "college": 21, "bachelor": 22, "second_bachelor": 24, "master": 25, "doctor": 28}
        graduated = datetime.date(birth.year + study_years[degree], 7, 1)
        engineering = rng.random() < 0.85
        school, major = rng.choice(SCHOOLS["engineering" if engineering else "other"])
        online = graduated.year >= 2002
        Education.objects.create(
            profile=profile, degree=degree, school=school, major=major, engineering=engineering,
            full_time=rng.random() < 0.8,
            professional_degree=degree == Degree.MASTER and rng.random() < 0.5,
            graduated_on=graduated,
            proof_kind=EducationProof.CHSI if online else EducationProof.EMPLOYER_STATEMENT,
            verification_code=f"A{index:03d}{rng.randint(10**11, 10**12 - 1)}" if online else "",
            # downloaded within the last months: valid today, some about to lapse (L11)
            verification_expires_on=self.today + datetime.timedelta(days=rng.randint(10, 170)) if online else None,
        )
        WorkRecord.objects.create(
            profile=profile, unit_name=profile.contract_unit.name, position=rng.choice(["技术员", "工程技术人员", "项目负责人", "技术科科长"]),
            started_on=graduated + datetime.timedelta(days=60), professional_work=True,
        )
        self.fill_titles(profile, degree, graduated, index)
        if rng.random() < 0.18 and qualification_names and graduated.year + 2 <= 2021:
            QualificationRecord.objects.create(
                profile=profile, name=rng.choice(qualification_names), certificate_number=f"云{REVIEW_YEAR - 5}{index:06d}",
                obtained_on=datetime.date(rng.randint(max(graduated.year + 2, 2008), 2021), 9, 20),
            )
        self.fill_insurance(profile, index)

    def fill_titles(self, profile, degree, graduated, index):
        """A plausible ladder: the first title a year or so after graduation, each next one
        a few years after the last, some people stopping early; nothing after 2021."""
        rng = self.rng
        first = {"secondary": 0, "college": 0, "bachelor": 1, "second_bachelor": 1, "master": 1, "doctor": 2}[degree]
        obtained = graduated.replace(year=graduated.year + 1, month=12, day=30)
        for step, level in enumerate(LEVEL_LADDER[first:4]):
            if obtained.year > 2021 or (step and rng.random() < 0.35):
                break
            origin = TitleOrigin.YUNNAN
            if step == 0 and index % 9 == 4:
                origin = TitleOrigin.OTHER_PROVINCE
            elif step == 0 and index % 17 == 8:
                origin = TitleOrigin.CENTRAL
            issuer = {
                TitleOrigin.YUNNAN: YUNNAN_ISSUERS[level],
                TitleOrigin.OTHER_PROVINCE: rng.choice(OTHER_PROVINCE_ISSUERS),
                TitleOrigin.CENTRAL: rng.choice(CENTRAL_ISSUERS),
            }[origin]
            TitleRecord.objects.create(
                profile=profile, series="engineering", level=level, obtained_on=obtained,
                method=TitleMethod.REVIEW if level != "technician" else TitleMethod.ASSESSMENT,
                origin=origin, issued_by=issuer, certificate_number=f"{obtained.year}{index:04d}{step}",
            )
            obtained = obtained.replace(year=obtained.year + LADDER_WAIT_YEARS[level] + rng.choice([0, 0, 1, 2, 3]))

    def fill_insurance(self, profile, index):
        """Every month from July 2021 to last month; some people have a gap in March 2022,
        insured in another city before February 2022, or insured by another unit."""
        unit = profile.contract_unit
        other = self.units[EMPLOYERS[(index + 3) % len(EMPLOYERS)]]
        month, this_month = datetime.date(2021, 7, 1), self.today.replace(day=1)
        records = []
        while month < this_month:
            gap = index % 11 == 3 and month == datetime.date(2022, 3, 1)
            if not gap:
                insurer = other if index % 10 == 7 else unit
                records.append(MonthRow(
                    month, "曲靖市" if index % 13 == 5 and month < datetime.date(2022, 2, 1) else "昆明市",
                    insurer.name, insurer.credit_code,
                ))
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        for first, last, head in periods_of(records):  # as a person enters them: one period per run
            InsurancePeriod(profile=profile, from_month=first, to_month=last, city=head.city,
                            insuring_unit_name=head.unit_name, insuring_unit_code=head.unit_code).save()

    # -- review plans -----------------------------------------------------------------
    def load_plans_2022(self):
        committees = {committee.region_level: committee
                      for committee in Committee.objects.filter(is_demo=True, series="engineering")}
        for level, dates in PLANS_2022.items():
            ReviewPlan.objects.get_or_create(committee=committees[level], year=REVIEW_YEAR, defaults=dates)

    def load_plans(self):
        """This year's plans, on working days of the years the calendar knows: the district
        and city committees open for applications today, the provincial one already closed.
        A date that would fall in a year not loaded yet is left open (未定) rather than guessed;
        the plans are checked as the plan page checks them."""
        committees = {committee.region_level: committee
                      for committee in Committee.objects.filter(is_demo=True, series="engineering")}
        for level, dates in plan_dates(DemoDays(working_calendar(), self.today)).items():
            if ReviewPlan.objects.filter(committee=committees[level], year=self.today.year).exists():
                continue
            plan = ReviewPlan(committee=committees[level], year=self.today.year, **dates)
            plan.full_clean()
            plan.save()

    # -- applications in every state ---------------------------------------------------
    def load_applications(self, count: int = 6):
        """This year's city plan gets applications at each step of the way: submitted,
        returned once, approved, recommended, asked for corrections, qualified.  Each step
        is taken on its own working day since the window opened (the clock set to that day),
        so that the unit publicity runs its full period after the approval."""
        plan = ReviewPlan.objects.filter(committee__region_level="city", committee__is_demo=True,
                                         committee__series="engineering", year=self.today.year).first()
        if plan is None or plan.applications.exists():
            return
        office = plan.committee.office_staff.first()
        calendar = working_calendar()
        day = [calendar.nth_working_day_from(plan.applications_open_on, n) for n in range(1, 10)]
        with on(day[0]):
            started = self.submitted_applications(plan, count, day[0])
        steps = [[], ["return"], ["approve"], ["approve", "publicity", "recommend"],
                 ["approve", "publicity", "recommend", "correction"], ["approve", "publicity", "recommend", "qualify"]]
        for application, todo in zip(started, steps):
            officer = User.objects.filter(role=Role.EMPLOYER, unit=application.employer).first()
            for step in todo:
                when = day[STEP_DAYS[step]]
                if when > self.today:
                    break
                with on(when):
                    self.advance(application, step, officer, office, when, day)

    def submitted_applications(self, plan, count, today):
        """Assistant engineers applying for 工程师 to ``plan``, as many as meet every rule on ``today``."""
        started, specialty = [], self.specialties["水利工程"]
        candidates = ApplicantProfile.objects.filter(user__is_demo=True, retired=False, user__applications__isnull=True)
        for profile in candidates.select_related("user", "contract_unit").order_by("pk"):
            if len(started) == count:
                break
            titles = {record.level for record in profile.titlerecord_set.all()}
            if "assistant" not in titles or "intermediate" in titles:
                continue
            try:
                started.append(self.submitted_application(profile, plan, specialty, today))
            except WorkflowError:
                continue  # this person does not meet every rule that day; the demo takes the next
        return started

    def submitted_application(self, profile, plan, specialty, today):
        user = profile.user
        with transaction.atomic():
            application = services.application_start(
                applicant=user, plan=plan, specialty=specialty, level="intermediate", route="review", today=today
            )
            CreditCommitment.objects.create(application=application, commitment_number=f"KM{today.year}-{user.pk:06d}")
            Achievement.objects.create(
                application=application, kind=Achievement.Kind.PROJECT, title="东川区小江流域水土保持治理工程设计",
                achieved_on=today.replace(year=today.year - 2, month=6, day=30), role="主要设计人",
            )
            for year in range(today.year - 3, today.year):
                AnnualAssessment.objects.create(application=application, year=year, result=AnnualAssessment.Result.COMPETENT)
            attachment_upload(
                application=application, kind=Attachment.Kind.COMMITMENT, actor=user,
                uploaded=SimpleUploadedFile("职称申报承诺书.pdf", DEMO_PDF, content_type="application/pdf"),
            )
            return services.application_submit(application_id=application.pk, actor=user, expected_version=application.version, today=today)

    def publicise(self, application, officer, starts_on, close_on):
        """The unit publicity from ``starts_on`` for the shortest period allowed, closed on ``close_on`` if given."""
        shown = publicity.publicity_start(actor=officer, application_ids=[application.pk], starts_on=starts_on,
                                          ends_on=None, place="单位公示栏")
        if close_on:
            with on(close_on):
                publicity.publicity_close(actor=officer, publicity=shown, today=close_on)

    def close_publicity(self, application, officer, today):
        entry = application.publicity_entries.select_related("publicity").get()
        publicity.publicity_close(actor=officer, publicity=entry.publicity, today=today)

    def advance(self, application, step, officer, office, today, days=None):
        """One step on ``today``; the unit publicity closes on the working day of ``days`` the demo sets."""
        application.refresh_from_db()
        version = application.version
        if step == "return":
            services.employer_return(application_id=application.pk, actor=officer, expected_version=version,
                                     text="请补充近三年继续教育学时证明", today=today)
        elif step == "approve":
            for section in REVIEW_SECTIONS:
                services.employer_section_opinion(application_id=application.pk, actor=officer, section=section, passed=True, text="经审核无误")
            for attachment in application.attachments.all():
                attachment_stamp(attachment=attachment, actor=officer, opinion="经审核，与原件一致", originals_seen=True,
                                 originals_seen_where="本单位人事部门")
            services.employer_approve(application_id=application.pk, actor=officer, expected_version=version, text="同意推荐")
        elif step == "publicity":
            # from the day of the approval, for the shortest period allowed, closed the day after it
            closing = days[STEP_DAYS["recommend"]]
            self.publicise(application, officer, today, close_on=closing if closing <= self.today else None)
        elif step == "recommend":
            publicity.recommend(actor=officer, application_id=application.pk, expected_version=version, today=today,
                                evaluation="长期从事水利工程勘测设计，技术扎实", method="单位职称推荐小组评议",
                                participants="单位领导班子及技术骨干", participant_count=7, opinion="同意推荐",
                                formation="应到7人，实到7人，同意7票")
        elif step == "correction":
            committee.committee_request_correction(
                application_id=application.pk, actor=office, expected_version=version, items=["achievements"],
                free_text="请补充项目竣工验收证明", today=today,
                deadline=working_calendar().next_working_day(today + datetime.timedelta(days=10)))
        elif step == "qualify":
            committee.committee_qualify(application_id=application.pk, actor=office, expected_version=version, text="符合申报条件",
                                        today=today)


def demo_loaded() -> bool:
    return User.objects.filter(is_demo=True).exists()


def demo_accounts() -> list[tuple[str, list[DemoAccount]]]:
    """Every demo account, by role, with the unit or committee it acts for and, for an
    applicant, the state of this year's application."""
    from zhicheng.applications.models import Application

    current = {
        application.applicant_id: application
        for application in Application.objects.filter(applicant__is_demo=True).select_related("plan").order_by("plan__year", "pk")
    }
    groups = []
    users = User.objects.filter(is_demo=True).select_related("unit", "profile__contract_unit").prefetch_related("committees_run", "expert_memberships__committee")
    for role in Role:
        accounts = []
        for user in users.filter(role=role).order_by("mobile"):
            if role == Role.COMMITTEE:
                scope = "、".join(committee.name for committee in user.committees_run.all())
            elif role == Role.EXPERT:
                scope = "、".join(f"{m.committee.name}（任期{m.term_from.year}—{m.term_until.year}年）" for m in user.expert_memberships.all())
            elif role == Role.APPLICANT:
                profile = getattr(user, "profile", None)
                scope = profile.contract_unit.name if profile and profile.contract_unit else "未填写合同单位"
            else:
                scope = user.unit.name if user.unit else "全部"
            application = current.get(user.pk)
            if application:
                scope += f"；{application.plan.year}年度申报：{application.get_state_display()}"
            accounts.append(DemoAccount(role.label, user.mobile, user.real_name, scope))
        groups.append((role.label, accounts))
    return groups


def load_demo(stdout=None) -> tuple[list[DemoAccount], int]:
    loader = DemoLoader(stdout)
    accounts = loader.load()
    return accounts, loader.created


def demo_plans(year: int):
    """This year's plans of the demo's committees, as the demo laid them out."""
    return ReviewPlan.objects.filter(committee__is_demo=True, year=year).select_related("committee").order_by("pk")
