"""Annual review plans (评审计划, C1), the filings with the HR bureau (T1, T2), and the
confirmation of titles obtained elsewhere (职称确认, E6, T6)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from zhicheng import rules
from zhicheng.display import chinese_date


class ReviewPlan(models.Model):
    DATE_FIELDS = (
        "notice_filed_on", "notice_published_on", "applications_open_on", "receiving_from", "receiving_until",
        "qualification_publicity_from", "qualification_publicity_to", "pre_meeting_publicity_from", "meeting_on",
        "result_publicity_from", "result_publicity_to",
    )

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
    qualification_publicity_from = models.DateField("资格审核公示开始", null=True, blank=True)
    qualification_publicity_to = models.DateField("资格审核公示结束", null=True, blank=True)
    pre_meeting_publicity_from = models.DateField("会前公示开始", null=True, blank=True)
    meeting_on = models.DateField("评审会议日期", null=True, blank=True)
    result_publicity_from = models.DateField("结果公示开始", null=True, blank=True)
    result_publicity_to = models.DateField("结果公示结束", null=True, blank=True)
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

    def service_cutoff_for(self, route: str, as_of: datetime.date) -> datetime.date:
        """T4: the plan's own cut-off, else the rule's date in the review year (not in the year
        someone happens to apply); 考核定职 counts to the day of application."""
        day = as_of if route == "assessment" else datetime.date(self.year, 12, 31)
        return rules.service_cutoff(self.committee.region_level, route, day, self.service_cutoff).date

    def plan_check_input(self) -> dict:
        """The plan in the plan-check contract (T1–T7), with what has been filed so far."""
        from zhicheng.catalog.rules_service import jurisdiction

        iso = lambda day: day.isoformat() if day else None  # noqa: E731
        publicity = [
            {"kind": kind, "from": iso(start), "to": iso(end)}
            for kind, start, end in (
                ("qualification", self.qualification_publicity_from, self.qualification_publicity_to),
                ("result", self.result_publicity_from, self.result_publicity_to),
            )
            if start and end
        ]
        filing = getattr(self, "pre_meeting_filing", None)
        sent = self.confirmation_lists.order_by("sent_on").values_list("sent_on", flat=True).first() if self.pk else None
        data = {
            "region_level": self.committee.region_level,
            **jurisdiction(region_level=self.committee.region_level, committee_region=self.committee.region)["committee"],
            "notice_filed_on": iso(self.notice_filed_on),
            "notice_published_on": iso(self.notice_published_on),
            "applications_open_on": iso(self.applications_open_on),
            "receiving_from": iso(self.receiving_from),
            "receiving_until": iso(self.receiving_until),
            "unified_submission": self.unified_submission,
            "meeting_on": iso(self.meeting_on),
            "pre_meeting_filed_on": iso(filing.filed_on) if filing else None,
            "pre_meeting_publicity_from": iso(self.pre_meeting_publicity_from),
            "confirmation_list_sent_on": iso(sent),
            "publicity": publicity,
        }
        return {key: value for key, value in data.items() if value is not None}

    def clean(self):
        """C1: a plan that breaks T1–T7 is refused, with the rule and the dates."""
        from zhicheng.catalog.rules_service import run_plan_check

        if not self.committee_id:
            return
        try:
            result = run_plan_check(self.plan_check_input())
        except rules.RulesError as error:
            raise ValidationError(str(error)) from error
        if not result["ok"]:
            raise ValidationError([f"{v['rule']}：{v['message']}" for v in result["violations"]])
        self.check_days()

    # The days of a plan that must be working days, and those on which the committee must be
    # inside its filing with its experts in term (C3).
    WORKING_DAYS = {"receiving_until": "截止收审材料日期", "meeting_on": "评审会议日期"}
    STANDING_DAYS = ("applications_open_on", "receiving_until", "meeting_on")

    def calendar_gap(self, fields: tuple[str, ...] = DATE_FIELDS) -> str | None:
        """The message naming the first year of these dates the working calendar does not
        know (and who must import it), or None: shown by every page that computes from them."""
        from zhicheng.catalog.calendar import calendar_gap

        return calendar_gap(getattr(self, field) for field in fields)

    def check_days(self):
        """A meeting or deadline on a day off is refused with the next working day offered;
        a committee reviews only inside its filing period, with experts in term (C3)."""
        from zhicheng.catalog.calendar import require_working_day, working_calendar
        from zhicheng.catalog.standing import standing_problem

        calendar = working_calendar()
        errors = {}
        for field, what in self.WORKING_DAYS.items():
            day = getattr(self, field)
            problem = require_working_day(day, what, calendar) if day else None
            if problem:
                errors[field] = problem
        for field in self.STANDING_DAYS:
            day = getattr(self, field)
            problem = standing_problem(self.committee, day) if day else None
            if problem and field not in errors:
                errors[field] = f"{self._meta.get_field(field).verbose_name}：{problem}"
                break
        if errors:
            raise ValidationError(errors)


class Acknowledgement(models.Model):
    """A filing with the HR bureau (备案), and the bureau's acknowledgement of it."""

    filed_on = models.DateField("报备日期")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报备人", on_delete=models.PROTECT, related_name="+")
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="备案人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_on = models.DateField("备案日期", null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_on is not None


class NoticeFiling(Acknowledgement):
    """评审通知 (T1, §一(三)): filed with the district bureau before it is published, and
    published at least one month before applications open."""

    plan = models.OneToOneField(ReviewPlan, on_delete=models.PROTECT, related_name="notice")
    title = models.CharField("通知标题", max_length=150)
    body = models.TextField("通知内容", help_text="申报评审所需材料及工作要求")
    contacts = models.CharField("联系方式", max_length=200, help_text="§四：联系部门及电话")
    published_on = models.DateField("发布日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评审通知备案"
        indexes = [models.Index(fields=["-published_on"], condition=models.Q(published_on__isnull=False), name="notice_published")]

    def __str__(self):
        return self.title


class PreMeetingFiling(Acknowledgement):
    """会前备案 (T2, §一(六)): the work plan, the qualification-review outcome and the list
    admitted to the meeting, filed at least 12 working days before it."""

    plan = models.OneToOneField(ReviewPlan, on_delete=models.PROTECT, related_name="pre_meeting_filing")
    work_plan = models.TextField("评审工作方案")
    qualification_summary = models.TextField("资格审核情况", help_text="申报、通过、未通过人数及原因")
    publicity_summary = models.TextField("资格审核公示情况")
    applied_count = models.PositiveIntegerField("申报人数")
    passed_count = models.PositiveIntegerField("审核通过人数")
    failed_count = models.PositiveIntegerField("审核未通过人数")
    admitted = models.ManyToManyField("applications.Application", verbose_name="同意上会评审人员", related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "会前备案"

    def __str__(self):
        return f"{self.plan} 会前备案"


class ConfirmationList(models.Model):
    """专业技术人员职称资格确认人员名单 (附件6, D2), sent to the bureau before the
    pre-meeting publicity (T6)."""

    plan = models.ForeignKey(ReviewPlan, on_delete=models.PROTECT, related_name="confirmation_lists")
    sent_on = models.DateField("报送日期")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "职称资格确认人员名单"
        ordering = ["sent_on"]

    def __str__(self):
        return f"{self.plan} 确认名单（{self.sent_on}）"


class TitleConfirmation(models.Model):
    """职称确认 (E6, §一(五)): a title obtained outside Yunnan or in a central unit, confirmed
    or refused by the bureau before the meeting; an unconfirmed person is not voted on."""

    class Status(models.TextChoices):
        PENDING = "pending", "待确认"
        CONFIRMED = "confirmed", "确认"
        REFUSED = "refused", "不予确认"

    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="title_confirmations")
    confirmation_list = models.ForeignKey(ConfirmationList, null=True, blank=True, on_delete=models.PROTECT, related_name="entries")
    issuer = models.CharField("原发证机关或评委会", max_length=100)
    title_name = models.CharField("资格名称", max_length=50)
    specialty = models.CharField("专业", max_length=50, blank=True)
    level = models.CharField("级别", max_length=20)
    obtained_on = models.DateField("取得时间")
    certificate_number = models.CharField("证书编号", max_length=50, blank=True)
    status = models.CharField("确认结果", max_length=12, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField("确认意见", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField("确认日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "职称确认"
        ordering = ["application", "obtained_on"]

    def __str__(self):
        return f"{self.application.applicant.real_name} {self.title_name}（{self.get_status_display()}）"
