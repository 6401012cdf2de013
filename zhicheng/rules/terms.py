"""The fixed vocabularies of the system, code → Chinese label (术语), each defined once.

The codes are what the JSON contract of issue 3 carries and what the database
stores; the Django side builds its ``TextChoices`` from these mappings
(``zhicheng.catalog.vocabulary``), so a label is written here and nowhere else.
The order of ``LEVELS`` is the ladder, lowest first. ``LEVELS`` are the generic
grades (员级 … 正高级) of the contract; people see a level under its series' own
name (工程师, 一级教师, 主治医师), from the series' parameter file.
"""

from __future__ import annotations

LEVELS = {
    "technician": "员级",
    "assistant": "助理级",
    "intermediate": "中级",
    "senior": "副高级",
    "principal": "正高级",
}

DEGREES = {
    "secondary": "中职/中专",
    "college": "大专",
    "bachelor": "本科",
    "second_bachelor": "第二学士学位",
    "master": "硕士",
    "doctor": "博士",
}

# 申报方式: the way an application goes. 破格 and 转系列 are reviews with conditions of
# their own (``route.<route>`` in the parameter files); 考核定职 is decided by the bureau.
ROUTES = {
    "review": "正常评审",
    "exceptional": "破格申报",
    "series_change": "转系列申报",
    "assessment": "考核定职",
}

# The 申报方式 column of the 综合情况（公示）表, in the form's own words.
PUBLICITY_FORM_ROUTES = {
    "review": "正常",
    "exceptional": "破格",
    "series_change": "转系列",
    "assessment": "考核认定",
}

# The routes whose years and conditions are their own parameter (``route.<code>``), not the standard's.
OWN_RULE_ROUTES = ("exceptional", "series_change")

REGION_LEVELS = {
    "province": "省级",
    "city": "市级",
    "district": "区级",
}

TITLE_ORIGINS = {
    "yunnan": "云南省内",
    "other_province": "外省",
    "central": "中央单位",
}

PUBLICITY_KINDS = {
    "unit": "单位内公示",
    "qualification": "资格审核公示",
    "result": "评审结果公示",
}

SEXES = {
    "male": "男",
    "female": "女",
}

# Annual assessment results (年度考核结果), best first.
ASSESSMENT_RESULTS = {
    "excellent": "优秀",
    "competent": "合格",
    "basic": "基本合格",
    "incompetent": "不合格",
}

# 业绩成果的类别 (an application's achievements since the current title).
ACHIEVEMENT_KINDS = {
    "project": "项目",
    "paper": "论文",
    "award": "获奖",
    "patent": "专利",
    "standard": "标准",
}

# The series' own conditions beyond years (E8), as the parameter files name them.
CONDITION_KINDS = {
    "qualification": "须具备的资格或执业资格",
    "post_years": "岗位任职年限",
    "continuing_education": "继续教育学时",
    "annual_assessment": "年度考核结果",
    "achievement": "业绩成果",
}

# A standard's route either starts at graduation or at obtaining a level.
GRADUATION = "graduation"
