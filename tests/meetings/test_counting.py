"""C2, C3 arithmetic at its edges, in whole numbers over the parameter files."""

import datetime

import pytest

from zhicheng.catalog.models import Committee, CommitteeGrade
from zhicheng.meetings import counting
from zhicheng.meetings.models import draw_experts

DAY = datetime.date(2022, 11, 22)


def test_quorum_parameter_is_two_thirds_with_its_source():
    quorum = counting.quorum(DAY)

    assert quorum.value == {"numerator": 2, "denominator": 3}
    assert "人社部令第40号" in quorum.source


@pytest.mark.parametrize("present, reached", [(16, False), (17, True), (25, True), (0, False)])
def test_quorum_of_25_members_needs_17_present(present, reached):
    assert counting.quorum_reached(present, 25, DAY) is reached


@pytest.mark.parametrize("members, needed", [(25, 17), (11, 8), (9, 6), (3, 2)])
def test_least_share_is_the_smallest_quorum(members, needed):
    share = counting.quorum(DAY).value

    assert counting.least_share(members, share) == needed
    assert counting.quorum_reached(needed, members, DAY) and not counting.quorum_reached(needed - 1, members, DAY)


@pytest.mark.parametrize("yes, passes", [(12, True), (11, False), (17, True), (0, False)])
def test_candidate_with_17_present_needs_12_yes(yes, passes):
    assert counting.candidate_passes(yes, 17, DAY) is passes


def test_candidate_abstentions_count_as_present_not_yes():
    # 11 yes and 6 abstentions: 17 present, 11 yes — not two thirds.
    assert counting.candidate_passes(11, 11 + 6, DAY) is False
    # Without the abstainers present, the same 11 yes would pass.
    assert counting.candidate_passes(11, 11, DAY) is True


def test_candidate_with_nobody_present_does_not_pass():
    assert counting.candidate_passes(0, 0, DAY) is False


@pytest.mark.parametrize("passed, decided, over", [(7, 10, False), (8, 11, True), (0, 0, False), (10, 10, True)])
def test_pass_rate_over_ceiling_of_70_percent(passed, decided, over):
    assert counting.over_ceiling(passed, decided, 70) is over


@pytest.mark.parametrize(
    "grade, by_specialty, minimum",
    [(CommitteeGrade.SENIOR, False, 25), (CommitteeGrade.SENIOR, True, 11), (CommitteeGrade.INTERMEDIATE, False, 11), (CommitteeGrade.JUNIOR, False, 11)],
)
def test_minimum_panel_by_committee_kind(grade, by_specialty, minimum):
    committee = Committee(grade=grade, formed_by_specialty=by_specialty)

    assert counting.minimum_panel(committee, DAY).value == minimum


def test_panel_size_even_refused_naming_the_rule():
    committee = Committee(grade=CommitteeGrade.INTERMEDIATE)

    problem = counting.panel_size_problem(committee, 12, 30, DAY)

    assert "须为单数" in problem and "人社部令第40号" in problem


def test_panel_size_below_senior_series_minimum_refused():
    committee = Committee(grade=CommitteeGrade.SENIOR, formed_by_specialty=False)

    assert "不少于25人" in counting.panel_size_problem(committee, 23, 30, DAY)
    assert counting.panel_size_problem(committee, 25, 30, DAY) is None


def test_panel_size_above_pool_refused():
    committee = Committee(grade=CommitteeGrade.INTERMEDIATE)

    assert "超过" in counting.panel_size_problem(committee, 13, 12, DAY)


def test_draw_same_seed_same_panel_whatever_the_pool_order():
    pool = list(range(100, 125))

    assert draw_experts("5eed", pool, 11) == draw_experts("5eed", list(reversed(pool)), 11)


def test_draw_different_seed_different_panel():
    pool = list(range(100, 125))

    assert set(draw_experts("5eed", pool, 11)) != set(draw_experts("f00d", pool, 11))
