from django import forms

from zhicheng.applications.forms import PagedChoiceField
from zhicheng.applications.models import State

from .models import NoticeFiling, ReviewPlan

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReviewPlanForm(forms.ModelForm):
    """评审计划 (C1); saving runs the plan check (T1–T7) through the model's clean()."""

    class Meta:
        model = ReviewPlan
        fields = [
            "year", "applications_open_on", "receiving_from", "receiving_until", "unified_submission",
            "qualification_publicity_from", "qualification_publicity_to", "pre_meeting_publicity_from", "meeting_on",
            "result_publicity_from", "result_publicity_to", "service_cutoff", "pass_rate_ceiling",
        ]
        widgets = {
            name: DATE_WIDGET for name in fields if name not in ("year", "unified_submission", "pass_rate_ceiling")
        }

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.committee = committee


class NoticeForm(forms.ModelForm):
    class Meta:
        model = NoticeFiling
        fields = ["title", "body", "contacts"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}


class PreMeetingFilingForm(forms.Form):
    work_plan = forms.CharField(label="评审工作方案", widget=forms.Textarea(attrs={"rows": 4}))
    publicity_summary = forms.CharField(label="资格审核公示情况", widget=forms.Textarea(attrs={"rows": 2}))
    admitted = PagedChoiceField(label="同意上会评审人员")

    def __init__(self, *args, plan, offered=None, **kwargs):
        """``offered``: the page of the plan's qualified applications shown (a listing of
        :func:`qualified_applications`); without it (a post) none are shown."""
        super().__init__(*args, **kwargs)
        field = self.fields["admitted"]
        field.queryset = qualified_applications(plan)
        field.label_from_instance = lambda a: f"{a.applicant.real_name} · {a.title_name}（{a.specialty.name}）"
        if offered is not None:
            field.offer(offered.rows, offered.page.paginator.count)


def qualified_applications(plan):
    """The plan's applications past the qualification review, to be admitted to the meeting."""
    return plan.applications.filter(state=State.QUALIFIED).select_related("applicant", "specialty")


class ConfirmationDecisionForm(forms.Form):
    confirmation = forms.IntegerField(widget=forms.HiddenInput)
    confirmed = forms.TypedChoiceField(
        label="确认结果", choices=[("1", "确认"), ("0", "不予确认")], coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    reason = forms.CharField(label="确认意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
