"""Dated, layered parameters and the catalogue built on them."""

import datetime
import textwrap

import pytest

from zhicheng.rules import (
    ParameterFileError,
    ParameterNotInForce,
    get_qualification,
    list_qualifications,
    list_series,
    parameter,
)
from zhicheng.rules.catalogue import check_catalogue
from zhicheng.rules.parameters import ParameterSet, default_parameters

D = datetime.date


def write_layers(root, files):
    (root / "layers.yaml").write_text("- {code: national, name: 国家}\n- {code: city, name: 某市}\n", encoding="utf-8")
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(textwrap.dedent(text), encoding="utf-8")
    return ParameterSet.load(root)


def test_value_in_force_is_picked_by_date(tmp_path):
    parameters = write_layers(
        tmp_path,
        {
            "national/a.yaml": """
                limit:
                  description: 上限
                  values:
                    2019-01-01: {value: 3, reference: 文件甲 第一条}
                    2021-07-01: {value: 4, reference: 文件乙 第二条}
            """
        },
    )

    assert parameters.get("limit", D(2021, 6, 30)).value == 3
    assert parameters.get("limit", D(2021, 7, 1)).value == 4
    assert parameters.get("limit", D(2021, 7, 1)).source == "国家 文件乙 第二条"
    with pytest.raises(ParameterNotInForce) as raised:
        parameters.get("limit", D(2018, 12, 31))
    assert str(raised.value) == "“上限”在2018-12-31没有生效的取值，暂不能核对；请系统管理员补充这项规则参数及其依据"


def test_a_lower_layer_overrides_once_in_force(tmp_path):
    parameters = write_layers(
        tmp_path,
        {
            "national/a.yaml": """
                limit:
                  description: 上限
                  values:
                    2019-01-01: {value: 3, reference: 国家文件}
            """,
            "city/b.yaml": """
                limit:
                  description: 上限（本市从严）
                  values:
                    2022-01-01: {value: 2, reference: 本市文件 二(一)}
                local_only:
                  description: 本市新增
                  values:
                    2022-01-01: {value: true, reference: 本市文件 二(二)}
            """,
        },
    )

    assert parameters.get("limit", D(2021, 12, 31)).source == "国家 国家文件"
    assert parameters.get("limit", D(2022, 1, 1)).value == 2
    assert parameters.get("limit", D(2022, 1, 1)).source == "某市 本市文件 二(一)"
    assert parameters.find("local_only", D(2021, 12, 31)) is None
    assert parameters.names() == ["limit", "local_only"]


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("x: {description: d}\n", "须有 values"),
        ("x:\n  values:\n    2022-01-01: {value: 1}\n", "须有 value 和 reference"),
        ("x:\n  values:\n    soon: {value: 1, reference: r}\n", "应为YYYY-MM-DD"),
        ("x: [unclosed\n", "无法读取参数文件"),
    ],
)
def test_malformed_parameter_files_are_refused(tmp_path, text, complaint):
    with pytest.raises(ParameterFileError) as raised:
        write_layers(tmp_path, {"national/a.yaml": text})

    assert complaint in str(raised.value)


def test_a_broken_standard_is_refused_by_the_catalogue_check(tmp_path):
    parameters = write_layers(
        tmp_path,
        {
            "national/s.yaml": """
                series.demo:
                  values:
                    2020-01-01:
                      value: {name: 示例系列, levels: {assistant: 助理, intermediate: 中级}}
                      reference: 示例
                standard.demo.intermediate:
                  values:
                    2020-01-01:
                      value: {bachelor: {after: senior, years: 4}}
                      reference: 示例
            """
        },
    )

    with pytest.raises(ParameterFileError) as raised:
        check_catalogue(parameters)

    assert "after 须为 graduation 或低于intermediate的级别" in str(raised.value)


def test_shipped_catalogue_is_consistent():
    check_catalogue()


def test_shipped_series_and_level_names():
    series = {s.code: s for s in list_series(D(2022, 7, 1))}

    assert series["engineering"].name == "工程系列"
    assert [level.name for level in series["engineering"].levels] == [
        "技术员",
        "助理工程师",
        "工程师",
        "高级工程师",
        "正高级工程师",
    ]
    assert [level.grade for level in series["engineering"].levels] == ["员级", "助理级", "中级", "副高级", "正高级"]
    assert series["school_teacher"].name == "中小学教师"
    assert [level.name for level in series["school_teacher"].levels] == [
        "三级教师",
        "二级教师",
        "一级教师",
        "高级教师",
        "正高级教师",
    ]


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("一级建造师", "intermediate"),
        ("二级建造师", "assistant"),
        ("注册安全工程师", "intermediate"),
        ("一级注册结构工程师", "intermediate"),
        ("二级注册结构工程师", "assistant"),
        ("注册城乡规划师", "intermediate"),
        ("计算机技术与软件专业技术资格（高级）", "senior"),
    ],
)
def test_shipped_qualification_correspondence(name, level):
    qualification = get_qualification(name, D(2022, 7, 1))

    assert (qualification.series, qualification.level) == ("engineering", level)
    assert qualification.source.startswith("云南省 云南省专业技术人员职业资格与职称对应表")


def test_qualification_list_has_one_entry_per_qualification_and_level():
    names = [q.name for q in list_qualifications(D(2022, 7, 1))]

    assert len(names) == len(set(names)) >= 25


O40 = "国家 人社部令第40号 职称评审管理暂行规定"
REGULATION_NUMBERS = [
    ("notice.lead_months", 1, "东川区 2022年6月6日通知 一(三)"),
    ("pre_meeting_filing.working_days", 12, "东川区 2022年6月6日通知 一(六)"),
    ("provincial_window.opens_days_before_receiving", 7, "昆明市 2022年职称申报评审工作通知 二(二)"),
    ("provincial_window.closes_days_before_until_unified", 3, "昆明市 2022年职称申报评审工作通知 二(二)"),
    ("provincial_window.closes_days_before_until", 1, "昆明市 2022年职称申报评审工作通知 二(二)"),
    ("service_cutoff.month_day", {"month": 12, "day": 31}, "昆明市 2022年职称申报评审工作通知 二(四)"),
    ("assessment.months", [1, 4, 7, 10], "东川区 2022年6月6日通知 三"),
    ("publicity.min_working_days", 5, O40),
    ("social_insurance.months", 6, "昆明市 2022年职称申报评审工作通知 二(三)"),
    ("social_insurance.city", "昆明市", "昆明市 2022年职称申报评审工作通知 二(三)"),
    ("review_returns.limit", 3, "东川区 2022年6月6日通知 一(四)"),
    ("committee.min_members_senior_by_series", 25, O40),
    ("committee.min_members_by_specialty", 11, O40),
    ("committee.members_odd", True, O40),
    ("committee.filing_valid_years", 3, O40),
    ("committee.expert_term_years", 3, O40),
    ("credit_archive.record_years", 3, O40),
    ("education_proof.verification_valid_months", 6, "昆明市 2022年职称申报评审工作通知 二(八)"),
]


@pytest.mark.parametrize(
    ("name", "value", "source_prefix"), REGULATION_NUMBERS, ids=[row[0] for row in REGULATION_NUMBERS]
)
def test_every_regulation_number_is_a_dated_parameter_with_its_source(name, value, source_prefix):
    found = parameter(name, D(2022, 7, 1))

    assert found.value == value
    assert found.source.startswith(source_prefix)


def test_every_shipped_value_names_its_layer_and_reference():
    parameters = default_parameters()

    for name in parameters.names():
        for value in parameters.all_values(name):
            assert value.reference.strip()
            assert value.layer.name in {"国家", "云南省", "昆明市", "东川区"}
