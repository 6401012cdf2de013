"""The fixed vocabularies of the rules contract, code → Chinese label (术语).

The codes are what the JSON contract of issue 3 carries; the Django side can
build ``TextChoices`` from these mappings. The order of ``LEVELS`` is the
ladder, lowest first.
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

ROUTES = {
    "review": "评审",
    "assessment": "考核定职",
}

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

# A standard's route either starts at graduation or at obtaining a level.
GRADUATION = "graduation"
