"""The time rules T1–T7 and the plan check, on real 2022 dates."""

import datetime

import pytest

from zhicheng.rules import (
    CalendarYearNotCovered,
    RuleInputError,
    WorkingCalendar,
    application_window,
    assessment_window,
    default_calendar,
    earliest_applications_open,
    latest_pre_meeting_filing,
    plan_check,
    publicity_earliest_end,
    service_cutoff,
)

D = datetime.date


def rules_broken(result):
    return [violation["rule"] for violation in result["violations"]]


# --- T1 --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "earliest"),
    [
        (D(2022, 6, 8), D(2022, 7, 8)),
        (D(2022, 1, 31), D(2022, 2, 28)),  # no 31 February: the month's last day
        (D(2022, 12, 15), D(2023, 1, 15)),
    ],
)
def test_t1_applications_open_one_calendar_month_after_the_notice(published, earliest):
    assert earliest_applications_open(published) == earliest


@pytest.mark.parametrize(("opens", "broken"), [("2022-07-08", []), ("2022-07-07", ["T1"])])
def test_t1_plan_open_day_exact_and_day_before(opens, broken):
    result = plan_check(
        {"region_level": "district", "notice_published_on": "2022-06-08", "applications_open_on": opens}
    )

    assert rules_broken(result) == broken
    assert result["computed"]["earliest_applications_open"] == "2022-07-08"


@pytest.mark.parametrize(("filed", "broken"), [("2022-06-08", []), ("2022-06-09", ["T1"])])
def test_t1_notice_filed_before_publishing(filed, broken):
    result = plan_check({"region_level": "district", "notice_filed_on": filed, "notice_published_on": "2022-06-08"})

    assert rules_broken(result) == broken


# --- T2 --------------------------------------------------------------------------


def test_t2_latest_filing_is_the_twelfth_working_day_back_across_national_day():
    assert latest_pre_meeting_filing(D(2022, 10, 20), default_calendar()) == D(2022, 9, 29)


def test_t2_meeting_day_itself_is_not_counted():
    # meeting on Monday 2022-07-18: 07-15 is the 1st working day back, 06-30 the 12th
    assert latest_pre_meeting_filing(D(2022, 7, 18), default_calendar()) == D(2022, 6, 30)


@pytest.mark.parametrize(("filed", "broken"), [("2022-09-29", []), ("2022-09-30", ["T2"])])
def test_t2_plan_filing_on_the_last_day_and_the_day_after(filed, broken):
    result = plan_check({"region_level": "district", "meeting_on": "2022-10-20", "pre_meeting_filed_on": filed})

    assert rules_broken(result) == broken
    assert result["computed"]["latest_pre_meeting_filing"] == "2022-09-29"


def test_t2_message_states_the_dates_and_the_clause():
    result = plan_check({"region_level": "district", "meeting_on": "2022-10-20", "pre_meeting_filed_on": "2022-09-30"})

    assert result["violations"] == [
        {
            "rule": "T2",
            "message": "评审会议定于2022-10-20，须在会前12个工作日即2022-09-29（含）之前报区人力资源和社会保障局备案，"
            "计划备案日期2022-09-30过晚；未经备案的评审行为不予认可（依据：东川区 2022年6月6日通知 一(六)）",
            "dates": {
                "meeting_on": "2022-10-20",
                "pre_meeting_filed_on": "2022-09-30",
                "latest_pre_meeting_filing": "2022-09-29",
            },
        }
    ]


# --- T3 --------------------------------------------------------------------------


@pytest.mark.parametrize(("unified", "last_day"), [(True, D(2022, 8, 27)), (False, D(2022, 8, 29))])
def test_t3_provincial_window(unified, last_day):
    window = application_window(
        "province",
        applications_open_on=None,
        receiving_from=D(2022, 8, 20),
        receiving_until=D(2022, 8, 30),
        unified_submission=unified,
    )

    assert window == (D(2022, 8, 13), last_day)


@pytest.mark.parametrize("region_level", ["city", "district"])
def test_t3_city_and_district_window_is_open_day_to_receiving_until(region_level):
    window = application_window(
        region_level,
        applications_open_on=D(2022, 7, 8),
        receiving_from=D(2022, 7, 8),
        receiving_until=D(2022, 8, 31),
        unified_submission=None,
    )

    assert window == (D(2022, 7, 8), D(2022, 8, 31))


def test_t3_provincial_last_day_needs_the_unified_flag():
    result = plan_check({"region_level": "province", "receiving_from": "2022-08-20", "receiving_until": "2022-08-30"})

    assert result["computed"]["window_first_day"] == "2022-08-13"
    assert result["computed"]["window_last_day"] is None


def test_t3_window_closing_before_it_opens_is_a_violation():
    result = plan_check(
        {
            "region_level": "province",
            "receiving_from": "2022-08-20",
            "receiving_until": "2022-08-15",
            "unified_submission": True,
        }
    )

    assert rules_broken(result) == ["T3"]
    assert result["violations"][0]["dates"] == {"window_first_day": "2022-08-13", "window_last_day": "2022-08-12"}


def test_t3_city_window_closing_before_it_opens_is_a_violation():
    result = plan_check({"region_level": "city", "applications_open_on": "2022-08-01", "receiving_until": "2022-07-31"})

    assert rules_broken(result) == ["T3"]


# --- T4 --------------------------------------------------------------------------


def test_t4_city_cutoff_is_31_december_of_the_review_year():
    cutoff = service_cutoff("city", "review", D(2022, 7, 15))

    assert cutoff.date == D(2022, 12, 31)
    assert cutoff.source == "昆明市 2022年职称申报评审工作通知 二(四)"


def test_t4_province_without_its_own_date_uses_31_december():
    cutoff = service_cutoff("province", "review", D(2022, 7, 15))

    assert cutoff.date == D(2022, 12, 31)
    assert "省级评委会未单独规定截止日" in cutoff.explanation


def test_t4_plan_date_wins_and_assessment_counts_to_the_day():
    assert service_cutoff("province", "review", D(2022, 7, 15), planned=D(2022, 8, 31)).date == D(2022, 8, 31)
    assert service_cutoff("district", "assessment", D(2022, 7, 15)).date == D(2022, 7, 15)


# --- T5 --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "is_open", "next_opens_on"),
    [
        (D(2022, 1, 1), True, None),
        (D(2022, 10, 31), True, None),
        (D(2022, 2, 1), False, D(2022, 4, 1)),
        (D(2022, 6, 30), False, D(2022, 7, 1)),
        (D(2022, 11, 30), False, D(2023, 1, 1)),
        (D(2022, 12, 31), False, D(2023, 1, 1)),
    ],
)
def test_t5_assessment_months(day, is_open, next_opens_on):
    window = assessment_window(day)

    assert (window.is_open, window.next_opens_on) == (is_open, next_opens_on)
    assert window.months == (1, 4, 7, 10)


# --- T6 --------------------------------------------------------------------------


@pytest.mark.parametrize(("sent", "broken"), [("2022-09-30", []), ("2022-10-01", ["T6"])])
def test_t6_confirmation_list_before_the_pre_meeting_publicity(sent, broken):
    result = plan_check(
        {"region_level": "city", "confirmation_list_sent_on": sent, "pre_meeting_publicity_from": "2022-10-01"}
    )

    assert rules_broken(result) == broken


@pytest.mark.parametrize(("done", "broken"), [("2022-10-19", []), ("2022-10-20", ["T6"])])
def test_t6_confirmation_done_before_the_meeting(done, broken):
    result = plan_check({"region_level": "city", "confirmation_done_on": done, "meeting_on": "2022-10-20"})

    assert rules_broken(result) == broken


# --- T7 --------------------------------------------------------------------------


def test_t7_publicity_across_national_day_is_too_short():
    result = plan_check(
        {"region_level": "district", "publicity": [{"kind": "unit", "from": "2022-09-29", "to": "2022-10-09"}]}
    )

    assert result["ok"] is False
    assert result["violations"][0]["message"] == (
        "单位内公示期2022-09-29至2022-10-09仅含4个工作日，至少需要5个工作日，最早可于2022-10-10结束"
        "（依据：国家 人社部令第40号 职称评审管理暂行规定 单位内部公示、评审结果公示期不少于5个工作日）"
    )
    assert result["computed"]["publicity_earliest_end"] == [
        {"kind": "unit", "from": "2022-09-29", "earliest_end": "2022-10-10"}
    ]


def test_t7_publicity_ending_on_the_earliest_end_is_enough():
    result = plan_check(
        {
            "region_level": "district",
            "publicity": [
                {"kind": "unit", "from": "2022-09-29", "to": "2022-10-10"},
                {"kind": "result", "from": "2022-01-28", "to": "2022-02-09"},
            ],
        }
    )

    assert result["ok"] is True
    # 2022-01-28 Fri, 29 Sat and 30 Sun worked, Spring Festival to 02-06, then 02-07 and 02-08
    assert result["computed"]["publicity_earliest_end"][1]["earliest_end"] == "2022-02-08"


def test_t7_earliest_end_from_a_holiday_start():
    assert publicity_earliest_end(D(2022, 10, 1), default_calendar()) == D(2022, 10, 12)


# --- the plan check as a whole ----------------------------------------------------


def test_plan_check_with_no_dates_checks_nothing():
    assert plan_check({"region_level": "city"}) == {
        "ok": True,
        "computed": {
            "window_first_day": None,
            "window_last_day": None,
            "latest_pre_meeting_filing": None,
            "earliest_applications_open": None,
            "publicity_earliest_end": [],
        },
        "violations": [],
    }


def test_plan_check_of_a_sound_2022_plan():
    plan = {
        "region_level": "district",
        "notice_filed_on": "2022-06-06",
        "notice_published_on": "2022-06-08",
        "applications_open_on": "2022-07-08",
        "receiving_from": "2022-07-08",
        "receiving_until": "2022-08-31",
        "unified_submission": False,
        "meeting_on": "2022-10-20",
        "pre_meeting_filed_on": "2022-09-28",
        "confirmation_list_sent_on": "2022-09-15",
        "pre_meeting_publicity_from": "2022-09-19",
        "confirmation_done_on": "2022-10-14",
        "publicity": [
            {"kind": "unit", "from": "2022-06-20", "to": "2022-06-24"},
            {"kind": "qualification", "from": "2022-09-19", "to": "2022-09-23"},
            {"kind": "result", "from": "2022-10-24", "to": "2022-10-28"},
        ],
    }

    result = plan_check(plan)

    assert result["ok"] is True, result["violations"]
    assert result["computed"]["window_first_day"] == "2022-07-08"
    assert result["computed"]["window_last_day"] == "2022-08-31"


def test_plan_check_with_an_administrator_override():
    # a day off declared on 2022-09-29 moves the T2 limit one working day back
    calendar = WorkingCalendar({D(2022, 9, 29): False})

    result = plan_check(
        {"region_level": "district", "meeting_on": "2022-10-20", "pre_meeting_filed_on": "2022-09-29"}, calendar
    )

    assert result["computed"]["latest_pre_meeting_filing"] == "2022-09-28"
    assert rules_broken(result) == ["T2"]


def test_plan_check_in_a_year_the_calendar_does_not_cover():
    with pytest.raises(CalendarYearNotCovered) as raised:
        plan_check({"region_level": "district", "meeting_on": "2027-03-10"})

    assert "2027年" in str(raised.value)


@pytest.mark.parametrize(
    ("plan", "field", "message"),
    [
        ({}, "region_level", "必填"),
        ({"region_level": "town"}, "region_level", "未知取值“town”"),
        ({"region_level": "city", "meeting_on": "20221020"}, "meeting_on", "日期格式应为YYYY-MM-DD"),
        ({"region_level": "city", "meeting_day": "2022-10-20"}, "meeting_day", "未知字段"),
        ({"region_level": "city", "unified_submission": "yes"}, "unified_submission", "应为布尔值"),
        ({"region_level": "city", "publicity": [{"kind": "unit", "from": "2022-10-10"}]}, "publicity[0].to", "必填"),
        (
            {"region_level": "city", "publicity": [{"kind": "press", "from": "2022-10-10", "to": "2022-10-14"}]},
            "publicity[0].kind",
            "未知取值",
        ),
        (
            {"region_level": "city", "publicity": [{"kind": "unit", "from": "2022-10-10", "to": "2022-10-09"}]},
            "publicity[0].to",
            "不得早于开始日期",
        ),
    ],
)
def test_plan_check_invalid_input_names_the_field(plan, field, message):
    with pytest.raises(RuleInputError) as raised:
        plan_check(plan)

    assert raised.value.field == field
    assert message in raised.value.message
