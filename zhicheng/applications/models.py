"""The application (职称申报) and everything that happens to it on the way to the committee.

The states and the moves between them are listed once, in ``workflow.py``; every change
is made by a function of ``services.py``, in one transaction, with an audit event.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhicheng.catalog.models import series_choices
from zhicheng.catalog.vocabulary import AchievementKind, AssessmentResult, Level, Route


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待单位审核"
    RETURNED = "returned", "退回修改"
    EMPLOYER_APPROVED = "employer_approved", "单位审核通过"
    IN_PUBLICITY = "in_publicity", "单位公示中"
    PUBLICITY_DONE = "publicity_done", "公示完成待推荐"
    COMMITTEE_REVIEW = "committee_review", "评委会资格审核中"
    EXCEPTIONAL_VETTED = "exceptional_vetted", "破格条件已审查"
    CORRECTION_REQUESTED = "correction_requested", "待补正"
    QUALIFIED = "qualified", "资格审核通过"
    ON_MEETING_LIST = "on_meeting_list", "已列入上会名单"
    PASSED = "passed", "评审通过"
    NOT_PASSED = "not_passed", "评审未通过"
    RESULT_PUBLICITY = "result_publicity", "评审结果公示中"
    CONFIRMED = "confirmed", "已确认发证"
    REVOKED = "revoked", "已撤销"
    REJECTED = "rejected", "资格审核不通过"
    NOT_RECOMMENDED = "not_recommended", "公示异议成立，不予推荐"
    WITHDRAWN = "withdrawn", "已撤回"
    ABANDONED = "abandoned", "逾期未补正，视为放弃"
    REFUSED_FOR_YEAR = "refused_for_year", "本年度不予受理"


# Where an application's road has ended: nothing more happens to it (but revocation of a
# confirmed title), and the person may apply to the same plan again.
ENDED_STATES = (
    State.WITHDRAWN, State.ABANDONED, State.REFUSED_FOR_YEAR, State.REJECTED, State.NOT_RECOMMENDED,
    State.NOT_PASSED, State.CONFIRMED, State.REVOKED,
)

# Where an application stands once the employer has forwarded it to the committee: the
# committee counts it as having applied to it.  One there has ``reached_committee`` set.
REACHED_COMMITTEE = frozenset({
    State.COMMITTEE_REVIEW, State.EXCEPTIONAL_VETTED, State.CORRECTION_REQUESTED, State.QUALIFIED, State.REJECTED, State.ABANDONED,
    State.ON_MEETING_LIST, State.PASSED, State.NOT_PASSED, State.RESULT_PUBLICITY, State.CONFIRMED, State.REVOKED,
})


class ApplicationQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for application in objs:
            application.note_reached_committee()
        return super().bulk_create(objs, *args, **kwargs)


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
    # set when it first reaches the committee and kept: one the committee sent back (or that was
    # withdrawn there) stays in the committee office's queue, a plain filter on plan and this
    reached_committee = models.BooleanField("已报送评委会", default=False, help_text="首次报送评委会后为是，此后不再改变")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "职称申报"
        ordering = ["-created_at"]
        # one per queue: the employer's, the committee office's, the plan page's, the bureau's 考核定职
        # (which also finds the applications in one state: those whose results are in publicity);
        # a queue's count and the keys of its page, in the order of its sorts, come from the index alone,
        # and so do the applicants, which a filter by name joins with the names matched (see User's
        # indexes) and a sort by name looks up
        indexes = [
            models.Index(fields=["employer", "state", "submitted_at", "id"], include=["applicant"], name="application_employer_queue"),
            models.Index(fields=["plan", "state", "submitted_at", "id"], include=["applicant"], condition=Q(reached_committee=True),
                         name="application_committee_queue"),
            models.Index(fields=["plan", "state", "submitted_at", "id"], include=["applicant"], name="application_plan_queue"),
            models.Index(fields=["state", "route", "plan"], include=["submitted_at", "id"], name="application_state_route"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "plan"],
                condition=~Q(state__in=[state.value for state in ENDED_STATES]),
                name="one_live_application_per_plan",
                violation_error_message="您已向该评委会提交过本年度的申报",
            ),
            models.CheckConstraint(
                condition=Q(reached_committee=True) | ~Q(state__in=[state.value for state in sorted(REACHED_COMMITTEE)]),
                name="reached_committee_in_its_states",
                violation_error_message="已报送评委会的申报须标记为已报送",
            ),
        ]

    def __str__(self):
        return f"{self.applicant.real_name} · {self.title_name} · {self.plan.committee.name}"

    def note_reached_committee(self) -> None:
        """In a committee's state, it has reached the committee (however it got there)."""
        if self.state in REACHED_COMMITTEE:
            self.reached_committee = True

    def save(self, *args, **kwargs):
        self.note_reached_committee()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "state" in update_fields and "reached_committee" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "reached_committee"]
        super().save(*args, **kwargs)

    @property
    def committee(self):
        return self.plan.committee

    @property
    def title_name(self) -> str:
        from zhicheng.catalog.models import title_name

        return title_name(self.series, self.level)


class Achievement(models.Model):
    """主要业绩成果 since the current title."""

    Kind = AchievementKind

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

    Result = AssessmentResult

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


class OpinionKind(models.TextChoices):
    SECTION = "section", "分项审核意见"
    RETURN = "return", "退回修改"
    RESET = "reset", "重置流程"
    APPROVE = "approve", "审核通过"
    CORRECTION = "correction", "一次性告知补正"
    EXCEPTIONAL = "exceptional", "破格资格审查"
    QUALIFY = "qualify", "资格审核通过"
    REJECT = "reject", "资格审核不通过"
    REFUSE = "refuse", "本年度不予受理"


class Opinion(models.Model):
    """A review opinion: a section's verdict, a return, a reset, an approval, a correction
    request.  The whole history stays visible to all parties."""

    Kind = OpinionKind

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
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self):
        return self.message[:30]


def attachment_path(attachment, filename):
    """Stored under a random name, never the uploaded one: names carry no meaning and
    cannot collide; the original name is kept in the record."""
    import uuid

    return f"applications/{attachment.application_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """An uploaded copy (P4).  A replaced file is kept, pointing at its replacement."""

    class Kind(models.TextChoices):
        EDUCATION_PROOF = "education_proof", "学历证明（学信网备案表/认证书/单位证明）"
        TITLE_CERTIFICATE = "title_certificate", "职称证书"
        QUALIFICATION_CERTIFICATE = "qualification_certificate", "职业资格证书"
        ACHIEVEMENT_EVIDENCE = "achievement_evidence", "业绩成果证明"
        ASSESSMENT = "assessment", "年度考核登记表"
        CONTINUING_EDUCATION = "continuing_education", "继续教育证明"
        COMMITMENT = "commitment", "职称申报承诺书"
        OTHER = "other", "其他材料"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField("材料类型", max_length=32, choices=Kind.choices)
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=50)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    replaced_by = models.OneToOneField(
        "self", verbose_name="已被替换为", null=True, blank=True, on_delete=models.PROTECT, related_name="replaces"
    )
    # L9 (§二(十)): the reviewer's name, opinion, date and the unit's seal on every accepted copy.
    stamped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stamp_unit = models.CharField("审核单位", max_length=100, blank=True)
    stamp_opinion = models.CharField("审核意见", max_length=200, blank=True)
    stamped_on = models.DateField("审核日期", null=True, blank=True)
    originals_seen = models.BooleanField("已核验原件", default=False)
    originals_seen_where = models.CharField("原件核验地点", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "附件材料"
        ordering = ["kind", "uploaded_at"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.original_name}"

    @property
    def is_current(self) -> bool:
        return self.replaced_by_id is None

    @property
    def is_stamped(self) -> bool:
        return self.stamped_by_id is not None


class UnitPublicity(models.Model):
    """单位内公示 (L7, §二(七)): the 综合情况（公示）表 of the chosen applicants, shown in the
    unit for at least the number of working days the rules require (T7)."""

    unit = models.ForeignKey("accounts.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="publicities")
    starts_on = models.DateField("公示开始日期")
    ends_on = models.DateField("公示结束日期")
    place = models.CharField("公示地点", max_length=100, default="本单位公开场所（公示栏）")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    closed_at = models.DateTimeField("结束登记时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "单位公示"
        ordering = ["-starts_on"]

    def __str__(self):
        return f"{self.unit.name} {self.starts_on}至{self.ends_on}"


class PublicityEntry(models.Model):
    class Outcome(models.TextChoices):
        RUNNING = "running", "公示中"
        NO_OBJECTION = "no_objection", "公示期间无异议"
        OBJECTION_DISMISSED = "objection_dismissed", "异议经核实不成立"
        OBJECTION_UPHELD = "objection_upheld", "异议成立，不予推荐"
        WITHDRAWN = "withdrawn", "公示期间申报人撤回申报"

    publicity = models.ForeignKey(UnitPublicity, on_delete=models.PROTECT, related_name="entries")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="publicity_entries")
    outcome = models.CharField("公示结果", max_length=24, choices=Outcome.choices, default=Outcome.RUNNING)

    class Meta:
        verbose_name = verbose_name_plural = "公示人员"
        constraints = [models.UniqueConstraint(fields=["publicity", "application"], name="applicant_once_per_publicity")]

    def __str__(self):
        return f"{self.application.applicant.real_name}：{self.get_outcome_display()}"


class ObjectionRecord(models.Model):
    """An objection raised during a publicity (异议), and how it was settled: the same record
    for the unit publicity and the result publicity."""

    received_on = models.DateField("收到日期")
    content = models.TextField("异议内容")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    settled_on = models.DateField("处理日期", null=True, blank=True)
    settlement = models.TextField("核实处理情况", blank=True)
    upheld = models.BooleanField("异议成立", null=True)

    class Meta:
        abstract = True
        ordering = ["received_on", "pk"]

    def __str__(self):
        return self.content[:30]


class Objection(ObjectionRecord):
    entry = models.ForeignKey(PublicityEntry, on_delete=models.PROTECT, related_name="objections")

    class Meta(ObjectionRecord.Meta):
        verbose_name = verbose_name_plural = "公示异议"


class Recommendation(models.Model):
    """基层单位推荐意见 (L8, §二(九))."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="recommendation")
    evaluation = models.TextField("对申报人专业技术工作的评价")
    method = models.CharField("推荐方式", max_length=100, help_text="如：单位职称推荐小组评议、职工代表评议")
    participants = models.CharField("参与推荐的人员范围", max_length=200)
    participant_count = models.PositiveSmallIntegerField("参与推荐人数")
    opinion = models.TextField("推荐意见")
    formation = models.TextField("意见形成情况", help_text="如：应到9人，实到9人，同意9票")
    publicity_summary = models.TextField("公示情况")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("填写时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "单位推荐意见"

    def __str__(self):
        return f"{self.application} 推荐意见"


class CorrectionRequest(models.Model):
    """一次性告知 (L5): everything to add or correct, at once, with a deadline; past it with
    no correction the application is abandoned (视为放弃申报)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="correction_requests")
    items = models.JSONField("补正项目", help_text="补正清单中的项目代码")
    free_text = models.TextField("具体说明")
    deadline = models.DateField("补正期限")
    late_addition_reason = models.TextField("新增项目的理由", blank=True, help_text="首次告知时未列出的项目，须说明理由")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="告知人", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("告知时间", auto_now_add=True)
    resolved_at = models.DateTimeField("补正提交时间", null=True, blank=True)
    abandoned_at = models.DateTimeField("视为放弃时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "补正通知"
        ordering = ["requested_at", "pk"]

    def __str__(self):
        return f"{self.application} 补正通知（期限{self.deadline}）"
