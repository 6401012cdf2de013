from django.db import models


class DemoClock(models.Model):
    """The demo's system date (演示日期), one row shared by every process of the demo: how
    many days it runs ahead of (positive) or behind (negative) the real date.  Only ever
    read where the demo runs (ZHICHENG_DEMO); it only ever moves forward."""

    offset_days = models.IntegerField("演示日期与实际日期相差的天数", default=0)
    moved_at = models.DateTimeField("最近调整时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "演示日期"

    def __str__(self):
        return f"演示日期（相差{self.offset_days}天）"
