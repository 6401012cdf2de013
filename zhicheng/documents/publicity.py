"""《昆明市职称申报综合情况（公示）表》(附件5, SPEC D1): the unit publicity of its
recommended applicants (seed §二(七)), one form per applicant as PDF and one list per
unit as Excel.

Identity numbers and phone numbers have no field here on purpose: the form is posted
in public (SPEC P2)."""

from __future__ import annotations

import base64
import datetime
import io
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.template.loader import render_to_string

from zhicheng.display import chinese_date, chinese_month
from zhicheng.documents.rendering import PiecedPdf, Stamp, render_xlsx, write_pdf
from zhicheng.rules.terms import PUBLICITY_FORM_ROUTES

FORM_TITLE = "昆明市职称申报综合情况（公示）表"
MAX_ACHIEVEMENTS = 5
APPLICATION_ROUTES = tuple(PUBLICITY_FORM_ROUTES.values())
T = TypeVar("T")

# The stamp's geometry, matching .seal in publicity_form.html and seal.svg: 34 mm across,
# characters 9pt high, their middle line 13.2 mm from the centre, spread over at most 250 degrees.
SEAL_SIZE = "34mm"
SEAL_ARC_DEGREES = 250.0
SEAL_TEXT_RADIUS_MM = 13.2
SEAL_CHARACTER_MM = 3.2

# SPEC §8 D1, in order: the Excel header row and the labels on the form.
COLUMNS = (
    "姓名", "性别", "出生年月",
    "工作单位", "单位性质",
    "最高学历/学位", "毕业院校及专业", "毕业时间",
    "现职称/资格及取得时间", "聘任时间",
    "申报系列", "专业", "级别", "申报方式",
    "从事专业技术工作年限", "任现职年限",
    "任现职以来年度考核结果",
    "继续教育完成情况",
    "主要业绩成果",
    "公示起止日期", "公示结果及异议处理", "经办人", "单位盖章",
)

# The form's bordered rows above the achievements: two label/value pairs a row, or one
# pair across the width for long values.
FORM_ROWS = (
    ("姓名", "性别"),
    ("出生年月", "单位性质"),
    ("工作单位",),
    ("最高学历/学位", "毕业时间"),
    ("毕业院校及专业",),
    ("现职称/资格及取得时间", "聘任时间"),
    ("申报系列", "专业"),
    ("级别", "申报方式"),
    ("从事专业技术工作年限", "任现职年限"),
    ("任现职以来年度考核结果",),
    ("继续教育完成情况",),
)


@dataclass(frozen=True)
class PublicityApplicant:
    """One applicant on the 公示表; years of service are counted by the caller to the
    cut-off date (任职年限计算截止日)."""

    name: str  # 姓名
    gender: str  # 性别
    birth_month: datetime.date  # 出生年月 (the day is not shown)
    highest_education: str  # 最高学历/学位, e.g. 大学本科/工学学士
    school_and_major: str  # 毕业院校及专业
    graduated_on: datetime.date  # 毕业时间
    current_title: str  # 现职称/资格, 无 when none
    current_title_obtained_on: datetime.date | None  # 取得时间
    appointed_on: datetime.date | None  # 聘任时间
    series: str  # 申报系列
    specialty: str  # 专业
    level: str  # 级别
    application_route: str  # 申报方式: 正常/破格/转系列/考核认定
    professional_years: int  # 从事专业技术工作年限
    years_in_current_title: int  # 任现职年限
    annual_assessments: tuple[tuple[int, str], ...]  # 任现职以来年度考核结果: (year, result)
    continuing_education: str  # 继续教育完成情况
    achievements: tuple[str, ...] = ()  # 主要业绩成果, at most five
    publicity_result: str | None = None  # 公示结果及异议处理 of this applicant; None while the publicity runs

    def __post_init__(self):
        if len(self.achievements) > MAX_ACHIEVEMENTS:
            raise ValueError(
                f"{self.name}：主要业绩成果最多填写{MAX_ACHIEVEMENTS}项，现有{len(self.achievements)}项"
            )
        if self.application_route not in APPLICATION_ROUTES:
            raise ValueError(f"{self.name}：申报方式应为{'/'.join(APPLICATION_ROUTES)}之一，而非“{self.application_route}”")


@dataclass(frozen=True)
class UnitPublicity:
    """A unit's publicity (单位公示) of the applicants it recommends."""

    unit_name: str  # 工作单位, the full name as on the seal
    unit_kind: str  # 单位性质
    period_start: datetime.date  # 公示起止日期
    period_end: datetime.date
    handler: str  # 经办人
    seal_text: str | None  # 单位盖章: the electronic stamp's text; None for a paper stamp
    applicants: tuple[PublicityApplicant, ...]

    @property
    def period_text(self) -> str:
        return f"{chinese_date(self.period_start)}至{chinese_date(self.period_end)}"


def publicity_form_pdf(publicity: UnitPublicity) -> bytes:
    """The official form, one page per applicant."""
    output = io.BytesIO()
    write_pdf(publicity_form_document(publicity, list(pieces(publicity.applicants)), lambda piece: piece), output)
    return output.getvalue()


def publicity_form_document(publicity: UnitPublicity, applicant_pieces: Sequence[Sequence[T]],
                            applicants: Callable[[Sequence[T]], Sequence[PublicityApplicant]]) -> PiecedPdf:
    """The form of each applicant, in pieces: `applicants(piece)` gives the applicants of one
    of `applicant_pieces` (the applicants themselves, or what they are read by), asked for
    only when that piece is laid out.  The publicity's own `applicants` are not read."""
    seal = _seal_image(publicity.seal_text)

    def context(number: int) -> dict:
        return {"title": FORM_TITLE, "publicity": publicity, "seal": seal, "forms": [
            {"applicant": applicant, "rows": [[(label, record[label]) for label in labels] for labels in FORM_ROWS],
             "result": record["公示结果及异议处理"]}
            for applicant, record in ((applicant, _record(applicant, publicity)) for applicant in applicants(applicant_pieces[number]))
        ]}

    return PiecedPdf("documents/publicity_form.html", title=f"{FORM_TITLE}（{publicity.unit_name}）",
                     sizes=tuple(len(piece) for piece in applicant_pieces), context=context,
                     stamp=Stamp(seal, SEAL_SIZE, SEAL_SIZE) if seal else None)


def pieces(items: Sequence[T], size: int | None = None) -> Iterator[Sequence[T]]:
    """`items` in pieces of `size` (the setting DOCUMENT_PIECE_FORMS), at least one piece."""
    size = size or settings.DOCUMENT_PIECE_FORMS
    yield from (items[start:start + size] for start in range(0, max(len(items), 1), size))


def publicity_list_xlsx(publicity: UnitPublicity) -> bytes:
    """The unit's list: one row per applicant with every D1 column."""
    return render_xlsx(
        FORM_TITLE,
        COLUMNS,
        [list(_record(applicant, publicity).values()) for applicant in publicity.applicants],
        heading_lines=(f"工作单位：{publicity.unit_name}（{publicity.unit_kind}）", f"公示期：{publicity.period_text}"),
    )


def _record(applicant: PublicityApplicant, publicity: UnitPublicity) -> dict[str, str]:
    """The D1 columns of one applicant, as the form and the list show them."""
    obtained = applicant.current_title_obtained_on
    return dict(zip(COLUMNS, (
        applicant.name,
        applicant.gender,
        chinese_month(applicant.birth_month),
        publicity.unit_name,
        publicity.unit_kind,
        applicant.highest_education,
        applicant.school_and_major,
        chinese_date(applicant.graduated_on),
        f"{applicant.current_title}（{chinese_date(obtained)}）" if obtained else applicant.current_title,
        chinese_date(applicant.appointed_on) if applicant.appointed_on else "—",
        applicant.series,
        applicant.specialty,
        applicant.level,
        applicant.application_route,
        f"{applicant.professional_years}年",
        f"{applicant.years_in_current_title}年",
        "；".join(f"{year}年：{result}" for year, result in applicant.annual_assessments) or "—",
        applicant.continuing_education,
        "\n".join(f"{number}. {achievement}" for number, achievement in enumerate(applicant.achievements, 1)) or "—",
        publicity.period_text,
        f"公示结果：{applicant.publicity_result}" if applicant.publicity_result else "公示中",
        publicity.handler,
        f"电子印章：{publicity.seal_text}" if publicity.seal_text else "",
    ), strict=True))


def _seal_image(text: str | None) -> str | None:
    """The electronic stamp as an SVG data address: drawn once, shown on every form."""
    seal = _seal(text)
    if seal is None:
        return None
    svg = render_to_string("documents/seal.svg", {"seal": seal})
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _seal(text: str | None) -> dict | None:
    """The electronic stamp's layout: each character with its angle on the upper arc,
    left to right, the way a round official seal (公章) is cut, and how much every
    character is narrowed so that a long name still fits the arc."""
    if not text:
        return None
    arc = min(SEAL_ARC_DEGREES, 26.0 * len(text))
    step = arc / len(text)
    room = math.radians(step) * SEAL_TEXT_RADIUS_MM
    return {
        "characters": [(character, f"{-arc / 2 + step * (index + 0.5):.1f}") for index, character in enumerate(text)],
        "narrowing": f"{min(1.0, room / SEAL_CHARACTER_MM):.2f}",
    }
