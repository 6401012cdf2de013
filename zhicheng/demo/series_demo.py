"""Demo data for every shipped series beyond 工程: specialties, a district and a city
committee with its expert pool, and an applicant per series, so that each series can be
tried on the applicant's pages and the committees' lists.

Called by the loader once its own data exists; it only adds, and running it again adds
nothing."""

import datetime

from zhicheng.accounts.models import Role, Unit, UnitKind
from zhicheng.catalog.models import Committee, CommitteeGrade, ExpertMembership, Specialty
from zhicheng.catalog.vocabulary import CommitteeLevel
from zhicheng.profiles.models import ApplicantProfile, Degree, Education, EducationProof, PostRecord, QualificationRecord
from zhicheng.profiles.models import TitleMethod, TitleRecord
from zhicheng.rules.catalogue import get_series

from .synthetic import synthetic_credit_code, synthetic_id_number

# series → (organiser of the district committee, of the city committee, employer, specialties,
#           the level the applicant applies for, the licence the series requires, whether posts count)
SERIES = {
    "school_teacher": ("昆明市东川区教育体育局", "昆明市教育体育局", "昆明市东川区铜都第一小学",
                       ["小学语文", "小学数学", "初中英语"], "intermediate", None, "intermediate"),
    "health_physician": ("昆明市东川区卫生健康局", "昆明市卫生健康委员会", "昆明市东川区人民医院",
                         ["内科", "外科", "全科医学"], "intermediate", "执业医师资格", None),
    "health_nursing": ("昆明市东川区卫生健康局", "昆明市卫生健康委员会", "昆明市东川区人民医院",
                       ["内科护理", "外科护理", "社区护理"], "intermediate", "护士执业资格", None),
    "agriculture": ("昆明市东川区农业农村局", "昆明市农业农村局", "昆明市东川区乌龙镇农业综合服务中心",
                    ["农学", "植物保护", "畜牧兽医"], "intermediate", None, None),
    "economics": ("昆明市东川区发展和改革局", "昆明市发展和改革委员会", "昆明东川铜都矿业有限公司",
                  ["工商管理", "财政税收", "人力资源管理"], "intermediate", None, None),
    "accounting": ("昆明市东川区财政局", "昆明市财政局", "昆明东川铜都矿业有限公司",
                   ["会计"], "intermediate", None, None),
}
DISTRICT, CITY = "530113", "530100"
POOL = 11  # odd, and at least 11 for a committee formed by specialty (C3)
FILED_ON, FILING_UNTIL = datetime.date(2025, 1, 1), datetime.date(2027, 12, 31)


def load_series(loader) -> None:
    """Everything of the series other than 工程, for ``loader`` (a :class:`DemoLoader`)."""
    serial = 0
    for index, (code, (district_body, city_body, employer, specialties, level, licence, post)) in enumerate(SERIES.items()):
        series = get_series(code, loader.today)
        found = [Specialty.objects.get_or_create(series=code, name=name)[0] for name in specialties]
        employer_unit = unit(loader, employer, UnitKind.PUBLIC_INSTITUTION, DISTRICT, 300 + index)
        for grade, level_code, region, body in (
            (CommitteeGrade.JUNIOR, CommitteeLevel.DISTRICT, DISTRICT, district_body),
            (CommitteeGrade.INTERMEDIATE, CommitteeLevel.CITY, CITY, city_body),
        ):
            serial += 1
            organiser = unit(loader, body, UnitKind.GOVERNMENT, region, 200 + serial)
            name = f"{'东川区' if region == DISTRICT else '昆明市'}{series.name}{grade.label}职称评审委员会"
            committee, created = Committee.objects.get_or_create(
                name=name,
                defaults={
                    "organiser": organiser, "series": code, "grade": grade, "region_level": level_code,
                    "region": loader.regions[region], "is_demo": True, "formed_by_specialty": True,
                    "filed_on": FILED_ON, "filing_valid_until": FILING_UNTIL,
                },
            )
            if created:
                committee.specialties.add(*found)
                staff(loader, committee, found, serial)
        applicants(loader, code, series, employer_unit, level, licence, post, index)


def unit(loader, name, kind, region, serial) -> Unit:
    found = Unit.objects.filter(name=name).first()
    if found is None:
        found = Unit.objects.create(
            name=name, kind=kind, region=loader.regions[region], is_demo=True,
            credit_code=synthetic_credit_code("11" if kind == UnitKind.GOVERNMENT else "12", region, 2026_0000 + serial),
        )
    return found


def staff(loader, committee, specialties, serial) -> None:
    office = loader.account(mobile=f"1398713{serial:04d}", real_name=loader.person_name(), role=Role.COMMITTEE,
                            scope=f"{committee.name}经办人")
    committee.office_staff.add(office)
    senior = get_series(committee.series, loader.today).levels[-2].name
    for seat in range(POOL):
        expert = loader.account(mobile=f"1368713{serial:02d}{seat:02d}", real_name=loader.person_name(),
                                role=Role.EXPERT, unit=committee.organiser, scope=f"{committee.name}专家")
        ExpertMembership.objects.get_or_create(
            committee=committee, expert=expert,
            defaults={"specialty": specialties[seat % len(specialties)], "title": senior,
                      "term_from": FILED_ON, "term_until": FILING_UNTIL},
        )


def applicants(loader, code, series, employer, level, licence, post, index) -> None:
    """An applicant holding the level below ``level``, to apply for it at the city committee."""
    below = series.levels[[lv.code for lv in series.levels].index(level) - 1].code
    obtained = datetime.date(loader.today.year - 11, 12, 31)
    birth = datetime.date(1980, 3 + index, 10)
    user = loader.account(
        mobile=f"1358713{index:04d}", real_name=loader.person_name(), role=Role.APPLICANT,
        id_number=synthetic_id_number(DISTRICT, birth, 501 + index * 10), scope=f"{series.name}申报人",
    )
    profile, created = ApplicantProfile.objects.get_or_create(user=user)
    if not created:
        return
    profile.contract_unit, profile.applied_before = employer, True
    profile.save()
    Education.objects.create(
        profile=profile, degree=Degree.BACHELOR, school="昆明医科大学" if code.startswith("health") else "云南大学",
        major=series.name, graduated_on=datetime.date(birth.year + 22, 7, 1),
        proof_kind=EducationProof.CHSI, verification_code=f"D{index}{birth:%Y%m%d}",
        verification_expires_on=loader.today + datetime.timedelta(days=120),
    )
    TitleRecord.objects.create(
        profile=profile, series=code, level=below, obtained_on=obtained, method=TitleMethod.REVIEW,
        issued_by=f"昆明市{series.name}职称评审委员会",
    )
    if licence:
        QualificationRecord.objects.create(profile=profile, name=licence, obtained_on=datetime.date(birth.year + 24, 9, 1),
                                           certificate_number=f"Z{index}{birth:%Y%m%d}")
    if post:
        PostRecord.objects.create(profile=profile, series=code, level=below, post_name=f"{series.level(below).name}岗位",
                                  started_on=obtained + datetime.timedelta(days=1))
