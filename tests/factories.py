"""Factories for the tests: real objects in the database, valid by the same checks as
production data."""

import datetime
import io
import itertools

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from zhicheng.accounts.models import Region, RegionLevel, Role, Unit, UnitKind, User
from zhicheng.catalog.models import Committee
from zhicheng.demo.synthetic import synthetic_credit_code, synthetic_id_number
from zhicheng.profiles.models import ApplicantProfile
from zhicheng.review.models import ReviewPlan

_serial = itertools.count(1)


def _birth_date(serial: int) -> datetime.date:
    return datetime.date(1970, 1, 1) + datetime.timedelta(days=serial)


def region(code="530113", name="东川区", level=RegionLevel.DISTRICT, parent=None) -> Region:
    return Region.objects.get_or_create(code=code, defaults={"name": name, "level": level, "parent": parent})[0]


def dongchuan() -> Region:
    yunnan = region("530000", "云南省", RegionLevel.PROVINCE)
    kunming = region("530100", "昆明市", RegionLevel.CITY, yunnan)
    return region("530113", "东川区", RegionLevel.DISTRICT, kunming)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试单位{n}号有限公司")
    credit_code = factory.LazyFunction(lambda: synthetic_credit_code("91", "530113", 9_000_000 + next(_serial)))
    region = factory.LazyFunction(dongchuan)
    kind = UnitKind.PRIVATE_ENTERPRISE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    real_name = factory.Sequence(lambda n: f"测试{n}")
    mobile = factory.Sequence(lambda n: f"1500000{n:04d}")
    role = Role.EMPLOYER
    password = factory.PostGenerationMethodCall("set_password", "Secret#2022")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ApplicantFactory(UserFactory):
    role = Role.APPLICANT
    id_number = factory.LazyFunction(lambda: synthetic_id_number("530113", _birth_date(next(_serial)), 101))
    profile = factory.RelatedFactory("tests.factories.ProfileFactory", factory_related_name="user")


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicantProfile

    user = factory.SubFactory(ApplicantFactory, profile=None)


# The filing and the expert terms of a test committee (C3): 2021 to 2023, around the 2022 year.
FILING = (datetime.date(2021, 1, 1), datetime.date(2023, 12, 31))


def engineering_committee(level="city", name=None, *, pool=True, filing=FILING) -> Committee:
    """A committee inside its filing, with (unless ``pool=False``) the smallest pool of
    experts in term that the rules allow for its kind."""
    grade = {"district": "junior", "city": "intermediate", "province": "senior"}[level]
    committee = Committee.objects.create(
        name=name or f"测试{level}工程系列评委会{next(_serial)}", organiser=UnitFactory(kind="government"),
        series="engineering", grade=grade, region_level=level, region=dongchuan(),
        filed_on=filing[0], filing_valid_until=filing[1],
    )
    if pool:
        expert_pool(committee, FILING)
    return committee


def expert_pool(committee, term, size=None):
    """Experts in term from ``term[0]`` to ``term[1]``: by default the smallest pool allowed."""
    from zhicheng.catalog.models import ExpertMembership, Specialty
    from zhicheng.meetings.counting import minimum_panel

    size = size or minimum_panel(committee, term[0]).value
    specialty = Specialty.objects.get_or_create(series="engineering", name="专家库综合组")[0]
    serial, unit = next(_serial), UnitFactory()
    experts = User.objects.bulk_create([
        User(mobile=f"177{serial % 10000:04d}{seat:04d}", real_name=f"库内专家{seat + 1:02d}", role=Role.EXPERT, unit=unit,
             password="!")
        for seat in range(size)
    ])
    ExpertMembership.objects.bulk_create([
        ExpertMembership(committee=committee, expert=expert, specialty=specialty, title="高级工程师",
                         term_from=term[0], term_until=term[1])
        for expert in experts
    ])


def review_plan(committee, year=2022, **dates) -> ReviewPlan:
    defaults = {
        "applications_open_on": datetime.date(year, 7, 11),
        "receiving_from": datetime.date(year, 8, 15),
        "receiving_until": datetime.date(year, 9, 15),
        "meeting_on": datetime.date(year, 11, 22),
    }
    return ReviewPlan.objects.create(committee=committee, year=year, **{**defaults, **dates})


def ready_engineer(unit, *, insured_until=datetime.date(2022, 7, 1)):
    """An applicant whose profile meets every rule for 工程师 (intermediate) in 2022:
    bachelor 2010, 助理工程师 2014, insured in Kunming by the contract unit."""
    from zhicheng.profiles.models import Education, InsuranceMonth, TitleRecord

    user = ApplicantFactory()
    profile = user.profile
    profile.contract_unit, profile.applied_before = unit, True
    profile.save()
    Education.objects.create(
        profile=profile, degree="bachelor", school="昆明理工大学", major="土木工程", engineering=True,
        graduated_on=datetime.date(2010, 7, 1), proof_kind="chsi", verification_code="A1", verification_expires_on=datetime.date(2022, 12, 31),
    )
    TitleRecord.objects.create(
        profile=profile, series="engineering", level="assistant", obtained_on=datetime.date(2014, 12, 30),
        method="review", issued_by="东川区工程系列初级职称评审委员会",
    )
    month = datetime.date(2021, 7, 1)
    while month <= insured_until:
        InsuranceMonth.objects.create(
            profile=profile, month=month, city="昆明市", insuring_unit_code=unit.credit_code, insuring_unit_name=unit.name
        )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return user


def blank_pdf() -> bytes:
    """A real one-page PDF, as a scanner or "print to PDF" makes it."""
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(595, 842)
    writer.write(out)
    return out.getvalue()


def png_image(colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, "PNG")
    return out.getvalue()


def pdf_file(name="材料.pdf", body: bytes = b"") -> SimpleUploadedFile:
    """A small real PDF, as a browser would upload it."""
    content = blank_pdf() + body
    return SimpleUploadedFile(name, content, content_type="application/pdf")
