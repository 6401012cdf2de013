import datetime

import pytest
import time_machine

from tests.certificates import steps
from tests.factories import UnitFactory, UserFactory, dongchuan, region
from zhicheng.accounts.models import RegionLevel, Role


@pytest.fixture
def clock():
    with time_machine.travel(datetime.datetime(2022, 7, 15, 9, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def cast(db, clock):
    return steps.cast(clock)


@pytest.fixture
def other_bureau(db):
    wuhua = region("530102", "五华区", RegionLevel.DISTRICT, dongchuan().parent)
    return UserFactory(role=Role.BUREAU, unit=UnitFactory(name="昆明市五华区人力资源和社会保障局", kind="government", region=wuhua))


@pytest.fixture
def passed(cast):
    return steps.passed(cast)


@pytest.fixture
def in_publicity(cast, passed):
    return steps.in_publicity(cast, passed)


@pytest.fixture
def certificate(cast, in_publicity):
    return steps.certificate(cast, in_publicity)
