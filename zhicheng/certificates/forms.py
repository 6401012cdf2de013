from django import forms

from zhicheng.applications.forms import DATE_WIDGET, PagedChoiceField, PublicityPeriodForm, VersionedForm

from .models import ResultCorrection

YES_NO = {"coerce": lambda value: value == "1", "widget": forms.RadioSelect}


def candidate_label(application) -> str:
    return f"{application.applicant.real_name} · {application.employer.name} · {application.title_name}（{application.specialty.name}）"


class CandidatesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, application):
        return candidate_label(application)


class ResultPublicityStartForm(PublicityPeriodForm):
    applications = CandidatesField(label="公示人员（评审通过）", queryset=None, widget=forms.CheckboxSelectMultiple)
    field_order = ["applications", "starts_on", "ends_on", "place"]

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].initial = "评委会组建单位网站及公示栏"
        self.fields["applications"].queryset = candidates
        self.fields["applications"].initial = list(candidates)


class ConfirmForm(forms.Form):
    applications = PagedChoiceField(label="确认人员（公示期满、异议和复查均已办结）")

    def __init__(self, *args, ready=None, offered=(), total=0, **kwargs):
        """``ready``: every application that may be confirmed, which a filled-in form is checked
        against (a form only shown, never checked, needs none); ``offered``: those of them on
        the page shown, of ``total``; all are ticked."""
        super().__init__(*args, **kwargs)
        field = self.fields["applications"]
        if ready is None and self.is_bound:
            raise TypeError("a filled-in form is checked against the applications that may be confirmed")
        field.queryset = ready
        field.label_from_instance = candidate_label
        field.offer(offered, total)
        field.initial = [PagedChoiceField.EVERYONE] if total > len(offered) else [a.pk for a in offered]


class ReexaminationRequestForm(forms.Form):
    reason = forms.CharField(label="申请复查理由", widget=forms.Textarea(attrs={"rows": 4}))


class ReexaminationDecideForm(forms.Form):
    reexamination = forms.IntegerField(widget=forms.HiddenInput)
    overturned = forms.TypedChoiceField(label="复查结论", choices=[("0", "维持评审结果"), ("1", "改变评审结果（不予通过）")], **YES_NO)
    text = forms.CharField(label="复查意见", widget=forms.Textarea(attrs={"rows": 2}))


class AssessmentDecisionForm(VersionedForm):
    passed = forms.TypedChoiceField(label="考核认定结论", choices=[("1", "考核认定通过"), ("0", "考核认定未通过")], **YES_NO)
    reason = forms.CharField(label="考核意见（未通过须写明理由）", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RevokeForm(forms.Form):
    reason = forms.CharField(label="撤销原因", widget=forms.Textarea(attrs={"rows": 2}), help_text="如：经查实申报材料中的业绩证明系伪造")


class RecogniseForm(forms.Form):
    qualification = forms.IntegerField(widget=forms.HiddenInput)


class ResultCorrectionForm(VersionedForm):
    """评审结果更正: what a re-examination or an upheld objection decided.  Sent twice: first
    to see what will change, then with ``confirmed`` to change it."""

    basis = forms.ChoiceField(label="更正依据", choices=ResultCorrection.Basis.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label="更正理由", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="复查或异议核实查明的事实及结论，将告知申报人")
    deciders = forms.CharField(label="作出决定的人员", widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="每行一人，写姓名和职务，如：张丽华　复查专家组组长")
    decided_on = forms.DateField(label="决定日期", widget=DATE_WIDGET)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
