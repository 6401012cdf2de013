"""The catalogue: title levels, specialties, committees, expert pools, calendar overrides.

Series and their level names are data in the rules parameter files (zhicheng/rules/params);
the database refers to a series by its code, so a new series is a new parameter file.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from zhicheng.display import chinese_date
from zhicheng.rules.dates import add_years
from zhicheng.rules.parameters import parameter

from zhicheng.rules.catalogue import get_series, list_series
from zhicheng.rules.dates import china_today

from .vocabulary import CommitteeLevel, Level


class CommitteeGrade(models.TextChoices):
    """评委会层级: which titles a committee may award."""

    SENIOR = "senior", "高级"
    INTERMEDIATE = "intermediate", "中级"
    JUNIOR = "junior", "初级"


def series_choices():
    return [(series.code, series.name) for series in list_series()]


def title_name(series_code: str, level: str) -> str:
    """The title's own name in its series: engineering + senior → 高级工程师."""
    series = get_series(series_code, china_today())
    found = series.level(level) if series else None
    return found.name if found else f"{series_code}·{Level(level).label}"


class Specialty(models.Model):
    """评审专业 within a series, as listed by the standard in force."""

    series = models.CharField("系列", max_length=40, choices=series_choices)
    name = models.CharField("专业", max_length=50)

    class Meta:
        verbose_name = verbose_name_plural = "评审专业"
        ordering = ["series", "name"]
        constraints = [models.UniqueConstraint(fields=["series", "name"], name="specialty_unique_in_series")]

    def __str__(self):
        return f"{self.get_series_display()}·{self.name}"


class Committee(models.Model):
    """评审委员会, run by its organising unit (评委会组建单位)."""

    name = models.CharField("评委会名称", max_length=100, unique=True)
    organiser = models.ForeignKey(
        "accounts.Unit", verbose_name="组建单位", on_delete=models.PROTECT, related_name="committees_organised"
    )
    series = models.CharField("系列", max_length=40, choices=series_choices)
    specialties = models.ManyToManyField(Specialty, verbose_name="评审专业", blank=True)
    grade = models.CharField("评审层级", max_length=12, choices=CommitteeGrade.choices)
    region_level = models.CharField("评委会层级", max_length=10, choices=CommitteeLevel.choices)
    region = models.ForeignKey("accounts.Region", verbose_name="所在区划", on_delete=models.PROTECT)
    office_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="组建单位经办人",
        blank=True,
        related_name="committees_run",
        limit_choices_to={"role": "committee"},
    )
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    formed_by_specialty = models.BooleanField("按专业组建", default=False, help_text="不勾选则为按系列组建")
    filed_on = models.DateField("核准备案日期", null=True, blank=True)
    filing_valid_until = models.DateField("备案有效期至", null=True, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "评审委员会"
        ordering = ["region_level", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        """C3: a committee is filed (核准备案) for at most the years the regulation allows."""
        if self.filed_on and self.filing_valid_until:
            years = parameter("committee.filing_valid_years", self.filed_on).value
            if self.filing_valid_until > add_years(self.filed_on, years) or self.filing_valid_until < self.filed_on:
                raise ValidationError({"filing_valid_until": f"核准备案有效期最长{years}年：{chinese_date(self.filed_on)}备案的，最晚至{chinese_date(add_years(self.filed_on, years))}"})

    def refusal_for(self, level: str, specialty: "Specialty", day) -> str | None:
        """Why this committee may not review ``level`` in ``specialty`` (C3), or None: its grade
        must cover the level, its series be the specialty's, and, where it lists its specialties,
        the specialty be among them (a committee listing none reviews its whole series)."""
        if specialty.series != self.series:
            return f"{self.name}评审{self.get_series_display()}，所选专业“{specialty.name}”属于{specialty.get_series_display()}"
        levels = parameter("committee.grade_levels", day).value[self.grade]
        if level not in levels:
            covered = "、".join(title_name(self.series, code) for code in levels)
            return (
                f"{self.name}为{self.get_grade_display()}评委会，只评审{covered}，"
                f"不能受理{title_name(self.series, level)}的申报，请选择相应层级的评委会"
            )
        listed = list(self.specialties.values_list("pk", flat=True))
        if listed and specialty.pk not in listed:
            return f"{self.name}的评审专业不包括“{specialty.name}”，请选择评审该专业的评委会"
        return None

    def filing_covers(self, day) -> bool:
        """No review outside the filing period (C3)."""
        return bool(self.filed_on and self.filing_valid_until and self.filed_on <= day <= self.filing_valid_until)


class ExpertMembership(models.Model):
    """An expert in a committee's pool (评审专家库), for one term.

    The pool is never shown to applicants or employers.
    """

    committee = models.ForeignKey(Committee, verbose_name="评委会", on_delete=models.CASCADE, related_name="experts")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="专家",
        on_delete=models.PROTECT,
        related_name="expert_memberships",
        limit_choices_to={"role": "expert"},
    )
    specialty = models.ForeignKey(Specialty, verbose_name="专业", on_delete=models.PROTECT)
    title = models.CharField("职称", max_length=30)
    term_from = models.DateField("任期起")
    term_until = models.DateField("任期止")

    class Meta:
        verbose_name = verbose_name_plural = "评审专家库"
        ordering = ["committee", "expert__real_name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "expert"], name="expert_once_per_committee"),
            models.CheckConstraint(
                condition=models.Q(term_until__gte=models.F("term_from")),
                name="expert_term_not_reversed",
                violation_error_message="任期止不能早于任期起",
            ),
        ]

    def __str__(self):
        return f"{self.committee} · {self.expert.real_name}"

    def clean(self):
        """C3: an expert serves at most the years of one term."""
        if self.term_from and self.term_until:
            years = parameter("committee.expert_term_years", self.term_from).value
            if self.term_until > add_years(self.term_from, years):
                raise ValidationError({"term_until": f"评审专家每届任期不超过{years}年：{chinese_date(self.term_from)}起任的，最晚至{chinese_date(add_years(self.term_from, years))}"})


class CalendarYear(models.Model):
    """A year whose State Council holiday notice an administrator has imported (年度节假日安排).

    An imported year is defined by its overrides alone, on the base of the week (see
    ``zhicheng.rules.calendar``); a year the packaged data knows needs no entry.  Years are
    imported through 「导入年度节假日安排」 (``catalog.calendar.calendar_year_import``), which
    refuses a year without holidays; the admin only lists them.
    """

    year = models.PositiveSmallIntegerField("年度", unique=True)
    notice = models.CharField("依据", max_length=150, help_text="例如：国务院办公厅关于2027年部分节假日安排的通知")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField("导入时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "已导入的年度节假日安排"
        ordering = ["year"]

    def __str__(self):
        return f"{self.year}年"


class CalendarOverride(models.Model):
    """A day that differs from the packaged holiday data, or a day of a year the package
    does not know yet (load next year's State Council notice here).  Overrides win."""

    day = models.DateField("日期", unique=True)
    is_working_day = models.BooleanField("是否工作日")
    note = models.CharField("说明", max_length=100, help_text="例如：国务院办公厅关于2027年部分节假日安排的通知")

    class Meta:
        verbose_name = verbose_name_plural = "工作日历调整"
        ordering = ["day"]

    def __str__(self):
        return f"{self.day} {'工作日' if self.is_working_day else '休息日'}"
