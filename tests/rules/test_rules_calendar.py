"""The working-day calendar on real dates, overrides, coverage, and properties."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhicheng.rules import CalendarYearNotCovered, RulesError, WorkingCalendar, default_calendar

D = datetime.date
calendar = default_calendar()


@pytest.mark.parametrize("day", [D(2022, 10, 8), D(2022, 10, 9)])
def test_adjusted_weekend_after_national_day_2022_is_a_working_day(day):
    assert day.weekday() >= 5
    assert calendar.is_working_day(day) is True


@pytest.mark.parametrize("day", [D(2022, 10, d) for d in range(1, 8)])
def test_national_day_2022_holidays(day):
    assert calendar.is_working_day(day) is False


@pytest.mark.parametrize("day", [D(2022, 1, 29), D(2022, 1, 30)])
def test_spring_festival_2022_working_saturday_and_sunday(day):
    assert calendar.is_working_day(day) is True


@pytest.mark.parametrize("day", [D(2022, 1, 31) + datetime.timedelta(days=i) for i in range(7)])
def test_spring_festival_2022_holidays(day):
    assert calendar.is_working_day(day) is False


def test_ordinary_weekdays_and_weekends():
    assert calendar.is_working_day(D(2022, 7, 15)) is True  # Friday
    assert calendar.is_working_day(D(2022, 7, 16)) is False  # Saturday


def test_publicity_across_national_day_has_only_four_working_days():
    assert calendar.count_working_days(D(2022, 9, 29), D(2022, 10, 9)) == 4


def test_count_working_days_closed_range_and_empty_range():
    assert calendar.count_working_days(D(2022, 10, 10), D(2022, 10, 10)) == 1
    assert calendar.count_working_days(D(2022, 10, 1), D(2022, 10, 7)) == 0
    assert calendar.count_working_days(D(2022, 10, 10), D(2022, 10, 9)) == 0
    # 260 weekdays, 18 of them holidays, 7 adjusted working weekend days
    assert calendar.count_working_days(D(2022, 1, 1), D(2022, 12, 31)) == 249


def test_add_working_days_does_not_count_the_start_day():
    assert calendar.add_working_days(D(2022, 9, 30), 1) == D(2022, 10, 8)
    assert calendar.add_working_days(D(2022, 10, 3), 1) == D(2022, 10, 8)  # start on a holiday
    assert calendar.add_working_days(D(2022, 10, 3), -1) == D(2022, 9, 30)
    assert calendar.add_working_days(D(2022, 10, 8), -1) == D(2022, 9, 30)
    assert calendar.add_working_days(D(2022, 10, 3), 0) == D(2022, 10, 3)


def test_twelve_working_days_before_a_meeting_across_national_day():
    # 2022-10-20 (Thu): 19, 18, 17, 14, 13, 12, 11, 10, 9 (Sun, adjusted), 8 (Sat, adjusted), 9-30, 9-29
    assert calendar.add_working_days(D(2022, 10, 20), -12) == D(2022, 9, 29)


def test_nth_working_day_from_counts_the_start_day_when_working():
    assert calendar.nth_working_day_from(D(2022, 9, 29), 5) == D(2022, 10, 10)
    assert calendar.nth_working_day_from(D(2022, 10, 1), 1) == D(2022, 10, 8)
    with pytest.raises(ValueError):
        calendar.nth_working_day_from(D(2022, 10, 1), 0)


def test_a_year_not_covered_raises_naming_the_year():
    with pytest.raises(CalendarYearNotCovered) as raised:
        calendar.is_working_day(D(2027, 3, 1))

    assert raised.value.year == 2027
    assert str(raised.value) == "工作日历尚未导入2027年的法定节假日安排，涉及2027年的日期暂不能计算；请系统管理员按国务院办公厅公布的2027年节假日安排导入"
    assert isinstance(raised.value, RulesError)


@pytest.mark.parametrize(
    "operation",
    [
        lambda c: c.add_working_days(D(2026, 12, 30), 5),
        lambda c: c.count_working_days(D(2026, 12, 1), D(2027, 1, 10)),
        lambda c: c.nth_working_day_from(D(2026, 12, 31), 3),
    ],
)
def test_operations_running_into_2027_raise_for_2027(operation):
    with pytest.raises(CalendarYearNotCovered) as raised:
        operation(calendar)

    assert raised.value.year == 2027


def test_years_before_the_package_are_not_covered():
    with pytest.raises(CalendarYearNotCovered) as raised:
        calendar.add_working_days(D(2004, 1, 2), -5)

    assert raised.value.year == 2003


def test_overrides_win_over_the_package():
    corrected = WorkingCalendar({D(2022, 10, 10): False, D(2022, 10, 1): True})

    assert corrected.is_working_day(D(2022, 10, 10)) is False
    assert corrected.is_working_day(D(2022, 10, 1)) is True
    assert corrected.count_working_days(D(2022, 9, 29), D(2022, 10, 10)) == 5
    assert calendar.is_working_day(D(2022, 10, 10)) is True  # the default calendar is untouched


def test_a_declared_year_is_covered_by_its_overrides():
    # 2027 loaded by an administrator: New Year's Day off, a working Sunday
    loaded = WorkingCalendar({D(2027, 1, 1): False, D(2027, 1, 3): True}, covered_years=[2027])

    assert loaded.covers(2027)
    assert loaded.is_working_day(D(2027, 1, 1)) is False  # Friday, holiday
    assert loaded.is_working_day(D(2027, 1, 3)) is True  # Sunday, adjusted
    assert loaded.is_working_day(D(2027, 1, 4)) is True  # Monday
    assert loaded.is_working_day(D(2027, 1, 9)) is False  # Saturday
    assert loaded.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 3)


def test_overrides_alone_do_not_cover_a_year():
    partial = WorkingCalendar({D(2027, 1, 1): False})

    assert not partial.covers(2027)
    with pytest.raises(CalendarYearNotCovered):
        partial.is_working_day(D(2027, 1, 1))


def test_a_gap_between_covered_years_is_never_skipped():
    with_2028 = WorkingCalendar(covered_years=[2028])

    with pytest.raises(CalendarYearNotCovered) as raised:
        with_2028.add_working_days(D(2026, 12, 31), 10)

    assert raised.value.year == 2027


def test_overrides_must_map_dates_to_booleans():
    with pytest.raises(TypeError):
        WorkingCalendar({"2022-10-10": False})


# --- properties ----------------------------------------------------------------

# drawn so that 400 days or 250 working days either way stay inside the packaged years (2004–2026)
days = st.dates(min_value=D(2005, 1, 1), max_value=D(2025, 11, 26))
steps = st.integers(min_value=-250, max_value=250)


@given(day=days, n=steps)
def test_adding_then_subtracting_returns_to_a_working_start_day(day, n):
    start = calendar.nth_working_day_from(day, 1)

    assert calendar.add_working_days(calendar.add_working_days(start, n), -n) == start


@given(day=days, n=st.integers(min_value=1, max_value=250))
def test_add_working_days_lands_on_a_working_day_n_working_days_later(day, n):
    later = calendar.add_working_days(day, n)
    earlier = calendar.add_working_days(day, -n)

    assert calendar.is_working_day(later) and calendar.is_working_day(earlier)
    assert calendar.count_working_days(day + datetime.timedelta(days=1), later) == n
    assert calendar.count_working_days(earlier, day - datetime.timedelta(days=1)) == n


@given(start=days)
def test_a_computed_publicity_end_is_a_working_day_with_five_working_days(start):
    end = calendar.nth_working_day_from(start, 5)

    assert calendar.is_working_day(end)
    assert calendar.count_working_days(start, end) == 5
    assert calendar.count_working_days(start, end - datetime.timedelta(days=1)) == 4


@given(first=days, length=st.integers(min_value=-3, max_value=400))
def test_count_working_days_matches_a_day_by_day_count(first, length):
    last = first + datetime.timedelta(days=length)
    by_day = sum(calendar.is_working_day(first + datetime.timedelta(days=i)) for i in range(length + 1))

    assert calendar.count_working_days(first, last) == by_day
