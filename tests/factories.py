"""Factories for the tests: real objects in the database, valid by the same checks as
production data."""

import datetime
import itertools

import factory

from zhicheng.accounts.models import Region, RegionLevel, Role, Unit, UnitKind, User
from zhicheng.demo.synthetic import synthetic_credit_code, synthetic_id_number
from zhicheng.profiles.models import ApplicantProfile

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
