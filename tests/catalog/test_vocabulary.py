"""One vocabulary: every term (series, level, education, route, result, origin) is defined
once, with its Chinese label, in the rules' terms; the models' choices are built from it, and
every form asking for a level offers the series' own title names, never the generic grade."""

import datetime
import pathlib
import re

import pytest
import time_machine
from django.urls import reverse

from tests.factories import ApplicantFactory, UnitFactory, engineering_committee, ready_engineer, review_plan
from zhicheng.applications.models import AnnualAssessment, Application
from zhicheng.catalog.models import Committee, CommitteeLevel, Level
from zhicheng.catalog.vocabulary import AssessmentResult, Degree, Route, TitleOrigin
from zhicheng.profiles.models import Education, PostRecord, TitleRecord
from zhicheng.rules import list_series, terms

GENERIC_GRADES = ("员级", "助理级", "中级", "副高级")
ROOT = pathlib.Path(__file__).resolve().parents[2] / "zhicheng"


@pytest.mark.parametrize(("choices", "vocabulary"), [
    (Level, terms.LEVELS), (Degree, terms.DEGREES), (Route, terms.ROUTES), (TitleOrigin, terms.TITLE_ORIGINS),
    (CommitteeLevel, terms.REGION_LEVELS), (AssessmentResult, terms.ASSESSMENT_RESULTS),
])
def test_the_models_choices_are_the_terms(choices, vocabulary):
    assert choices.choices == list(vocabulary.items())


def test_the_models_store_and_show_the_terms():
    assert Education._meta.get_field("degree").choices == list(terms.DEGREES.items())
    assert Application._meta.get_field("route").choices == list(terms.ROUTES.items())
    assert AnnualAssessment._meta.get_field("result").choices == list(terms.ASSESSMENT_RESULTS.items())
    assert Committee._meta.get_field("region_level").choices == list(terms.REGION_LEVELS.items())
    assert TitleRecord._meta.get_field("origin").choices == list(terms.TITLE_ORIGINS.items())


@pytest.mark.parametrize("label", ["助理级", "副高级", "第二学士学位", "基本合格", "正常评审", "破格申报", "转系列申报", "考核定职", "转系列"])
def test_a_label_is_written_in_one_module_only(label):
    """The label as a string of its own ("助理级") occurs in the terms module and nowhere else in the code."""
    literal = re.compile(rf"[\"']{re.escape(label)}[\"']")
    found = sorted(
        str(path.relative_to(ROOT)) for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts and literal.search(path.read_text(encoding="utf-8"))
    )
    assert found == ["rules/terms.py"]


def option_labels(page: str) -> list[str]:
    return [re.sub(r"\s+", "", label) for label in re.findall(r"<option[^>]*>([^<]*)</option>", page)]


def assert_series_names_not_grades(page: str, series_codes):
    labels = option_labels(page)
    assert not set(labels) & set(GENERIC_GRADES), [label for label in labels if label in GENERIC_GRADES]
    shipped = {series.code: series for series in list_series(datetime.date(2022, 8, 1))}
    for code in series_codes:
        assert all(level.name in labels for level in shipped[code].levels), code


@pytest.fixture
def august_2022():
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False):
        yield


@pytest.mark.django_db
def test_the_application_start_offers_the_levels_of_the_open_committees_series(client, august_2022):
    applicant = ready_engineer(UnitFactory())
    review_plan(engineering_committee("city"), receiving_from=datetime.date(2022, 8, 5))
    client.force_login(applicant)

    page = client.get(reverse("web:application_new")).content.decode()

    assert_series_names_not_grades(page, ["engineering"])
    assert "一级教师" not in option_labels(page)  # no committee of that series is open


@pytest.mark.django_db
def test_the_eligibility_page_offers_every_series_under_its_own_names(client, august_2022):
    applicant = ApplicantFactory()
    client.force_login(applicant)

    page = client.get(reverse("web:eligibility")).content.decode()

    assert_series_names_not_grades(page, [series.code for series in list_series(datetime.date(2022, 8, 1))])
    assert "主治医师" in option_labels(page) and "一级教师" in option_labels(page)


@pytest.mark.django_db
@pytest.mark.parametrize("section", ["titles", "posts"])
def test_the_profile_forms_of_titles_and_posts_offer_the_series_names(client, section):
    client.force_login(ApplicantFactory())

    page = client.get(reverse("web:profile_record_add", args=[section])).content.decode()

    assert_series_names_not_grades(page, ["engineering", "school_teacher", "health_physician"])


@pytest.mark.django_db
def test_a_post_is_saved_and_shown_under_its_series_name(client):
    applicant = ApplicantFactory()
    client.force_login(applicant)

    response = client.post(reverse("web:profile_record_add", args=["posts"]), {
        "title": "school_teacher.intermediate", "post_name": "专业技术十级岗位", "started_on": "2016-09-01",
    })
    profile_page = client.get(reverse("web:profile")).content.decode()

    assert response.status_code == 302
    post = PostRecord.objects.get()
    assert (post.series, post.level) == ("school_teacher", "intermediate")
    assert "一级教师" in profile_page
    edit = client.get(reverse("web:profile_record_edit", args=["posts", post.pk])).content.decode()
    assert re.search(r'<option value="school_teacher.intermediate" selected>一级教师</option>', edit)


@pytest.mark.django_db
def test_a_title_of_another_series_than_the_committees_is_refused_and_nothing_is_created(client, august_2022):
    from zhicheng.audit.models import Event
    from zhicheng.catalog.models import Specialty

    applicant = ready_engineer(UnitFactory())
    plan = review_plan(engineering_committee("city"), receiving_from=datetime.date(2022, 8, 5))
    teachers = engineering_committee("city")
    teachers.series = "school_teacher"
    teachers.save()
    review_plan(teachers, receiving_from=datetime.date(2022, 8, 5))  # so 一级教师 is offered too
    specialty = Specialty.objects.create(series="engineering", name="建筑工程")
    client.force_login(applicant)
    before = (Application.objects.count(), Event.objects.count())

    response = client.post(reverse("web:application_new"), {
        "plan": plan.pk, "specialty": specialty.pk, "level": "school_teacher.intermediate", "route": "review",
    })

    assert response.status_code == 200
    assert "评审工程系列，不评审一级教师，请选择该系列的职称" in response.content.decode()
    assert (Application.objects.count(), Event.objects.count()) == before


def test_the_publicity_form_names_every_route_in_its_own_words():
    from zhicheng.documents.publicity import APPLICATION_ROUTES

    assert set(terms.PUBLICITY_FORM_ROUTES) == set(terms.ROUTES)
    assert APPLICATION_ROUTES == ("正常", "破格", "转系列", "考核认定")
