"""A choice from a long list offers one page of checkboxes, and "all" takes every row of the
whole list, not only the page shown."""

import pytest

from tests.factories import UnitFactory, engineering_committee, review_plan
from tests.web.test_query_counts import applications, staff
from zhicheng.accounts.models import Role
from zhicheng.applications.forms import PublicityStartForm
from zhicheng.applications.models import State
from zhicheng.web.listing import FORM_ROWS_PER_PAGE, listing
from zhicheng.web.publicity_views import OFFERED_COLUMNS, approved_applications

pytestmark = pytest.mark.django_db


def form(rf, officer, chosen):
    request = rf.get("/")
    request.user = officer
    approved = approved_applications(officer)
    offered = listing(request, approved, per_page=FORM_ROWS_PER_PAGE, columns=OFFERED_COLUMNS)
    return PublicityStartForm({"applications": chosen, "starts_on": "2022-08-03", "place": "单位公示栏"}, approved=approved, offered=offered)


def test_all_takes_every_approved_application_beyond_the_page_shown(rf):
    unit = UnitFactory()
    approved = applications(30, unit=unit, plan=review_plan(engineering_committee()), state=State.EMPLOYER_APPROVED)
    officer = staff(Role.EMPLOYER, unit)

    everyone = form(rf, officer, ["all"])

    rendered = str(everyone["applications"])
    assert "全部30人（含其他页）" in rendered and rendered.count('type="checkbox"') == FORM_ROWS_PER_PAGE + 1
    assert everyone.is_valid()
    assert sorted(a.pk for a in everyone.cleaned_data["applications"]) == sorted(a.pk for a in approved)


def test_one_chosen_is_one_and_another_units_application_is_refused(rf):
    unit = UnitFactory()
    plan = review_plan(engineering_committee())
    approved = applications(3, unit=unit, plan=plan, state=State.EMPLOYER_APPROVED)
    elsewhere = applications(1, unit=UnitFactory(), plan=plan, state=State.EMPLOYER_APPROVED)[0]
    officer = staff(Role.EMPLOYER, unit)

    one = form(rf, officer, [approved[0].pk])
    outsider = form(rf, officer, [elsewhere.pk])

    assert one.is_valid() and [a.pk for a in one.cleaned_data["applications"]] == [approved[0].pk]
    assert "全部" not in str(one["applications"])  # the whole list fits on the page
    assert not outsider.is_valid() and "applications" in outsider.errors


CHOICES = [("all", "全部<30>人（含其他页）"), (7, "张三 · 工程师（建筑 & 市政）"), (12, '李"四"')]


@pytest.mark.parametrize("auto_id, ticked, disabled, choices", [
    ("confirm3_%s", ["all"], False, CHOICES),
    ("confirm3_%s", [7, 12], False, CHOICES),
    ("confirm3_%s", [], False, CHOICES),
    (False, ["all"], False, CHOICES),
    ("id_%s", [], False, []),
    ("id_%s", [7], True, CHOICES),  # an attribute besides the id: Django's own templates
    ("id_%s", ["7"], False, [("2022", [(7, "张三")]), (12, "李四")]),  # groups: the same
])
def test_checkboxes_are_written_as_djangos_templates_write_them(auto_id, ticked, disabled, choices):
    from django import forms
    from django.forms.renderers import TemplatesSetting

    from zhicheng.web.renderers import FormRenderer

    def rendered(renderer):
        class Choice(forms.Form):
            applications = forms.MultipleChoiceField(label="人员", choices=choices, widget=forms.CheckboxSelectMultiple,
                                                     disabled=disabled)

        return str(Choice(initial={"applications": ticked}, auto_id=auto_id, renderer=renderer)["applications"])

    assert rendered(FormRenderer()) == rendered(TemplatesSetting())
