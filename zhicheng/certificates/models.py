"""Results, certificates and revocation (评审结果与证书).

The result publicity with its objections and re-examinations (C4), the electronic title
certificate issued on confirmation (D3), the recognition of vocational qualifications
(E5), and the credit archive a revocation writes to (C5).  The changes are made by
``services.py``; the states of the application stay in ``applications.workflow``.
"""

from django.conf import settings
from django.db import models

from zhicheng.applications.models import ObjectionRecord, State
from zhicheng.catalog.models import series_choices
from zhicheng.catalog.vocabulary import Level
from zhicheng.display import chinese_date
from zhicheng.profiles.models import TitleMethod


class ResultPublicity(models.Model):
    """评审结果公示 (C4, T7): the passed candidates of a plan, publicised for at least the
    working days the rules require before their results can be confirmed."""

    plan = models.ForeignKey("review.ReviewPlan", verbose_name="评审计划", on_delete=models.PROTECT, related_name="result_publicities")
    starts_on = models.DateField("公示开始日期")
    ends_on = models.DateField("公示结束日期")
    place = models.CharField("公示地点", max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "评审结果公示"
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return f"{self.plan} 结果公示 {self.starts_on}至{self.ends_on}"

    def status_on(self, day) -> str:
        return "未开始" if day < self.starts_on else "公示中" if day <= self.ends_on else "公示期满"


class ResultEntry(models.Model):
    """One candidate on a result publicity."""

    publicity = models.ForeignKey(ResultPublicity, on_delete=models.PROTECT, related_name="entries")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="result_entries",
                                    db_index=False)

    class Meta:
        verbose_name = verbose_name_plural = "结果公示人员"
        ordering = ["publicity", "pk"]
        constraints = [models.UniqueConstraint(fields=["publicity", "application"], name="candidate_once_per_result_publicity")]
        # an application's entries, with the publicity of each: 确认评审结果 counts, for the
        # applications whose results are in publicity, their entries on its publicities from it alone
        indexes = [models.Index(fields=["application"], include=["publicity"], name="result_entry_application")]

    def __str__(self):
        return f"{self.application.applicant.real_name}（{self.publicity}）"


class ResultObjection(ObjectionRecord):
    """An objection to a publicised result, and who settled it."""

    entry = models.ForeignKey(ResultEntry, on_delete=models.PROTECT, related_name="objections")
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(ObjectionRecord.Meta):
        verbose_name = verbose_name_plural = "结果公示异议"


class Reexamination(models.Model):
    """复查: the applicant asks the committee to examine the result again (O40)."""

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "维持评审结果"
        OVERTURNED = "overturned", "改变评审结果（不予通过）"

    entry = models.ForeignKey(ResultEntry, on_delete=models.PROTECT, related_name="reexaminations")
    reason = models.TextField("申请复查理由")
    requested_on = models.DateField("申请日期")
    outcome = models.CharField("复查结论", max_length=12, choices=Outcome.choices, blank=True)
    outcome_text = models.TextField("复查意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="复查经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField("复查日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "复查申请"
        ordering = ["requested_on", "pk"]

    def __str__(self):
        return f"{self.entry.application.applicant.real_name} 复查（{self.get_outcome_display() or '待复查'}）"


class Certificate(models.Model):
    """电子职称证书 (D3): as valid as a paper one (C5), checked by anyone on its public
    verification page through an unguessable token."""

    class Status(models.TextChoices):
        VALID = "valid", "有效"
        REVOKED = "revoked", "已撤销"
        SUPERSEDED = "superseded", "已换发"

    # Numbered from the row's own key once it exists (see services.certificate_issue).
    number = models.CharField("证书编号", max_length=40, unique=True, null=True)
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="持证人", on_delete=models.PROTECT, related_name="certificates")
    holder_name = models.CharField("姓名", max_length=30)
    series = models.CharField("系列", max_length=40, choices=series_choices)
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    title_name = models.CharField("资格名称", max_length=50)
    specialty = models.CharField("专业", max_length=50)
    method = models.CharField("取得方式", max_length=20, choices=TitleMethod.choices)
    confirmed_on = models.DateField("确认日期")
    committee_name = models.CharField("评审委员会", max_length=100)
    # one application may hold several: a corrected result reissues (see ResultCorrection)
    application = models.ForeignKey("applications.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="certificates")
    title_record = models.OneToOneField(
        "profiles.TitleRecord", verbose_name="档案中的职称记录", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    token = models.CharField("核验码", max_length=64, unique=True, editable=False)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.VALID)
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    revocation_reason = models.TextField("撤销原因", blank=True)
    superseded_by = models.OneToOneField(
        "self", verbose_name="换发后的证书", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes",
    )
    superseded_on = models.DateField("换发日期", null=True, blank=True)
    issued_at = models.DateTimeField("发证时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "电子职称证书"
        ordering = ["-confirmed_on", "-pk"]
        indexes = [
            models.Index(fields=["-confirmed_on", "-id"], name="certificate_confirmed"),
            # 姓名 is matched from its start (LIKE '王%'): the pattern operator class serves it on PostgreSQL
            models.Index(fields=["holder_name"], opclasses=["varchar_pattern_ops"], name="certificate_holder_name"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=models.Q(status="valid"), name="one_valid_certificate_per_application"),
        ]

    def __str__(self):
        return f"{self.number} {self.holder_name} {self.title_name}"

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID

    @property
    def status_sentence(self) -> str:
        """What the verification page and the PDF say of a certificate no longer valid."""
        if self.status == self.Status.SUPERSEDED:
            return (f"本证书已于{chinese_date(self.superseded_on)}换发为新证书（证书编号{self.superseded_by.number}），"
                    f"原证书不再有效")
        if self.status == self.Status.REVOKED:
            return f"本证书已于{chinese_date(self.revoked_on)}撤销，不再有效"
        return "经核验，本证书真实有效"


class ResultCorrection(models.Model):
    """评审结果更正: a re-examination (复查) or an upheld objection (异议) changes a result,
    either way (评审通过 ↔ 评审未通过), with who decided it, when and why.  A confirmed
    title corrected to 未通过 loses its certificate; a title whose certificate a correction
    revoked, corrected back to 通过, gets a new one (换发) that supersedes the old."""

    class Basis(models.TextChoices):
        REEXAMINATION = "reexamination", "复查"
        OBJECTION = "objection", "异议成立"

    application = models.ForeignKey("applications.Application", verbose_name="申报", on_delete=models.PROTECT,
                                    related_name="result_corrections")
    basis = models.CharField("更正依据", max_length=16, choices=Basis.choices)
    passed = models.BooleanField("更正后评审通过")
    reason = models.TextField("更正理由")
    deciders = models.TextField("作出决定的人员（姓名、职务）")
    decided_on = models.DateField("决定日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    revoked_certificate = models.ForeignKey(Certificate, verbose_name="撤销的证书", null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="revoking_corrections")
    issued_certificate = models.ForeignKey(Certificate, verbose_name="换发的证书", null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="issuing_corrections")

    class Meta:
        verbose_name = verbose_name_plural = "评审结果更正"
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.application.applicant.real_name} 经{self.get_basis_display()}更正为{self.result_label}"

    @property
    def result_label(self) -> str:
        return (State.PASSED if self.passed else State.NOT_PASSED).label


class RecognisedQualification(models.Model):
    """职业资格认定 (E5, §一(十)): a vocational qualification on the correspondence table,
    recognised by the bureau as the title it maps to.  No title certificate is issued: the
    qualification certificate itself is the proof, so its number and date are kept here as
    the bureau saw them, whatever later becomes of the profile line."""

    holder = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="持证人", on_delete=models.PROTECT, related_name="recognised_qualifications")
    qualification = models.ForeignKey(
        "profiles.QualificationRecord", verbose_name="档案中的职业资格", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    name = models.CharField("职业资格", max_length=60)
    certificate_number = models.CharField("职业资格证书编号", max_length=50)
    obtained_on = models.DateField("取得时间")
    series = models.CharField("视同系列", max_length=40, choices=series_choices)
    level = models.CharField("视同级别", max_length=20, choices=Level.choices)
    title_name = models.CharField("视同职称", max_length=50)
    reference = models.CharField("对应依据", max_length=200)
    recognised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="认定人", on_delete=models.PROTECT, related_name="+")
    recognised_on = models.DateField("认定日期")

    class Meta:
        verbose_name = verbose_name_plural = "职业资格认定"
        ordering = ["-recognised_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["holder", "name", "certificate_number"], name="qualification_recognised_once"),
        ]

    def __str__(self):
        return f"{self.holder.real_name} {self.name} 视同{self.title_name}"


class CreditRecord(models.Model):
    """职称评审诚信档案库 (C5): a title obtained by false material or other improper means is
    revoked and the person recorded for the years the regulation sets; while the record
    runs, their applications are refused (E7)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="当事人", on_delete=models.PROTECT, related_name="credit_records")
    certificate = models.ForeignKey(Certificate, verbose_name="撤销的证书", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_records")
    reason = models.TextField("记录原因")
    recorded_on = models.DateField("记录日期")
    until = models.DateField("记录至")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "诚信档案记录"
        ordering = ["-recorded_on", "pk"]

    def __str__(self):
        return f"{self.person.real_name} {self.recorded_on}至{self.until}"
