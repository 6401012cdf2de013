"""破格 and 转系列 over HTTP: the route is recorded with the application; a 破格 application
passes the committee office's 破格资格审查 (the experts' recommendations, as many as the
rules ask) before the qualification review; a 转系列 application for a level above the
title held is refused with what to apply for first. Every refusal changes nothing."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.applications import flow
from tests.factories import UnitFactory, UserFactory, dongchuan, engineering_committee, ready_engineer, region, review_plan
from zhicheng.accounts.models import Role
from zhicheng.applications import services
from zhicheng.applications.models import Application, Opinion, State
from zhicheng.audit.models import Event
from zhicheng.catalog.models import Specialty
from zhicheng.profiles.models import PostRecord

pytestmark = pytest.mark.django_db

AUG_1 = datetime.date(2022, 8, 1)


@pytest.fixture(autouse=True)
def in_august_2022():
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False):
        yield


def at_the_committee(route: str):
    """An application the employer has forwarded to the committee (资格审核中) on ``route``."""
    applicant = ready_engineer(UnitFactory())
    plan = review_plan(engineering_committee("province"))
    office = UserFactory(role=Role.COMMITTEE)
    plan.committee.office_staff.add(office)
    application = Application.objects.create(
        applicant=applicant, plan=plan, employer=applicant.profile.contract_unit, series="engineering",
        specialty=Specialty.objects.create(series="engineering", name="水利工程"), level="senior", route=route,
        state=State.COMMITTEE_REVIEW,
    )
    return application, office


def trail(application):
    application.refresh_from_db()
    return application.state, application.version, Event.objects.count(), Opinion.objects.count()


def post(client, name, application, data):
    return client.post(reverse(name, args=[application.pk]), {"version": application.version, **data}, follow=True)


def test_an_exceptional_application_cannot_be_qualified_before_its_exceptional_vetting(client):
    application, office = at_the_committee("exceptional")
    client.force_login(office)
    page = client.get(reverse("web:application", args=[application.pk])).content.decode()
    before = trail(application)

    response = post(client, "web:committee_qualify", application, {"text": "符合条件"})

    assert "破格资格审查" in page and 'action="/committee/applications/%d/qualify/"' % application.pk not in page
    assert "当前状态为“评委会资格审核中”，不能资格审核通过" in response.content.decode()
    assert trail(application) == before


def test_exceptional_vetting_with_too_few_recommending_experts_is_refused(client):
    application, office = at_the_committee("exceptional")
    client.force_login(office)
    before = trail(application)

    response = post(client, "web:committee_exceptional_vet", application,
                    {"recommenders": "张某某，昆明理工大学，正高级工程师", "text": "推荐意见齐全"})

    assert "破格申报须由2名具有正高级职称的专家推荐，现只登记了1名" in response.content.decode()
    assert "云南省职称评审破格申报条件" in response.content.decode()
    assert trail(application) == before


def test_exceptional_vetting_then_the_qualification_review(client):
    application, office = at_the_committee("exceptional")
    client.force_login(office)
    _state, version, events, _opinions = trail(application)

    vetted = post(client, "web:committee_exceptional_vet", application, {
        "recommenders": "张某某，昆明理工大学，正高级工程师\n李某某，云南省水利水电勘测设计研究院，正高级工程师",
        "text": "推荐意见齐全，符合破格申报条件",
    })
    after_vetting = trail(application)
    qualified = post(client, "web:committee_qualify", application, {"text": "经审核，符合申报条件"})

    assert "破格资格审查已通过" in vetted.content.decode()
    assert after_vetting[:3] == (State.EXCEPTIONAL_VETTED, version + 1, events + 1)
    assert Event.objects.filter(action="application.exceptional_vet").get().details == {
        "recommenders": ["张某某，昆明理工大学，正高级工程师", "李某某，云南省水利水电勘测设计研究院，正高级工程师"]}
    assert Opinion.objects.get(kind=Opinion.Kind.EXCEPTIONAL).text.endswith("李某某，云南省水利水电勘测设计研究院，正高级工程师")
    assert "资格审核已通过" in qualified.content.decode()
    assert trail(application)[:2] == (State.QUALIFIED, version + 2)


def test_a_normal_review_has_no_exceptional_vetting(client):
    application, office = at_the_committee("review")
    client.force_login(office)
    before = trail(application)

    response = post(client, "web:committee_exceptional_vet", application, {
        "recommenders": "张某某\n李某某", "text": "推荐意见齐全",
    })

    assert "不能破格资格审查通过" in response.content.decode()
    assert trail(application) == before


def teachers_committee(level):
    committee = engineering_committee(level)
    committee.series = "school_teacher"
    committee.save()
    plan = review_plan(committee, receiving_from=datetime.date(2022, 8, 5))
    return plan, Specialty.objects.create(series="school_teacher", name="中学数学")


def series_changer():
    """工程师 since 2014 who has taught maths in a 一级教师 post since September 2020."""
    applicant = ready_engineer(UnitFactory())
    title = applicant.profile.titlerecord_set.get()
    title.level, title.obtained_on = "intermediate", datetime.date(2014, 12, 30)
    title.save()
    PostRecord.objects.create(profile=applicant.profile, series="school_teacher", level="intermediate",
                              post_name="专业技术十级岗位", started_on=datetime.date(2020, 9, 1))
    return applicant


def started(client, applicant, plan, specialty, level):
    client.force_login(applicant)
    response = client.post(reverse("web:application_new"), {
        "plan": plan.pk, "specialty": specialty.pk, "level": f"school_teacher.{level}", "route": "series_change",
    })
    assert response.status_code == 302, response.content.decode()
    application = Application.objects.get(applicant=applicant)
    flow.start_papers(application)
    return application


def test_the_route_is_offered_and_recorded_when_starting(client):
    plan, specialty = teachers_committee("city")
    applicant = series_changer()

    client.force_login(applicant)
    page = client.get(reverse("web:application_new")).content.decode()
    application = started(client, applicant, plan, specialty, "intermediate")

    assert ">破格申报</option>" in page and ">转系列申报</option>" in page
    assert (application.series, application.level, application.route) == ("school_teacher", "intermediate", "series_change")
    assert "转系列申报" in client.get(reverse("web:application", args=[application.pk])).content.decode()


def test_series_change_at_the_same_level_is_submitted(client):
    plan, specialty = teachers_committee("city")
    application = started(client, series_changer(), plan, specialty, "intermediate")

    response = client.post(reverse("web:application_submit", args=[application.pk]), {"version": application.version},
                           follow=True)

    assert "申报已提交" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    e1 = next(c for c in application.precheck["checks"] if c["rule"] == "E1")
    assert "在中小学教师岗位任职于2020-09-01" in e1["message"] and "（转系列申报）" in e1["message"]


def test_series_change_to_a_higher_level_is_told_to_apply_at_the_same_level_first(client):
    plan, specialty = teachers_committee("province")
    application = started(client, series_changer(), plan, specialty, "senior")
    before = trail(application)

    response = client.post(reverse("web:application_submit", args=[application.pk]), {"version": application.version},
                           follow=True)

    assert ("转系列须先申报与现职称工程师同级别的一级教师，在中小学教师岗位工作满1年后申报；"
            "取得一级教师后方可逐级申报，不能转系列直接申报高级教师") in response.content.decode()
    assert trail(application) == before
    assert application.state == State.DRAFT


def test_an_exceptional_application_without_an_award_is_refused_at_submission(client):
    plan = review_plan(engineering_committee("city"), receiving_from=datetime.date(2022, 8, 5))
    specialty = Specialty.objects.create(series="engineering", name="水利工程")
    applicant = ready_engineer(UnitFactory())
    client.force_login(applicant)
    client.post(reverse("web:application_new"), {
        "plan": plan.pk, "specialty": specialty.pk, "level": "engineering.intermediate", "route": "exceptional",
    })
    application = Application.objects.get(applicant=applicant)
    flow.start_papers(application)
    before = trail(application)

    response = client.post(reverse("web:application_submit", args=[application.pk]), {"version": application.version},
                           follow=True)

    assert "须有取得现职称以来获得的奖励（获奖类业绩）至少1项，现有0项" in response.content.decode()
    assert trail(application) == before


def test_submitting_where_a_rule_has_no_value_in_force_is_refused_with_what_is_missing():
    """考核定职's months are fixed by 东川区's 2022 notice only: an engineer of a unit in 五华区
    submitting on that route is refused, naming the rule and who must act, and nothing changes."""
    july_15 = datetime.date(2022, 7, 15)  # a month 考核定职 is received in
    unit = UnitFactory(region=region("530102", "五华区", parent=dongchuan().parent))
    application = services.application_start(
        applicant=ready_engineer(unit), plan=review_plan(engineering_committee("city")), level="intermediate",
        specialty=Specialty.objects.create(series="engineering", name="建筑工程"), route="assessment", today=july_15,
    )
    flow.start_papers(application)
    before = trail(application)

    with pytest.raises(services.WorkflowError) as refused:
        flow.submit(application, july_15)

    assert str(refused.value) == (
        "不能提交：“职称考核定职受理月份（T5）”在2022-07-15没有生效的取值，暂不能核对；请系统管理员补充这项规则参数及其依据")
    assert trail(application) == before and application.state == State.DRAFT
