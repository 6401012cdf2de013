"""The demo has committees, experts and applicants for every shipped series."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from zhicheng.catalog.models import Committee
from zhicheng.profiles.models import TitleRecord
from zhicheng.rules import list_series

pytestmark = pytest.mark.django_db


def test_every_shipped_series_has_district_and_city_committees_experts_and_applicants():
    call_command("load_demo")
    today = timezone.localdate()

    for series in list_series(today):
        committees = Committee.objects.filter(is_demo=True, series=series.code)
        assert {"district", "city"} <= set(committees.values_list("region_level", flat=True)), series.code
        for committee in committees.exclude(series="engineering"):  # 工程 is the loader's own data
            pool = committee.experts.count()
            assert pool >= 11 and pool % 2 == 1, committee.name
            assert committee.filing_covers(today), committee.name
            assert committee.specialties.filter(series=series.code).exists(), committee.name
        assert TitleRecord.objects.filter(series=series.code, profile__user__is_demo=True).exists(), series.code
