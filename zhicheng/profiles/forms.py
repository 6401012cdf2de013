"""Profile forms: every error is attached to its field and says which rule it breaks."""

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhicheng.rules.catalogue import list_qualifications
from zhicheng.rules.parameters import parameter
from zhicheng.accounts.identity import validate_credit_code, validate_id_number
from zhicheng.accounts.forms import mobile_free_for
from zhicheng.accounts.models import Unit, User
from zhicheng.accounts.passwords import password_rules_help
from zhicheng.catalog.forms import TitleField, title_value
from zhicheng.catalog.vocabulary import AssessmentResult, CommitteeLevel, Route
from zhicheng.display import chinese_month

from .models import (
    ApplicantProfile,
    Education,
    EducationProof,
    InsuranceMonth,
    InsurancePeriod,
    PostRecord,
    QualificationRecord,
    TitleOrigin,
    TitleRecord,
    WorkRecord,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegistrationForm(forms.Form):
    """申报人注册 (L1): once, then the account is kept year after year."""

    real_name = forms.CharField(label="姓名", max_length=30)
    id_number = forms.CharField(label="身份证号", max_length=18)
    mobile = forms.CharField(label="手机号码", max_length=11)
    password = forms.CharField(label="密码", widget=forms.PasswordInput, strip=False, help_text=password_rules_help)
    password_again = forms.CharField(label="确认密码", widget=forms.PasswordInput, strip=False)

    def clean_real_name(self):
        name = self.cleaned_data["real_name"].strip()
        if len(name) < 2:
            raise ValidationError("请填写与身份证一致的真实姓名（至少2个字）", code="name_too_short")
        return name

    def clean_id_number(self):
        number = validate_id_number(self.cleaned_data["id_number"])
        if User.objects.filter(id_number=number).exists():
            raise ValidationError("该身份证号已注册，请直接登录（一人一个账号，可逐年使用）", code="duplicate_id")
        return number

    def clean_mobile(self):
        return mobile_free_for(self.cleaned_data["mobile"])

    def clean(self):
        data = super().clean()
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", ValidationError("两次输入的密码不一致", code="password_mismatch"))
        elif password:
            candidate = User(real_name=data.get("real_name", ""), mobile=data.get("mobile", ""))
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return data


class BasicInfoForm(forms.ModelForm):
    mobile = forms.CharField(label="手机号码", max_length=11)
    email = forms.EmailField(label="电子邮箱", required=False)

    class Meta:
        model = ApplicantProfile
        fields = ["contract_unit", "applied_before", "retired"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["mobile"].initial = user.mobile
        self.fields["email"].initial = user.email
        self.fields["contract_unit"].queryset = Unit.objects.filter(is_hr_bureau=False).select_related("region")
        self.fields["contract_unit"].empty_label = "（请选择）"

    def clean_mobile(self):
        return mobile_free_for(self.cleaned_data["mobile"], self.user)


class EducationForm(forms.ModelForm):
    class Meta:
        model = Education
        exclude = ["profile"]
        widgets = {"graduated_on": DATE_WIDGET, "verification_expires_on": DATE_WIDGET}

    def clean(self):
        """L11 (§二(八)): the proof that fits the graduate's year and country."""
        data = super().clean()
        proof, graduated = data.get("proof_kind"), data.get("graduated_on")
        first_online_year = parameter("education_proof.online_from_graduation_year", timezone.localdate()).value
        if proof == EducationProof.CHSI:
            if graduated and graduated.year < first_online_year:
                self.add_error(
                    "proof_kind",
                    ValidationError(
                        f"学信网电子注册备案表适用于{first_online_year}届及以后毕业生；"
                        f"{graduated.year}年毕业请选择用人单位档案审查书面证明（§二(八)）",
                        code="proof_kind_year",
                    ),
                )
            if not data.get("verification_code"):
                self.add_error("verification_code", ValidationError("学信网备案表须填写在线验证码（§二(八)）", code="required"))
            if not data.get("verification_expires_on"):
                self.add_error(
                    "verification_expires_on",
                    ValidationError("学信网备案表须填写在线验证有效期（设置为6个月，§二(八)）", code="required"),
                )
        elif proof == EducationProof.EMPLOYER_STATEMENT and graduated and graduated.year >= first_online_year:
            self.add_error(
                "proof_kind",
                ValidationError(
                    f"{graduated.year}年毕业的学历可在学信网查询，请提供《教育部学历证书电子注册备案表》（§二(八)）",
                    code="proof_kind_year",
                ),
            )
        elif proof == EducationProof.FOREIGN and not data.get("verification_code"):
            self.add_error("verification_code", ValidationError("请填写国（境）外学历学位认证书编号（§二(八)）", code="required"))
        return data


class WorkRecordForm(forms.ModelForm):
    class Meta:
        model = WorkRecord
        exclude = ["profile"]
        widgets = {"started_on": DATE_WIDGET, "ended_on": DATE_WIDGET}

    def clean(self):
        data = super().clean()
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", ValidationError("终止时间不能早于起始时间", code="reversed_period"))
        return data


class SeriesLevelForm(forms.ModelForm):
    """A record of a level of a series (a title, a post): both chosen at once, as the title's
    own name in its series (工程师, 一级教师), never the generic grade."""

    title = TitleField()
    field_order = ["title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].label = self.title_label
        if self.instance.pk:
            self.initial["title"] = title_value(self.instance.series, self.instance.level)

    def clean(self):
        data = super().clean()
        if data.get("title"):
            self.instance.series, self.instance.level = data["title"]
        return data


class PostRecordForm(SeriesLevelForm, WorkRecordForm):
    title_label = "所聘岗位"

    class Meta:
        model = PostRecord
        exclude = ["profile", "series", "level"]
        widgets = {"started_on": DATE_WIDGET, "ended_on": DATE_WIDGET}


class TitleRecordForm(SeriesLevelForm):
    title_label = "职称"

    class Meta:
        model = TitleRecord
        exclude = ["profile", "series", "level"]
        widgets = {"obtained_on": DATE_WIDGET}

    def clean(self):
        data = super().clean()
        if data.get("origin") == TitleOrigin.YUNNAN:
            data["confirmed"] = False  # only titles from elsewhere are confirmed (§一(五))
        return data


class QualificationRecordForm(forms.ModelForm):
    name = forms.ChoiceField(label="职业资格", choices=())

    class Meta:
        model = QualificationRecord
        exclude = ["profile"]
        widgets = {"obtained_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = sorted({entry.name for entry in list_qualifications()})
        self.fields["name"].choices = [("", "（请选择）")] + [(name, name) for name in names]


class MonthField(forms.DateField):
    """A month typed as YYYY-MM, stored as its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m"]
    default_error_messages = {"invalid": "请按“年-月”填写，例如2022-06"}


class InsurancePeriodForm(forms.ModelForm):
    """A period of social insurance: from month, to month, city, unit; no month in two periods."""

    from_month = MonthField(label="起始月份")
    to_month = MonthField(label="截止月份", help_text="含该月；仍在参保的填最近一个已缴费的月份")

    class Meta:
        model = InsurancePeriod
        fields = ["from_month", "to_month", "city", "insuring_unit_name", "insuring_unit_code"]

    def __init__(self, *args, profile: ApplicantProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile

    def clean_insuring_unit_code(self):
        return validate_credit_code(self.cleaned_data["insuring_unit_code"])

    def clean(self):
        data = super().clean()
        first, last = data.get("from_month"), data.get("to_month")
        if first and last:
            if last < first:
                self.add_error("to_month", ValidationError("截止月份不能早于起始月份", code="backwards"))
                return data
            clash = (
                InsuranceMonth.objects.filter(profile=self.profile, month__gte=first, month__lte=last)
                .exclude(period__pk=self.instance.pk).order_by("month").first()
            )
            if clash is not None:
                self.add_error("from_month", ValidationError(
                    f"{chinese_month(clash.month)}已在另一条参保记录中，请修改原记录", code="overlap"))
        return data


class InsuranceImportForm(forms.Form):
    file = forms.FileField(label="参保缴费明细（Excel）", help_text="按本页模板填写的 .xlsx 文件；导入后将替换现有的全部参保记录")


class EligibilityQuestionForm(forms.Form):
    """「我能申报吗？」: which title, by which route, before which committee; and the annual
    assessment results and continuing-education hours of each year since the current title,
    which the series' conditions (E8) check (岗位聘任 come from the profile)."""

    title = TitleField(label="申报职称")
    route = forms.ChoiceField(label="申报方式", choices=Route.choices)
    region_level = forms.ChoiceField(label="评委会层级", choices=CommitteeLevel.choices, initial="city")
    as_of = forms.DateField(label="核对日期", required=False, widget=DATE_WIDGET, help_text="不填则按今天核对")

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"assessment_{year}"] = forms.ChoiceField(
                label=f"{year}年度考核结果", required=False, choices=[("", "（未填写）"), *AssessmentResult.choices])
            self.fields[f"ce_hours_{year}"] = forms.IntegerField(
                label=f"{year}年继续教育学时", required=False, min_value=0, max_value=10000)

    def clean_as_of(self):
        return self.cleaned_data["as_of"] or timezone.localdate()

    def question_fields(self):
        return [self[name] for name in ("title", "route", "region_level", "as_of")]

    def record_fields(self):
        """The yearly fields, year by year: assessment result, then hours."""
        return [self[f"{kind}_{year}"] for year in self.years for kind in ("assessment", "ce_hours")]

    def target(self) -> dict:
        """What the precheck is asked: the title, route, committee level, date and the yearly records."""
        data = self.cleaned_data
        series, level = data["title"]
        return {
            "series": series, "level": level, "route": data["route"], "region_level": data["region_level"],
            "as_of": data["as_of"],
            "assessments": [(year, data[f"assessment_{year}"]) for year in self.years if data[f"assessment_{year}"]],
            "ce_hours": [(year, data[f"ce_hours_{year}"]) for year in self.years if data[f"ce_hours_{year}"] is not None],
        }

