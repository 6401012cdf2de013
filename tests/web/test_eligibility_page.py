import datetime

import re

import pytest
import time_machine
from django.urls import reverse

from tests.factories import ApplicantFactory, UnitFactory, dongchuan, region
from zhicheng.profiles.models import Education, InsuranceMonth, TitleRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def engineer(client):
    unit = UnitFactory()
    user = ApplicantFactory()
    profile = user.profile
    profile.contract_unit, profile.applied_before = unit, True
    profile.save()
    Education.objects.create(
        profile=profile, degree="bachelor", school="昆明理工大学", major="土木工程", engineering=True,
        graduated_on=datetime.date(2008, 7, 1), proof_kind="chsi",
    )
    TitleRecord.objects.create(
        profile=profile, series="engineering", level="intermediate", obtained_on=datetime.date(2016, 12, 30),
        method="review", issued_by="昆明市工程系列中级职称评审委员会",
    )
    for month in range(1, 7):
        InsuranceMonth.objects.create(
            profile=profile, month=datetime.date(2022, month, 1), city="昆明市",
            insuring_unit_code=unit.credit_code, insuring_unit_name=unit.name,
        )
    client.force_login(user)
    return user


def ask(client, **answers):
    query = {"title": "engineering.senior", "route": "review", "region_level": "city", **answers}
    return client.get(reverse("web:eligibility"), query).content.decode()


def test_eligible_engineer_sees_each_rule_with_clause_and_dates(client, engineer):
    page = ask(client, as_of="2022-07-15")

    assert "符合申报条件" in page
    assert "人社部发〔2019〕16号" in page  # E1's source
    assert "《关于开展2022年专业技术职称申报评审工作的通知》第二条第（三）项" in page  # E2's source, cited by title and article
    assert "2021年12月30日" in page  # the years are met on this date, shown as a date


def test_missing_insurance_month_fails_e2_on_page(client, engineer):
    InsuranceMonth.objects.filter(month=datetime.date(2022, 6, 1)).delete()

    page = ask(client, as_of="2022-07-15")

    assert "暂不符合申报条件" in page
    assert "2022-06" in page


def test_skipping_a_level_is_refused(client, engineer):
    page = ask(client, title="engineering.principal", as_of="2022-07-15")

    assert "暂不符合申报条件" in page
    assert "逐级申报" in page


def test_eligibility_page_is_for_applicants_only(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(unit=UnitFactory()))

    assert client.get(reverse("web:eligibility")).status_code == 404


def intermediate_title_holder(school, major, graduated_on, series, obtained_on, issued_by):
    """An applicant of a unit, with a bachelor's degree and an intermediate title of `series`
    obtained by review."""
    user = ApplicantFactory()
    profile = user.profile
    profile.contract_unit, profile.applied_before = UnitFactory(), True
    profile.save()
    Education.objects.create(profile=profile, degree="bachelor", school=school, major=major, graduated_on=graduated_on,
                             proof_kind="chsi")
    TitleRecord.objects.create(profile=profile, series=series, level="intermediate", obtained_on=obtained_on, method="review",
                               issued_by=issued_by)
    return user


@pytest.fixture
def physician(client):
    """主治医师 since 2016-12-31 with 执业医师资格, asking about 副主任医师 in August 2022."""
    from zhicheng.profiles.models import QualificationRecord

    user = intermediate_title_holder("昆明医科大学", "临床医学", datetime.date(2010, 7, 1),
                                     "health_physician", datetime.date(2016, 12, 31), "云南省卫生健康委员会")
    profile = user.profile
    QualificationRecord.objects.create(profile=profile, name="执业医师资格", certificate_number="Y1",
                                       obtained_on=datetime.date(2012, 5, 1))
    client.force_login(user)
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False):
        yield user


def yearly(results=None, hours=None):
    """The page's yearly fields for 2017–2021: 合格 and 90 学时 each year unless told otherwise."""
    results = {year: "competent" for year in range(2017, 2022)} | (results or {})
    hours = {year: 90 for year in range(2017, 2022)} | (hours or {})
    return {**{f"assessment_{y}": r for y, r in results.items()}, **{f"ce_hours_{y}": h for y, h in hours.items()}}


def ask_physician(client, **answers):
    query = {"title": "health_physician.senior", "route": "review", "region_level": "province", "as_of": "2022-07-15"}
    return client.get(reverse("web:eligibility"), {**query, **answers}).content.decode()


def test_the_page_offers_a_field_per_year_since_the_current_title(client, physician):
    page = client.get(reverse("web:eligibility")).content.decode()

    assert [int(y) for y in re.findall(r'name="assessment_(\d{4})"', page)] == [2017, 2018, 2019, 2020, 2021]
    assert [int(y) for y in re.findall(r'name="ce_hours_(\d{4})"', page)] == [2017, 2018, 2019, 2020, 2021]


def test_a_physician_with_every_years_records_passes_the_series_conditions(client, physician):
    page = ask_physician(client, **yearly())

    assert "符合申报条件" in page and "暂不符合" not in page
    assert "2017—2021年年度考核均为合格以上" in page
    assert "2017—2021年每年继续教育不少于90学时" in page


def test_one_failed_assessment_year_is_refused_on_the_page(client, physician):
    page = ask_physician(client, **yearly(results={2019: "incompetent"}))

    assert "暂不符合申报条件" in page
    assert "须取得现职称以来年度考核均为合格以上：2019年不合格" in page


def test_zero_continuing_education_hours_are_refused_on_the_page(client, physician):
    page = ask_physician(client, **yearly(hours={2020: 0}))

    assert "暂不符合申报条件" in page
    assert "须每年继续教育不少于90学时，2020年0学时不足" in page


def test_years_left_blank_are_checked_as_without_records(client, physician):
    page = ask_physician(client, **yearly(results={2021: ""}))

    assert "暂不符合申报条件" in page
    assert "2021年无考核结果" in page


def test_the_latest_applications_records_start_the_form(client, physician):
    from tests.factories import engineering_committee, review_plan
    from zhicheng.applications.models import AnnualAssessment, Application, ContinuingEducation
    from zhicheng.catalog.models import Specialty

    plan = review_plan(engineering_committee("province"))
    application = Application.objects.create(
        applicant=physician, plan=plan, employer=physician.profile.contract_unit, series="health_physician",
        specialty=Specialty.objects.create(series="health_physician", name="内科"), level="senior",
    )
    AnnualAssessment.objects.create(application=application, year=2019, result="excellent")
    ContinuingEducation.objects.create(application=application, year=2020, hours=120, provider="省卫健委")

    page = client.get(reverse("web:eligibility")).content.decode()

    assert re.search(r'<select name="assessment_2019"[^>]*>.*?<option value="excellent" selected>', page, re.S)
    assert re.search(r'name="ce_hours_2020" value="120"', page)


def test_a_teacher_short_of_years_in_the_post_is_refused_from_the_profiles_posts(client):
    from zhicheng.profiles.models import PostRecord

    user = intermediate_title_holder("曲靖师范学院", "数学", datetime.date(2008, 7, 1),
                                     "school_teacher", datetime.date(2015, 12, 1), "东川区")
    profile = user.profile
    PostRecord.objects.create(profile=profile, series="school_teacher", level="intermediate", post_name="十级岗位",
                              started_on=datetime.date(2018, 9, 1))
    client.force_login(user)

    page = client.get(reverse("web:eligibility"), {
        "title": "school_teacher.senior", "route": "review", "region_level": "province", "as_of": "2022-07-15",
    }).content.decode()

    assert "暂不符合申报条件" in page
    assert "自2018年9月1日在一级教师岗位任职" in page and "不满5年" in page


def test_an_exceptional_route_is_checked_on_the_page(client, engineer):
    page = ask(client, route="exceptional", as_of="2022-07-15", assessment_2021="competent")

    assert "暂不符合申报条件" in page
    assert "破格申报须经2名具有正高级职称的专家推荐" in page
    assert "须取得现职称以来年度考核至少1次为优秀，现有0次" in page
    assert "须有取得现职称以来获得的奖励（获奖类业绩）至少1项，现有0项" in page


def test_the_series_conditions_are_named_by_what_they_check(client, engineer):
    page = ask(client, route="exceptional", as_of="2022-07-15")

    assert "<td>系列和申报方式的其他条件</td>" in page
    assert ">E8<" not in page and "E8：" not in page


def test_a_rule_the_workplace_has_no_value_of_is_told_not_a_server_error(client, engineer):
    """考核定职's months are fixed by 东川区's 2022 notice only: asked by someone working in
    五华区 (whose chain, 昆明市 → 云南省 → 国家, has none), the page names the rule, the date
    and who must act, in plain Chinese."""
    kunming = dongchuan().parent
    engineer.profile.contract_unit.region = region("530102", "五华区", parent=kunming)
    engineer.profile.contract_unit.save()

    response = client.get(reverse("web:eligibility"), {"title": "engineering.intermediate", "route": "assessment",
                                                      "region_level": "city", "as_of": "2022-07-15"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "职称考核定职受理月份" in page
    assert "2022年7月15日没有生效的取值" in page
    assert "请系统管理员补充这项规则参数及其依据" in page
    assert "assessment.months" not in page and "2022-07-15" not in page.split('id="decision"')[1]
    assert "符合申报条件" not in page.split('id="decision"')[1]
