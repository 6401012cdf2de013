"""The system's vocabulary as Django choices (术语): each term is defined once, with its
Chinese label, in :mod:`zhicheng.rules.terms`; the models' ``TextChoices`` are built from
it here, so the rules, the API, the forms and the pages use the same labels."""

from django.db import models

from zhicheng.rules import terms


def text_choices(name: str, vocabulary: dict[str, str]) -> type[models.TextChoices]:
    """``TextChoices`` whose members are the vocabulary's codes (``BACHELOR = "bachelor", "本科"``)."""
    return models.TextChoices(name, [(code.upper(), (code, label)) for code, label in vocabulary.items()])


Level = text_choices("Level", terms.LEVELS)  # 职称层级 (the generic grade; shown under the series' own name)
Degree = text_choices("Degree", terms.DEGREES)  # 学历层次
Route = text_choices("Route", terms.ROUTES)  # 申报方式
TitleOrigin = text_choices("TitleOrigin", terms.TITLE_ORIGINS)  # 职称取得地
CommitteeLevel = text_choices("CommitteeLevel", terms.REGION_LEVELS)  # 评委会所属层级
AssessmentResult = text_choices("AssessmentResult", terms.ASSESSMENT_RESULTS)  # 年度考核结果
AchievementKind = text_choices("AchievementKind", terms.ACHIEVEMENT_KINDS)  # 业绩成果类别
