from django import forms

from .models import Meeting
from .services import CHOICES

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["held_on", "place"]
        widgets = {"held_on": DATE_WIDGET}


class DrawForm(forms.Form):
    size = forms.IntegerField(label="抽取人数", min_value=1, help_text="须为单数，且不少于评委会专家最少人数")


class MemberChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, seat):
        return f"{seat.expert.real_name}（{seat.expert.unit.name}）"


class AttendanceForm(forms.Form):
    present = MemberChoices(label="出席专家", queryset=None, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = meeting.members.select_related("expert__unit")
        self.initial.setdefault("present", [seat.pk for seat in meeting.members.all() if seat.present])

    def clean_present(self):
        return [seat.pk for seat in self.cleaned_data["present"]]


class ChairChoice(forms.ModelChoiceField):
    def label_from_instance(self, seat):
        return seat.expert.real_name


class OpenForm(forms.Form):
    chair = ChairChoice(label="主任委员（会议主持人）", queryset=None, empty_label="（请选择）")

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = meeting.members.filter(present=True).select_related("expert")

    def clean_chair(self):
        return self.cleaned_data["chair"].pk


class RelationForm(forms.Form):
    application_id = forms.IntegerField(widget=forms.HiddenInput)
    relation = forms.CharField(label="关系说明", max_length=200, help_text="如：近亲属、师生、同一项目组成员")


class BallotForm(forms.Form):
    application_id = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(label="表决意见", choices=list(CHOICES.items()))
