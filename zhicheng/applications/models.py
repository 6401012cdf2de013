"""The application (职称申报) and everything that happens to it on the way to the committee.

The states and the moves between them are listed once, in ``workflow.py``; every change
is made by a function of ``services.py``, in one transaction, with an audit event.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhicheng.catalog.models import Level, series_choices


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待单位审核"
    RETURNED = "returned", "退回修改"
    EMPLOYER_APPROVED = "employer_approved", "单位审核通过"
    IN_PUBLICITY = "in_publicity", "单位公示中"
    PUBLICITY_DONE = "publicity_done", "公示完成待推荐"
    COMMITTEE_REVIEW = "committee_review", "评委会资格审核中"
    CORRECTION_REQUESTED = "correction_requested", "待补正"
    QUALIFIED = "qualified", "资格审核通过"
    REJECTED = "rejected", "资格审核不通过"
    NOT_RECOMMENDED = "not_recommended", "公示异议成立，不予推荐"
    WITHDRAWN = "withdrawn", "已撤回"
    ABANDONED = "abandoned", "逾期未补正，视为放弃"
    REFUSED_FOR_YEAR = "refused_for_year", "本年度不予受理"


class Route(models.TextChoices):
    REVIEW = "review", "正常评审"
    ASSESSMENT = "assessment", "考核认定（考核定职）"


class Application(models.Model):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申报人", on_delete=models.PROTECT, related_name="applications"
    )
    plan = models.ForeignKey("review.ReviewPlan", verbose_name="评审计划", on_delete=models.PROTECT, related_name="applications")
    employer = models.ForeignKey(
        "accounts.Unit", verbose_name="用人单位", on_delete=models.PROTECT, related_name="applications",
        help_text="申报时的人事劳动合同签订单位",
    )
    series = models.CharField("申报系列", max_length=40, choices=series_choices)
    specialty = models.ForeignKey("catalog.Specialty", verbose_name="申报专业", on_delete=models.PROTECT)
    level = models.CharField("申报级别", max_length=20, choices=Level.choices)
    route = models.CharField("申报方式", max_length=20, choices=Route.choices, default=Route.REVIEW)
    state = models.CharField("状态", max_length=24, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField("版本", default=0, help_text="每次状态变化加一，用于发现并发操作")
    counted_opinions = models.PositiveSmallIntegerField("已计次审核意见", default=0)
    counting_since = models.DateTimeField("开始计次时间", null=True, blank=True, help_text="单位首次审核通过之时（§一(四)）")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    snapshot = models.JSONField("提交时的档案", null=True, blank=True, help_text="提交时冻结，之后修改档案不影响本申报")
    precheck = models.JSONField("提交时的资格预审结论", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "职称申报"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "plan"],
                condition=~Q(state__in=["withdrawn", "abandoned", "refused_for_year", "rejected", "not_recommended"]),
                name="one_live_application_per_plan",
                violation_error_message="您已向该评委会提交过本年度的申报",
            )
        ]

    def __str__(self):
        return f"{self.applicant.real_name} · {self.title_name} · {self.plan.committee.name}"

    @property
    def committee(self):
        return self.plan.committee

    @property
    def title_name(self) -> str:
        from zhicheng.catalog.models import title_name

        return title_name(self.series, self.level)


class Achievement(models.Model):
    """主要业绩成果 since the current title."""

    class Kind(models.TextChoices):
        PROJECT = "project", "项目"
        PAPER = "paper", "论文"
        AWARD = "award", "获奖"
        PATENT = "patent", "专利"
        STANDARD = "standard", "标准"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="achievements")
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    achieved_on = models.DateField("时间")
    role = models.CharField("本人作用", max_length=100, help_text="如：项目负责人、第一作者")
    description = models.TextField("简要说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "业绩成果"
        ordering = ["achieved_on"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"


class AnnualAssessment(models.Model):
    """年度考核 since the current title."""

    class Result(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        COMPETENT = "competent", "合格（称职）"
        BASIC = "basic", "基本合格（基本称职）"
        INCOMPETENT = "incompetent", "不合格（不称职）"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField("年度")
    result = models.CharField("考核结果", max_length=12, choices=Result.choices)

    class Meta:
        verbose_name = verbose_name_plural = "年度考核"
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["application", "year"], name="one_assessment_per_year")]

    def __str__(self):
        return f"{self.year}年 {self.get_result_display()}"


class ContinuingEducation(models.Model):
    """继续教育 completed, by year."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="continuing_education")
    year = models.PositiveSmallIntegerField("年度")
    hours = models.PositiveSmallIntegerField("学时")
    provider = models.CharField("培训机构或方式", max_length=100)

    class Meta:
        verbose_name = verbose_name_plural = "继续教育"
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["application", "year"], name="one_ce_record_per_year")]

    def __str__(self):
        return f"{self.year}年 {self.hours}学时"


class CreditCommitment(models.Model):
    """职称申报承诺书 (L10, §二(六)).  It is made on the 信用中国（云南昆明） site, which this
    system cannot reach: we keep what the applicant declares and the printed file, and say
    plainly that it was not checked online."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="commitment")
    commitment_number = models.CharField("承诺书编号", max_length=50, help_text="“信用中国（云南昆明）”网站“我的申报”中显示的编号")
    declared_at = models.DateTimeField("声明时间", auto_now_add=True)
    verified_online = models.BooleanField("已联网核验", default=False, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "职称申报承诺书"

    def __str__(self):
        return self.commitment_number


class RefusalForYear(models.Model):
    """本年度不再受理 (L4, E7): three counted review opinions and still a problem."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申报人", on_delete=models.PROTECT, related_name="refusals")
    year = models.PositiveSmallIntegerField("年度")
    application = models.OneToOneField(Application, verbose_name="申报", on_delete=models.PROTECT)
    reason = models.TextField("原因")
    decided_at = models.DateTimeField("决定时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度不予受理记录"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.person.real_name} {self.year}年"


class Opinion(models.Model):
    """A review opinion: a section's verdict, a return, a reset, an approval, a correction
    request.  The whole history stays visible to all parties."""

    class Kind(models.TextChoices):
        SECTION = "section", "分项审核意见"
        RETURN = "return", "退回修改"
        RESET = "reset", "重置流程"
        APPROVE = "approve", "审核通过"
        CORRECTION = "correction", "一次性告知补正"
        QUALIFY = "qualify", "资格审核通过"
        REJECT = "reject", "资格审核不通过"
        REFUSE = "refuse", "本年度不予受理"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="opinions")
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    section = models.CharField("审核项目", max_length=30, blank=True)
    passed = models.BooleanField("无问题", null=True)
    text = models.TextField("意见")
    counted = models.BooleanField("计入次数", default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", on_delete=models.PROTECT)
    author_unit = models.CharField("审核单位", max_length=100)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "审核意见"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.text[:20]}"


class Notification(models.Model):
    """A message to someone who must act, with the deadline when there is one."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, null=True, related_name="notifications")
    message = models.TextField("内容")
    deadline = models.DateField("办理期限", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "消息"
        ordering = ["-created_at"]

    def __str__(self):
        return self.message[:30]
