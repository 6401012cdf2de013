from django import forms

from zhicheng.display import chinese_date

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DemoDateMoveForm(forms.Form):
    """Where to move the demo date: the next working day (left blank), or a chosen day; confirmed."""

    to = forms.DateField(label="调整到", required=False, widget=DATE_WIDGET)
    confirm = forms.BooleanField(label="确认调整演示日期", help_text="演示日期只能向后调整，调整后不能改回；所有演示账号都按新日期办理",
                                 error_messages={"required": "请勾选此项后再调整"})

    def __init__(self, *args, following=None, **kwargs):
        super().__init__(*args, **kwargs)
        if following:
            self.fields["to"].help_text = f"留空则调整到下一个工作日：{chinese_date(following)}"
        else:
            self.fields["to"].required = True
