"""A list's rows read as values give what a template would find on the model instances."""

import pytest

from tests.factories import UnitFactory, engineering_committee
from zhicheng.accounts.models import Unit
from zhicheng.catalog.models import Committee
from zhicheng.web.listing import value_rows

pytestmark = pytest.mark.django_db


def test_a_column_with_choices_gives_its_label_as_the_instance_does_through_relations_too():
    committees = [engineering_committee(level, pool=False) for level in ("district", "city")]
    columns = ("name", "series", "grade", "region_level", "organiser__name", "organiser__kind")

    rows = {row.pk: row for row in value_rows(Committee, [c.pk for c in committees], columns)}

    for committee in committees:
        row = rows[committee.pk]
        assert (row.name, row.grade, row.organiser.name) == (committee.name, committee.grade, committee.organiser.name)
        assert row.get_grade_display == committee.get_grade_display()
        assert row.get_series_display == committee.get_series_display() == "工程系列"  # choices a function gives
        assert row.get_region_level_display == committee.get_region_level_display()
        assert row.organiser.get_kind_display == committee.organiser.get_kind_display() == "机关"
    assert {rows[c.pk].get_grade_display for c in committees} == {"初级", "中级"}


def test_a_value_outside_the_choices_is_shown_as_it_is_and_a_column_without_choices_gets_no_label():
    unit = UnitFactory()
    Unit.objects.filter(pk=unit.pk).update(kind="unlisted")  # as an old row might hold

    (row,) = value_rows(Unit, [unit.pk], ("name", "kind"))

    assert row.get_kind_display == Unit.objects.get(pk=unit.pk).get_kind_display() == "unlisted"
    assert not hasattr(row, "get_name_display")


def test_a_row_deleted_between_finding_the_page_and_reading_it_is_left_out(rf):
    """The page's keys are found first and its rows read by them after: a row that is gone by
    then (an applicant deleting a record while an officer opens the list) is not shown, and the
    page is still served."""
    from zhicheng.web.listing import RowsByKey, Sort, listing

    units = [UnitFactory(name=f"测试单位{n}") for n in range(3)]
    gone = units[1]
    # the rows are read after the keys: as if the second had been deleted in between
    read = RowsByKey(lambda: Unit.objects.exclude(pk=gone.pk))

    found = listing(rf.get("/"), Unit.objects.filter(pk__in=[u.pk for u in units]), read=read,
                    sorts=[Sort("name", "名称", ("name",))])

    assert [unit.pk for unit in found.rows] == [units[0].pk, units[2].pk]
    assert found.page.paginator.count == 3
