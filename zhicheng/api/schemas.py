"""Typed bodies of the rules operations, so that the OpenAPI document describes every field.

The types say what the JSON contract carries (strings, booleans, the fixed vocabularies
of ``zhicheng.rules.terms``, dates as ``YYYY-MM-DD``); what depends on the parameter files
(the series in force, the level of a series, a date's range, the calendar's years) is
checked by the rules engine itself, with the same error shape.
"""

from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from zhicheng.rules.parameters import default_parameters
from zhicheng.rules.terms import (
    ACHIEVEMENT_KINDS,
    ASSESSMENT_RESULTS,
    DEGREES,
    LEVELS,
    PUBLICITY_KINDS,
    REGION_LEVELS,
    ROUTES,
    SEXES,
    TITLE_ORIGINS,
)


def one_of(codes, description: str):
    """A string taking one of ``codes``, described with their Chinese labels."""
    labels = "、".join(f"{code}（{label}）" for code, label in codes.items())
    return Annotated[Literal[tuple(codes)], Field(description=f"{description}：{labels}")]


DateText = Annotated[
    str,
    Field(pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"}, description="日期 YYYY-MM-DD"),
]
MonthText = Annotated[str, Field(pattern=r"^\d{4}-\d{2}$", description="月份 YYYY-MM")]
LAYERS = {layer.code: layer.name for layer in default_parameters().all_layers() if layer.level}
Layer = one_of(LAYERS, "地区（参数文件的层）")


class Body(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)


class Target(Body):
    series: str = Field(description="职称系列代码，如 engineering（工程系列）")
    level: one_of(LEVELS, "职称层级")
    route: one_of(ROUTES, "申报方式")


class Committee(Body):
    region_level: one_of(REGION_LEVELS, "评委会层级")
    region: Layer | None = Field(None, description="评委会所在地区；不填为 dongchuan（东川区）")
    service_cutoff: DateText | None = Field(None, description="评审计划规定的任职年限计算截止日")


class Education(Body):
    degree: one_of(DEGREES, "学历")
    graduated_on: DateText
    engineering: bool | None = Field(None, description="工程类专业")
    professional_degree: bool | None = Field(None, description="专业学位")


class Title(Body):
    series: str
    level: one_of(LEVELS, "职称层级")
    obtained_on: DateText
    origin: one_of(TITLE_ORIGINS, "职称来源")
    confirmed: bool | None = Field(None, description="省外、中央单位职称是否已确认；来源为 yunnan 时可不填")


class Qualification(Body):
    name: str = Field(description="职业资格名称，如 一级建造师")
    obtained_on: DateText


class InsuredMonth(Body):
    month: MonthText
    city: str
    unit: str = Field(description="参保单位统一社会信用代码")


class Post(Body):
    level: one_of(LEVELS, "岗位对应的职称层级")
    from_: DateText = Field(alias="from")
    until: DateText | None = Field(None, description="任职止；不填为至今")


class YearAssessment(Body):
    year: int
    result: one_of(ASSESSMENT_RESULTS, "年度考核结果")


class YearHours(Body):
    year: int
    hours: int = Field(description="当年继续教育学时")


class AchievementIn(Body):
    kind: one_of(ACHIEVEMENT_KINDS, "业绩成果类别")
    achieved_on: DateText = Field(description="取得日期")


class Person(Body):
    retired: bool
    education: list[Education] = Field(min_length=1)
    titles: list[Title] | None = None
    qualifications: list[Qualification] | None = None
    township: bool = Field(description="单位在乡镇（街道）")
    applied_before: bool = Field(description="曾申报过职称")
    contract_unit: str | None = Field(None, description="人事劳动合同签订单位统一社会信用代码")
    social_insurance: list[InsuredMonth] | None = None
    refused_in_years: list[int] | None = Field(None, description="经审核意见次数上限后被不予受理的年度")
    credit_record_until: DateText | None = Field(None, description="诚信档案记录期止")
    workplace: Layer | None = Field(None, description="工作单位所在地区；不填为 dongchuan（东川区）")
    birth_date: DateText | None = Field(None, description="出生日期（取自身份证号），与 sex 一起用于法定退休年龄")
    sex: one_of(SEXES, "性别（取自身份证号）") | None = None
    posts: list[Post] | None = Field(None, description="岗位任职记录；不填则不核对岗位年限")
    assessments: list[YearAssessment] | None = Field(None, description="年度考核结果；不填则不核对")
    ce_hours: list[YearHours] | None = Field(None, description="每年继续教育学时；不填则不核对")
    achievements: list[AchievementIn] | None = Field(None, description="取得现职称以来的业绩成果；不填则不核对")


class PrecheckIn(Body):
    as_of: DateText = Field(description="核对日期")
    target: Target
    committee: Committee
    person: Person


class CheckOut(Schema):
    rule: str = Field(description="规则编号")
    status: Literal["pass", "fail", "notice"]
    message: str
    source: str = Field(description="所依据的层级与文件条款")
    figures: dict[str, Any]


class PrecheckOut(Schema):
    eligible: bool
    earliest_date: DateText | None
    checks: list[CheckOut]


class Publicity(Body):
    kind: one_of(PUBLICITY_KINDS, "公示类别")
    from_: DateText = Field(alias="from")
    to: DateText


class PlanIn(Body):
    region_level: one_of(REGION_LEVELS, "评委会层级")
    region: Layer | None = Field(None, description="评委会所在地区；不填为 dongchuan（东川区）")
    unified_submission: bool | None = Field(None, description="省级评委会要求统一报送")
    notice_filed_on: DateText | None = None
    notice_published_on: DateText | None = None
    applications_open_on: DateText | None = None
    receiving_from: DateText | None = None
    receiving_until: DateText | None = None
    meeting_on: DateText | None = None
    pre_meeting_filed_on: DateText | None = None
    confirmation_list_sent_on: DateText | None = None
    pre_meeting_publicity_from: DateText | None = None
    confirmation_done_on: DateText | None = None
    publicity: list[Publicity] | None = None


class EarliestEnd(Schema):
    kind: str
    from_: DateText = Field(alias="from")
    earliest_end: DateText


class Computed(Schema):
    window_first_day: DateText | None
    window_last_day: DateText | None
    latest_pre_meeting_filing: DateText | None
    earliest_applications_open: DateText | None
    publicity_earliest_end: list[EarliestEnd]


class Violation(Schema):
    rule: str
    message: str
    dates: dict[str, DateText]


class PlanOut(Schema):
    ok: bool
    computed: Computed
    violations: list[Violation]


class ErrorDetail(Schema):
    field: str = Field(description="出错字段的路径，如 person.education[0].graduated_on；整体错误为空")
    message: str


class ErrorOut(Schema):
    error: ErrorDetail
