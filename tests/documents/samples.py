"""Plain data for the document tests: two applicants of a Dongchuan hospital."""

import dataclasses
import datetime

from zhicheng.documents.publicity import PublicityApplicant, UnitPublicity

LI_CHUNMEI = PublicityApplicant(
    name="李春梅",
    gender="女",
    birth_month=datetime.date(1985, 3, 1),
    highest_education="大学本科/工学学士",
    school_and_major="昆明理工大学 采矿工程",
    graduated_on=datetime.date(2007, 7, 1),
    current_title="工程师",
    current_title_obtained_on=datetime.date(2015, 12, 1),
    appointed_on=datetime.date(2016, 1, 1),
    series="工程技术",
    specialty="采矿工程",
    level="高级",
    application_route="正常",
    professional_years=15,
    years_in_current_title=6,
    annual_assessments=((2019, "合格"), (2020, "优秀"), (2021, "合格")),
    continuing_education="已完成，累计 540 学时",
    achievements=(
        "主持汤丹镇尾矿库闭库治理工程设计",
        "发表论文《高海拔矿区边坡稳定性分析》",
        "参与编制地方标准 DB53/T 1024—2021",
    ),
    publicity_result="公示期间无异议",
)

WANG_JIANGUO = dataclasses.replace(
    LI_CHUNMEI,
    name="王建国",
    gender="男",
    birth_month=datetime.date(1979, 11, 1),
    current_title="无",
    current_title_obtained_on=None,
    appointed_on=None,
    application_route="破格",
    annual_assessments=(),
    achievements=(),
    publicity_result="异议不成立（2022年10月8日收到异议：业绩材料不实。处理情况：经核实，材料属实）",
)

HOSPITAL_PUBLICITY = UnitPublicity(
    unit_name="昆明市东川区第二人民医院",
    unit_kind="事业单位",
    period_start=datetime.date(2022, 9, 29),
    period_end=datetime.date(2022, 10, 10),
    handler="张丽",
    seal_text="昆明市东川区第二人民医院",
    applicants=(LI_CHUNMEI, WANG_JIANGUO),
)

# The same publicity while it runs: no results yet, and a paper seal.
RUNNING_PUBLICITY = dataclasses.replace(
    HOSPITAL_PUBLICITY, seal_text=None,
    applicants=tuple(dataclasses.replace(applicant, publicity_result=None) for applicant in HOSPITAL_PUBLICITY.applicants),
)
