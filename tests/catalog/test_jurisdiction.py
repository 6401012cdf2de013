"""The system's regions mapped onto the layers of the parameter files."""

import pytest

from zhicheng.accounts.models import Region
from zhicheng.catalog.rules_service import jurisdiction

TANGDAN = Region(code="530113101", name="汤丹镇", level="township")
KUNMING = Region(code="530100", name="昆明市", level="city")
YUNNAN = Region(code="530000", name="云南省", level="province")
QUJING = Region(code="530300", name="曲靖市", level="city")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"region_level": "city", "committee_region": KUNMING, "workplace_region": TANGDAN},
         {"committee": {"region": "kunming"}, "person": {"workplace": "dongchuan"}}),
        ({"region_level": "city", "workplace_region": TANGDAN},
         {"committee": {"region": "kunming"}, "person": {"workplace": "dongchuan"}}),
        ({"region_level": "district", "workplace_region": TANGDAN},
         {"committee": {"region": "dongchuan"}, "person": {"workplace": "dongchuan"}}),
        ({"region_level": "province", "committee_region": YUNNAN},
         {"committee": {"region": "yunnan"}, "person": {}}),
        # a city the parameter files have no layer for: its province, and no committee layer of that level
        ({"region_level": "city", "committee_region": QUJING, "workplace_region": QUJING},
         {"committee": {}, "person": {"workplace": "yunnan"}}),
    ],
)
def test_regions_are_mapped_to_the_layer_of_their_division(kwargs, expected):
    assert jurisdiction(**kwargs) == expected
