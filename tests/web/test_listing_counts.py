"""A list's count and page, read in one query, are those Django's paginator gives, whether the
list as it is first shown has its rows found by their own columns (counted by a subquery apart
from the page) or it is filtered, in another order, or needs a query of its own to find its
rows (counted as a window over the rows found once)."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from tests.factories import UnitFactory, UserFactory, dongchuan
from zhicheng.accounts.models import Role, Unit, UnitKind, User
from zhicheng.web.listing import Filter, Sort, listing

pytestmark = pytest.mark.django_db

SORTS = [Sort("name", "按名称", ("name",)), Sort("code", "按信用代码", ("credit_code",))]
NAMED = [Filter("name", "单位名称", "name__contains")]


@pytest.fixture
def units():
    made = [UnitFactory(name=f"单位{n:02d}", kind=UnitKind.STATE_ENTERPRISE if n % 3 else UnitKind.GOVERNMENT) for n in range(11)]
    for unit in made[::2]:
        UserFactory(role=Role.EMPLOYER, unit=unit)
    return made


def found_by_columns():
    return Unit.objects.filter(kind=UnitKind.STATE_ENTERPRISE, name__startswith="单位")


def found_by_queries():
    return Unit.objects.filter(region_id__in=dongchuan().subtree()).filter(Exists(User.objects.filter(unit=OuterRef("pk"))))


@pytest.mark.parametrize("rows, query, counted_by", [
    (found_by_columns, {}, "subquery"),
    (found_by_columns, {"sort": "code"}, "window"),
    (found_by_columns, {"name": "单位"}, "window"),
    (found_by_queries, {}, "window"),
])
@pytest.mark.parametrize("number", ["1", "2", "3", "9", "x", "-1"])
def test_the_count_and_page_are_the_paginators_however_the_rows_are_found(rf, units, rows, query, counted_by, number):
    order = ("credit_code", "-pk") if query.get("sort") == "code" else ("name", "-pk")
    expected = Paginator(rows().filter(name__contains=query.get("name", "")).order_by(*order), 3).get_page(number)

    with CaptureQueriesContext(connection) as queries:
        found = listing(rf.get("/", {**query, "page": number}), rows(), filters=NAMED, sorts=SORTS, per_page=3, columns=("name",))

    assert found.page.paginator.count == expected.paginator.count > 3
    assert found.page.number == expected.number
    assert [row.pk for row in found.rows] == [unit.pk for unit in expected.object_list]
    assert [row.name for row in found.rows] == [unit.name for unit in expected.object_list]
    if number in ("1", "2", "x"):  # a page with rows: the count comes with its keys
        (keys, *_) = [q["sql"] for q in queries.captured_queries if "listed_rows" in q["sql"]]
        assert ("OVER" in keys) == (counted_by == "window")
