from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhicheng.catalog.forms import TitleField
from zhicheng.catalog.models import Specialty, series_choices, title_name
from zhicheng.review.models import ReviewPlan

from .models import Achievement, AnnualAssessment, Attachment, ContinuingEducation, CreditCommitment, Recommendation, Route
from .workflow import CORRECTION_ITEMS, REVIEW_SECTIONS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ListedChoices(forms.models.ModelChoiceIterator):
    """A short list of choices read in one plain query: Django's own reads them through
    `QuerySet.iterator()`, which on PostgreSQL declares a server-side cursor for each field
    (a DECLARE, a FETCH and a CLOSE for a few dozen rows).  The options are the same."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for choice in list(self.queryset.all()):
            yield self.choice(choice)


class PlanChoiceField(forms.ModelChoiceField):
    iterator = ListedChoices

    def label_from_instance(self, plan):
        return f"{plan.committee.name}（网上申报 {plan.window_label}）"


class SpecialtyChoiceField(forms.ModelChoiceField):
    """A specialty named as it names itself (系列·专业), the series' names read once for
    the whole list rather than once an option."""

    iterator = ListedChoices

    def label_from_instance(self, specialty):
        names = getattr(self, "_series_names", None)
        if names is None:
            names = self._series_names = dict(series_choices())
        return f"{names.get(specialty.series, specialty.series)}·{specialty.name}"


class ApplicationStartForm(forms.Form):
    """开始申报: the committee is chosen among those whose window is open today (L6); the
    title among the levels of their series, under each series' own names."""

    plan = PlanChoiceField(label="评审委员会", queryset=ReviewPlan.objects.none(), empty_label="（请选择）")
    specialty = SpecialtyChoiceField(label="申报专业", queryset=Specialty.objects.all(), empty_label="（请选择）")
    level = TitleField(label="申报职称")
    route = forms.ChoiceField(label="申报方式", choices=Route.choices)

    def __init__(self, *args, open_plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = ReviewPlan.objects.filter(pk__in=[plan.pk for plan in open_plans]).select_related("committee")
        self.fields["level"].offer(plan.committee.series for plan in open_plans)

    def clean(self):
        """The title is of the committee's series; what is passed on is its level."""
        data = super().clean()
        plan, title = data.get("plan"), data.get("level")
        if plan is not None and title is not None:
            series, level = title
            if series != plan.committee.series:
                self.add_error("level", ValidationError(
                    f"{plan.committee.name}评审{plan.committee.get_series_display()}，"
                    f"不评审{title_name(series, level)}，请选择该系列的职称", code="other_series"))
            else:
                data["level"] = level
        return data


class AchievementForm(forms.ModelForm):
    class Meta:
        model = Achievement
        exclude = ["application"]
        widgets = {"achieved_on": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 3})}

    def clean_achieved_on(self):
        day = self.cleaned_data["achieved_on"]
        if day > timezone.localdate():
            raise ValidationError("不能填写将来的日期", code="future_date")
        return day


class YearlyRecordForm(forms.ModelForm):
    """One record per year of an application: the year is checked, and so is its uniqueness."""

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.application = application

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise ValidationError(f"{year}年还未到，不能填写将来的年度", code="future_year")
        return year

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except ValidationError:
            self.add_error("year", ValidationError("该年度已有记录，请修改原记录", code="duplicate_year"))


class AnnualAssessmentForm(YearlyRecordForm):
    class Meta:
        model = AnnualAssessment
        exclude = ["application"]


class ContinuingEducationForm(YearlyRecordForm):
    class Meta:
        model = ContinuingEducation
        exclude = ["application"]


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = CreditCommitment
        fields = ["commitment_number"]


class VersionedForm(forms.Form):
    """Every action carries the version the person saw, so a stale page cannot act (P5)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class SectionsReviewForm(forms.Form):
    """All sections at once (L9): every section passes with the common opinion, except those
    marked as having a problem, each with what is wrong."""

    text = forms.CharField(label="无问题项目的审核意见", initial="经审核，情况属实", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for slug, label in REVIEW_SECTIONS.items():
            self.fields[f"problem_{slug}"] = forms.BooleanField(label=f"{label}有问题", required=False)
            self.fields[f"note_{slug}"] = forms.CharField(label=f"{label}的问题", required=False, max_length=200)

    def rows(self):
        """(label, problem box, note box) per section, for the table on the page."""
        return [(label, self[f"problem_{slug}"], self[f"note_{slug}"]) for slug, label in REVIEW_SECTIONS.items()]

    def clean(self):
        data = super().clean()
        for slug, label in REVIEW_SECTIONS.items():
            if data.get(f"problem_{slug}") and not (data.get(f"note_{slug}") or "").strip():
                self.add_error(f"note_{slug}", f"请写明{label}存在的问题")
        return data

    def opinions(self) -> dict[str, tuple[bool, str]]:
        """section → (passed, text)."""
        data = self.cleaned_data
        return {
            slug: (False, data[f"note_{slug}"].strip()) if data[f"problem_{slug}"] else (True, data["text"])
            for slug in REVIEW_SECTIONS
        }


class ReturnForm(VersionedForm):
    text = forms.CharField(label="需要修改的内容", widget=forms.Textarea(attrs={"rows": 3}))
    reset = forms.BooleanField(label="重置流程（从头重新提交）", required=False)


class ApproveForm(VersionedForm):
    text = forms.CharField(label="审核意见", initial="经审核，申报材料真实、完整，同意推荐。", widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(VersionedForm):
    reason = forms.CharField(label="撤回原因", widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentUploadForm(forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=Attachment.Kind.choices)
    file = forms.FileField(label="文件", help_text="PDF、JPEG或PNG格式")
    replaces = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StampForm(forms.Form):
    """L9: the reviewer's opinion and the unit's electronic stamp on one copy."""

    opinion = forms.CharField(label="审核意见", max_length=200, initial="经审核，与原件一致")
    originals_seen = forms.BooleanField(label="已核验原件", required=False)
    originals_seen_where = forms.CharField(label="原件核验地点", max_length=100, required=False)


class PublicityPeriodForm(forms.Form):
    """The period of a publicity (T7), unit or result; the end defaults to the earliest allowed."""

    starts_on = forms.DateField(label="公示开始日期", widget=DATE_WIDGET)
    ends_on = forms.DateField(label="公示结束日期", required=False, widget=DATE_WIDGET,
                              help_text="不填则取最早可结束日期（按工作日计算，节假日不计，调休上班日计入）")
    place = forms.CharField(label="公示地点", max_length=100)


class PagedChoiceField(forms.ModelMultipleChoiceField):
    """A choice of applications from a list that may be too long for one page: the
    checkboxes offered are one page of it (:meth:`offer`), the first of them "all of them",
    and any row of the whole queryset is accepted."""

    EVERYONE = "all"
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(queryset=None, **kwargs)

    def offer(self, rows, total: int) -> None:
        """Offer ``rows`` (one page of the queryset, ``total`` rows in all) as the checkboxes."""
        everyone = [(self.EVERYONE, f"全部{total}人（含其他页）")] if total > len(rows) else []
        self.widget.choices = [*everyone, *((row.pk, self.label_from_instance(row)) for row in rows)]

    def clean(self, value):
        if value and self.EVERYONE in value:
            return self.queryset
        return super().clean(value)


class PublicityStartForm(PublicityPeriodForm):
    applications = PagedChoiceField(label="公示人员（已审核通过）")
    field_order = ["applications", "starts_on", "ends_on", "place"]

    def __init__(self, *args, approved, offered, **kwargs):
        """``approved``: every application that may go on the publicity; ``offered``: the
        page of them shown (a listing of ``approved``)."""
        super().__init__(*args, **kwargs)
        self.fields["place"].initial = "本单位公开场所（公示栏）"
        self.fields["starts_on"].help_text = (
            "公示在单位审核通过之后进行；补录已在本单位张贴的公示时，开始日期不能早于审核通过之日"
        )
        field = self.fields["applications"]
        field.queryset = approved
        field.label_from_instance = lambda a: f"{a.applicant.real_name} · {a.title_name}（{a.specialty.name}）· {a.plan.committee.name}"
        field.offer(offered.rows, offered.page.paginator.count)


class ObjectionForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    received_on = forms.DateField(label="收到日期", widget=DATE_WIDGET)
    content = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 2}))


class SettleForm(forms.Form):
    objection = forms.IntegerField(widget=forms.HiddenInput)
    upheld = forms.TypedChoiceField(
        label="核实结论", choices=[("0", "异议不成立"), ("1", "异议成立")], coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    settlement = forms.CharField(label="核实处理情况", widget=forms.Textarea(attrs={"rows": 2}))


class RecommendationForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["evaluation", "method", "participants", "participant_count", "opinion", "formation"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ("evaluation", "opinion", "formation")}


class ExceptionalVetForm(VersionedForm):
    """破格资格审查: the recommending experts, one a line, and the office's opinion."""

    recommenders = forms.CharField(
        label="推荐专家", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一名：姓名、工作单位、职称，例如：张某某，昆明理工大学，正高级工程师",
    )
    text = forms.CharField(label="破格资格审查意见", initial="经审查，推荐意见齐全，符合破格申报条件",
                           widget=forms.Textarea(attrs={"rows": 2}))


class QualifyForm(VersionedForm):
    text = forms.CharField(label="资格审核意见", initial="经审核，符合申报条件", widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(VersionedForm):
    text = forms.CharField(label="不通过理由", widget=forms.Textarea(attrs={"rows": 2}))


class CommitteeReturnForm(VersionedForm):
    text = forms.CharField(label="需要修改的内容", widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(VersionedForm):
    """L5: the whole list at once, with a deadline."""

    items = forms.MultipleChoiceField(label="需补正的材料（一次性全部列出）", choices=list(CORRECTION_ITEMS.items()), widget=forms.CheckboxSelectMultiple)
    free_text = forms.CharField(label="具体说明", widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label="补正期限", widget=DATE_WIDGET)
    late_addition_reason = forms.CharField(
        label="新增项目的理由", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="再次告知时，如列出此前未告知的项目，须说明理由（将记入办理记录）",
    )
