"""Annual review plans (评审计划, C1).  The online window of a plan follows T3."""

import datetime

from django.db import models

from zhicheng import rules
from zhicheng.display import chinese_date


class ReviewPlan(models.Model):
    committee = models.ForeignKey(
        "catalog.Committee", verbose_name="评委会", on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField("评审年度")
    notice_filed_on = models.DateField("通知报备日期", null=True, blank=True)
    notice_published_on = models.DateField("通知发布日期", null=True, blank=True)
    applications_open_on = models.DateField("网上申报开始日期", null=True, blank=True)
    receiving_from = models.DateField("开始收审材料日期", null=True, blank=True)
    receiving_until = models.DateField("截止收审材料日期")
    unified_submission = models.BooleanField("要求统一报送", default=False)
    meeting_on = models.DateField("评审会议日期", null=True, blank=True)
    service_cutoff = models.DateField("任职年限计算截止日", null=True, blank=True, help_text="不填则按评审年度12月31日")
    pass_rate_ceiling = models.PositiveSmallIntegerField("通过率上限（%）", default=70)

    class Meta:
        verbose_name = verbose_name_plural = "评审计划"
        ordering = ["-year", "committee__name"]
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="one_plan_per_committee_year")]

    def __str__(self):
        return f"{self.committee.name} {self.year}年度"

    @property
    def window(self) -> tuple[datetime.date | None, datetime.date | None]:
        """First and last day of the online window (T3); it closes at 24:00 of the last day."""
        return rules.application_window(
            self.committee.region_level,
            applications_open_on=self.applications_open_on,
            receiving_from=self.receiving_from,
            receiving_until=self.receiving_until,
            unified_submission=self.unified_submission,
        )

    def window_open_on(self, day: datetime.date) -> bool:
        first, last = self.window
        return first is not None and last is not None and first <= day <= last

    @property
    def window_label(self) -> str:
        first, last = self.window
        if first is None or last is None:
            return "网上申报时间未定"
        return f"{chinese_date(first)} 至 {chinese_date(last)}24:00"
