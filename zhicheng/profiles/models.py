"""The applicant's profile (个人档案), kept across years and reused by every application (L1)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from zhicheng.catalog.models import series_choices, title_name
from zhicheng.catalog.vocabulary import Degree, Level, TitleOrigin


class EducationProof(models.TextChoices):
    """学历证明方式 (L11, §二(八))."""

    CHSI = "chsi", "学信网《教育部学历证书电子注册备案表》"
    FOREIGN = "foreign", "国（境）外学历学位认证书"
    EMPLOYER_STATEMENT = "employer_statement", "用人单位档案审查书面证明（2002届以前）"


class TitleMethod(models.TextChoices):
    REVIEW = "review", "评审"
    ASSESSMENT = "assessment", "考核认定（考核定职）"
    QUALIFICATION = "qualification", "职业资格对应"
    CONFIRMATION = "confirmation", "职称确认"


class MonthField(models.DateField):
    """A calendar month, stored as its first day and shown as 2022年6月."""

    month_only = True


class ApplicantProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="申报人", on_delete=models.CASCADE, related_name="profile"
    )
    contract_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="人事劳动合同签订单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracted_staff",
    )
    applied_before = models.BooleanField(
        "此前申报过职称评审", default=False, help_text="首次申报的乡镇（街道）毕业生可提前1年（§一(八)）"
    )
    retired = models.BooleanField("已办理退休", default=False)
    updated_at = models.DateTimeField("最后修改", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "申报人档案"

    def __str__(self):
        return f"{self.user.real_name}的档案"


class ProfileRecord(models.Model):
    """A line of a profile section; every section hangs off the profile."""

    profile = models.ForeignKey(ApplicantProfile, on_delete=models.CASCADE, related_name="%(class)s_set")

    class Meta:
        abstract = True


def not_in_future(value: datetime.date):
    if value and value > timezone.localdate():
        raise ValidationError(f"{value.isoformat()}晚于今天，不能填写将来的日期", code="future_date")


class Education(ProfileRecord):
    degree = models.CharField("学历层次", max_length=20, choices=Degree.choices)
    school = models.CharField("毕业院校", max_length=100)
    major = models.CharField("所学专业", max_length=100)
    engineering = models.BooleanField("工程类专业", default=False)
    full_time = models.BooleanField("全日制", default=True)
    professional_degree = models.BooleanField("专业学位", default=False, help_text="如工程硕士等专业学位")
    graduated_on = models.DateField("毕业时间", validators=[not_in_future])
    proof_kind = models.CharField("学历证明方式", max_length=24, choices=EducationProof.choices)
    verification_code = models.CharField("在线验证码/认证书编号", max_length=40, blank=True)
    verification_expires_on = models.DateField("在线验证有效期至", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "学历学位"
        ordering = ["graduated_on"]

    def __str__(self):
        return f"{self.school} {self.major} {self.get_degree_display()}"


class WorkRecord(ProfileRecord):
    unit_name = models.CharField("工作单位", max_length=100)
    position = models.CharField("岗位/职务", max_length=50)
    started_on = models.DateField("起始时间", validators=[not_in_future])
    ended_on = models.DateField("终止时间", null=True, blank=True, validators=[not_in_future], help_text="至今则不填")
    professional_work = models.BooleanField("从事专业技术工作", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "工作经历"
        ordering = ["started_on"]

    def __str__(self):
        return f"{self.unit_name} {self.position}"


class PostRecord(ProfileRecord):
    """岗位聘任: a post of a level of a series held from a date (a standard may require years in a post, E8)."""

    series = models.CharField("系列", max_length=40, choices=series_choices)
    level = models.CharField("岗位层级", max_length=20, choices=Level.choices, help_text="所聘岗位对应的职称层级")
    post_name = models.CharField("岗位名称", max_length=50, help_text="如：专业技术十级岗位（一级教师）")
    started_on = models.DateField("聘任起始", validators=[not_in_future])
    ended_on = models.DateField("聘任终止", null=True, blank=True, validators=[not_in_future], help_text="至今则不填")

    class Meta:
        verbose_name = verbose_name_plural = "岗位聘任"
        ordering = ["started_on"]

    def __str__(self):
        return f"{self.post_name} {self.started_on}"

    @property
    def title_name(self) -> str:
        return title_name(self.series, self.level)


class TitleRecord(ProfileRecord):
    series = models.CharField("系列", max_length=40, choices=series_choices)
    level = models.CharField("层级", max_length=20, choices=Level.choices)
    obtained_on = models.DateField("取得时间", validators=[not_in_future])
    method = models.CharField("取得方式", max_length=20, choices=TitleMethod.choices)
    origin = models.CharField("取得地", max_length=20, choices=TitleOrigin.choices, default=TitleOrigin.YUNNAN)
    issued_by = models.CharField("发证机关或评委会", max_length=100)
    certificate_number = models.CharField("证书编号", max_length=50, blank=True)
    confirmed = models.BooleanField("已确认", default=False, help_text="外省或中央单位取得的职称经人社部门确认后勾选")
    issued_here = models.BooleanField("本系统发证", default=False, editable=False,
                                      help_text="由本系统评审确认并发放电子证书的职称，申报人不能修改或删除")

    class Meta:
        verbose_name = verbose_name_plural = "已取得职称"
        ordering = ["obtained_on"]

    def __str__(self):
        return f"{self.title_name} {self.obtained_on}"

    @property
    def title_name(self) -> str:
        return title_name(self.series, self.level)


class QualificationRecord(ProfileRecord):
    name = models.CharField("职业资格", max_length=60)
    certificate_number = models.CharField("证书编号", max_length=50)
    obtained_on = models.DateField("取得时间", validators=[not_in_future])

    class Meta:
        verbose_name = verbose_name_plural = "职业资格"
        ordering = ["obtained_on"]

    def __str__(self):
        return f"{self.name} {self.obtained_on}"


def month_after(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


class InsurancePeriod(ProfileRecord):
    """A run of months insured in one city by one unit, as people read it off their social
    insurance statement; its months are derived for the rules (InsuranceMonth)."""

    from_month = MonthField("起始月份", help_text="该月1日")
    to_month = MonthField("截止月份", help_text="该月1日，含该月")
    city = models.CharField("参保城市", max_length=20)
    insuring_unit_name = models.CharField("参保单位名称", max_length=100)
    insuring_unit_code = models.CharField("参保单位统一社会信用代码", max_length=18)

    class Meta:
        verbose_name = verbose_name_plural = "社会保险参保记录"
        ordering = ["-from_month"]

    def __str__(self):
        return f"{self.from_month:%Y-%m}至{self.to_month:%Y-%m} {self.city} {self.insuring_unit_name}"

    def month_list(self) -> list[datetime.date]:
        months, month = [], self.from_month.replace(day=1)
        while month <= self.to_month:
            months.append(month)
            month = month_after(month)
        return months

    def save(self, *args, **kwargs):
        """Saving a period rewrites its months: the rules always see what the period says."""
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.months.all().delete()
            InsuranceMonth.objects.bulk_create(
                InsuranceMonth(profile=self.profile, period=self, month=month, city=self.city,
                               insuring_unit_code=self.insuring_unit_code, insuring_unit_name=self.insuring_unit_name)
                for month in self.month_list()
            )


class InsuranceMonth(ProfileRecord):
    """One month of social insurance (参保记录), for rule E2: derived from a period."""

    period = models.ForeignKey(InsurancePeriod, verbose_name="参保时段", null=True, blank=True, on_delete=models.CASCADE, related_name="months")

    month = MonthField("参保月份", help_text="该月1日")
    city = models.CharField("参保城市", max_length=20)
    insuring_unit_code = models.CharField("参保单位统一社会信用代码", max_length=18)
    insuring_unit_name = models.CharField("参保单位名称", max_length=100)

    class Meta:
        verbose_name = verbose_name_plural = "社会保险参保记录"
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["profile", "month"], name="one_insurance_record_per_month")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.city} {self.insuring_unit_name}"
