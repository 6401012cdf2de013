"""C1 plans checked on save; T1 notice filing and publication; T2 pre-meeting filing; T6
title confirmation; C3 committee filing period and expert terms."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import ApplicantFactory, UnitFactory, UserFactory, dongchuan, engineering_committee, review_plan
from zhicheng import rules
from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, State
from zhicheng.applications.services import WorkflowError
from zhicheng.catalog.models import ExpertMembership, Specialty
from zhicheng.profiles.models import TitleRecord
from zhicheng.review import services
from zhicheng.review.forms import ReviewPlanForm
from zhicheng.review.models import NoticeFiling, PreMeetingFiling, ReviewPlan, TitleConfirmation

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_and_bureau():
    committee = engineering_committee("district")
    office = UserFactory(role=Role.COMMITTEE)
    committee.office_staff.add(office)
    bureau = UserFactory(role=Role.BUREAU, unit=UnitFactory(name="昆明市东川区人力资源和社会保障局", is_hr_bureau=True))
    return committee, office, bureau


def plan_form(committee, **dates):
    data = {"year": 2022, "receiving_until": "2022-09-30", "pass_rate_ceiling": 70, **dates}
    return ReviewPlanForm(data, committee=committee)


def test_plan_breaking_t2_refused_with_the_dates(office_and_bureau):
    committee, office, _bureau = office_and_bureau
    form = plan_form(committee, applications_open_on="2022-07-25", meeting_on="2022-10-20")
    assert form.is_valid()  # no filing yet: T2 has nothing to check
    plan = form.save()
    PreMeetingFiling.objects.create(
        plan=plan, filed_on=datetime.date(2022, 10, 8), filed_by=office, work_plan="方案", qualification_summary="—",
        publicity_summary="—", applied_count=0, passed_count=0, failed_count=0,
    )

    again = ReviewPlanForm(dict(form.data), instance=plan, committee=committee)

    assert not again.is_valid()
    assert "T2" in str(again.errors) and "2022-09-29" in str(again.errors)


def test_plan_breaking_t7_publicity_refused(office_and_bureau):
    committee, _office, _bureau = office_and_bureau

    form = plan_form(committee, result_publicity_from="2022-09-29", result_publicity_to="2022-10-09")

    assert not form.is_valid()
    assert "T7" in str(form.errors) and "2022-10-10" in str(form.errors)


def test_plan_breaking_t1_refused(office_and_bureau):
    committee, _office, _bureau = office_and_bureau
    plan = review_plan(committee, notice_published_on=datetime.date(2022, 6, 20))

    form = ReviewPlanForm(
        {"year": 2022, "receiving_until": "2022-09-30", "pass_rate_ceiling": 70, "applications_open_on": "2022-07-19"},
        instance=plan, committee=committee,
    )

    assert not form.is_valid()
    assert "T1" in str(form.errors)


def test_notice_published_only_after_acknowledgement_and_a_month_ahead(office_and_bureau):
    committee, office, bureau = office_and_bureau
    plan = review_plan(committee, applications_open_on=datetime.date(2022, 7, 25))
    notice = services.notice_file(plan=plan, actor=office, title="2022年度初级职称评审通知", body="申报材料……", contacts="62138554",
                                  today=datetime.date(2022, 6, 13))

    with pytest.raises(WorkflowError, match="须先报人社部门备案"):
        services.notice_publish(notice=notice, actor=office, today=datetime.date(2022, 6, 20))
    services.filing_acknowledge(filing=notice, actor=bureau, today=datetime.date(2022, 6, 15))
    lead = rules.parameter("notice.lead_months", datetime.date(2022, 6, 27)).value
    with pytest.raises(WorkflowError, match=f"最早于2022年7月27日开始.*通知须至少提前{lead}个月发布"):
        services.notice_publish(notice=notice, actor=office, today=datetime.date(2022, 6, 27))

    services.notice_publish(notice=notice, actor=office, today=datetime.date(2022, 6, 20))

    plan.refresh_from_db()
    assert plan.notice_published_on == datetime.date(2022, 6, 20)


def test_bureau_outside_the_region_cannot_acknowledge(office_and_bureau):
    committee, office, _bureau = office_and_bureau
    from tests.factories import region
    from zhicheng.accounts.models import RegionLevel

    elsewhere = UnitFactory(is_hr_bureau=True, region=region("530102", "五华区", RegionLevel.DISTRICT, region("530100", "昆明市", RegionLevel.CITY)))
    stranger = UserFactory(role=Role.BUREAU, unit=elsewhere)
    notice = services.notice_file(plan=review_plan(committee), actor=office, title="通知", body="…", contacts="…", today=datetime.date(2022, 6, 13))

    with pytest.raises(WorkflowError):
        services.filing_acknowledge(filing=notice, actor=stranger, today=datetime.date(2022, 6, 14))


def qualified(plan, count=2):
    specialty = Specialty.objects.get_or_create(series="engineering", name="建筑工程")[0]
    return [
        Application.objects.create(applicant=ApplicantFactory(), plan=plan, employer=UnitFactory(), series="engineering",
                                   specialty=specialty, level="assistant", state=State.QUALIFIED)
        for _ in range(count)
    ]


def test_pre_meeting_filing_due_12_working_days_before_the_meeting(office_and_bureau):
    committee, office, _bureau = office_and_bureau
    plan = review_plan(committee, meeting_on=datetime.date(2022, 10, 20))
    admitted = qualified(plan)

    with pytest.raises(WorkflowError, match="2022年9月29日前"):
        services.pre_meeting_file(plan=plan, actor=office, work_plan="方案", publicity_summary="公示5个工作日无异议",
                                  admitted=admitted, today=datetime.date(2022, 9, 30))

    filing = services.pre_meeting_file(plan=plan, actor=office, work_plan="方案", publicity_summary="公示5个工作日无异议",
                                       admitted=admitted, today=datetime.date(2022, 9, 29))

    assert filing.applied_count == 2 and filing.passed_count == 2
    assert {a.state for a in Application.objects.filter(pk__in=[a.pk for a in admitted])} == {State.ON_MEETING_LIST}


def city_office():
    """A committee seated in 昆明市 (the city's layers set no T1 lead and no T2 working days:
    both are 东川区's own rules, §一(三) and §一(六) of its notice)."""
    committee = engineering_committee("city")
    committee.region = dongchuan().parent
    committee.save(update_fields=["region"])
    office = UserFactory(role=Role.COMMITTEE)
    committee.office_staff.add(office)
    return committee, office


def test_a_city_committees_pre_meeting_filing_is_not_held_to_dongchuans_12_working_days(office_and_bureau):
    district, district_office, _bureau = office_and_bureau
    city, office = city_office()
    late = datetime.date(2022, 10, 10)  # 8 working days before the meeting of 20 October
    district_plan = review_plan(district, meeting_on=datetime.date(2022, 10, 20))
    district_admitted = qualified(district_plan)
    city_plan = review_plan(city, meeting_on=datetime.date(2022, 10, 20))
    admitted = qualified(city_plan)

    with pytest.raises(WorkflowError, match="12个工作日前"):
        services.pre_meeting_file(plan=district_plan, actor=district_office, work_plan="方案", publicity_summary="无异议",
                                  admitted=district_admitted, today=late)
    filing = services.pre_meeting_file(plan=city_plan, actor=office, work_plan="方案", publicity_summary="无异议",
                                       admitted=admitted, today=late)

    assert services.filing_working_days(city_plan) is None and services.latest_pre_meeting_filing(city_plan) is None
    assert not PreMeetingFiling.objects.filter(plan=district_plan).exists()
    assert filing.filed_on == late and {a.state for a in Application.objects.filter(plan=city_plan)} == {State.ON_MEETING_LIST}


def test_a_city_committees_notice_is_not_held_to_dongchuans_one_month_lead(office_and_bureau):
    district, district_office, bureau = office_and_bureau
    city, office = city_office()
    today = datetime.date(2022, 7, 1)
    notices = []
    for committee, actor in ((district, district_office), (city, office)):
        plan = review_plan(committee, applications_open_on=datetime.date(2022, 7, 11))
        notice = NoticeFiling.objects.create(plan=plan, title="评审通知", body="材料要求", contacts="电话", filed_on=today,
                                             filed_by=actor, acknowledged_on=today, acknowledged_by=bureau)
        notices.append((notice, actor))

    (district_notice, district_actor), (city_notice, city_actor) = notices
    with pytest.raises(WorkflowError, match="至少提前1个月发布"):
        services.notice_publish(notice=district_notice, actor=district_actor, today=today)
    services.notice_publish(notice=city_notice, actor=city_actor, today=today)

    district_notice.refresh_from_db()
    city_notice.refresh_from_db()
    assert (district_notice.published_on, city_notice.published_on) == (None, today)


def test_meeting_cannot_open_without_acknowledged_filing_or_outside_committee_filing(office_and_bureau):
    committee, office, bureau = office_and_bureau
    committee.filed_on, committee.filing_valid_until = datetime.date(2021, 1, 1), datetime.date(2023, 12, 31)
    committee.save()
    plan = review_plan(committee, meeting_on=datetime.date(2022, 10, 20))
    day = plan.meeting_on

    assert "未报送会前备案" in services.meeting_blocker(plan, day)
    filing = services.pre_meeting_file(plan=plan, actor=office, work_plan="方案", publicity_summary="无异议",
                                       admitted=qualified(plan), today=datetime.date(2022, 9, 20))
    plan.refresh_from_db()
    assert "尚未经人社部门备案" in services.meeting_blocker(plan, day)
    services.filing_acknowledge(filing=filing, actor=bureau, today=datetime.date(2022, 9, 21))
    plan.refresh_from_db()
    assert services.meeting_blocker(plan, day) is None
    assert "核准备案有效期" in services.meeting_blocker(plan, datetime.date(2024, 1, 5))


def test_title_from_elsewhere_listed_confirmed_before_meeting_and_blocks_vote_until_then(office_and_bureau):
    committee, office, bureau = office_and_bureau
    plan = review_plan(committee, meeting_on=datetime.date(2022, 10, 20), pre_meeting_publicity_from=datetime.date(2022, 9, 20))
    application, other = qualified(plan)
    TitleRecord.objects.create(profile=application.applicant.profile, series="engineering", level="technician",
                               obtained_on=datetime.date(2018, 12, 30), method="review", origin="other_province",
                               issued_by="四川省工程系列初级职称评审委员会", certificate_number="川2018001")

    with pytest.raises(WorkflowError, match="会前公示"):
        services.confirmation_list_send(plan=plan, actor=office, today=datetime.date(2022, 9, 20))
    sent = services.confirmation_list_send(plan=plan, actor=office, today=datetime.date(2022, 9, 19))
    entry = sent.entries.get()

    assert entry.application == application and entry.title_name == "技术员"
    assert "待确认" in services.vote_blocker(application) and services.vote_blocker(other) is None
    with pytest.raises(WorkflowError, match="评审会议"):
        services.confirmation_decide(confirmation=entry, actor=bureau, confirmed=True, reason="", today=datetime.date(2022, 10, 20))
    services.confirmation_decide(confirmation=entry, actor=bureau, confirmed=True, reason="经核实", today=datetime.date(2022, 10, 10))

    assert services.vote_blocker(application) is None
    assert TitleRecord.objects.get(certificate_number="川2018001").confirmed is True


def test_refused_confirmation_keeps_blocking_the_vote(office_and_bureau):
    committee, office, bureau = office_and_bureau
    plan = review_plan(committee, meeting_on=datetime.date(2022, 10, 20))
    (application,) = qualified(plan, 1)
    TitleRecord.objects.create(profile=application.applicant.profile, series="engineering", level="technician",
                               obtained_on=datetime.date(2018, 12, 30), method="review", origin="central",
                               issued_by="中国电力建设集团职称评审委员会", certificate_number="Z001")
    entry = services.confirmation_list_send(plan=plan, actor=office, today=datetime.date(2022, 9, 1)).entries.get()

    with pytest.raises(WorkflowError, match="理由"):
        services.confirmation_decide(confirmation=entry, actor=bureau, confirmed=False, reason=" ", today=datetime.date(2022, 9, 5))
    services.confirmation_decide(confirmation=entry, actor=bureau, confirmed=False, reason="证书无法核实", today=datetime.date(2022, 9, 5))

    assert "不予确认" in services.vote_blocker(application)
    assert TitleConfirmation.objects.get().status == "refused"


def test_committee_filing_at_most_three_years_and_expert_term_too(office_and_bureau):
    committee, _office, _bureau = office_and_bureau
    committee.filed_on, committee.filing_valid_until = datetime.date(2021, 1, 1), datetime.date(2024, 1, 2)
    with pytest.raises(ValidationError, match="最晚至2024年1月1日"):
        committee.full_clean()

    membership = ExpertMembership(
        committee=committee, expert=UserFactory(role=Role.EXPERT, unit=UnitFactory()),
        specialty=Specialty.objects.create(series="engineering", name="水利工程"), title="高级工程师",
        term_from=datetime.date(2021, 1, 1), term_until=datetime.date(2024, 6, 30),
    )
    with pytest.raises(ValidationError, match="任期不超过3年"):
        membership.full_clean()


def test_notice_board_public_shows_published_notices_only(client, office_and_bureau):
    committee, office, bureau = office_and_bureau
    plan = review_plan(committee, applications_open_on=datetime.date(2022, 7, 25))
    notice = services.notice_file(plan=plan, actor=office, title="东川区2022年度初级职称评审通知", body="材料要求……", contacts="区人社局 62138554",
                                  today=datetime.date(2022, 6, 13))
    hidden = client.get(reverse("web:notice_board")).content.decode()
    services.filing_acknowledge(filing=notice, actor=bureau, today=datetime.date(2022, 6, 14))
    services.notice_publish(notice=notice, actor=office, today=datetime.date(2022, 6, 20))

    shown = client.get(reverse("web:notice_board")).content.decode()

    assert "东川区2022年度初级职称评审通知" not in hidden
    assert "东川区2022年度初级职称评审通知" in shown and "62138554" in shown


def test_office_sees_months_ahead_when_its_filing_and_experts_terms_lapse(client):
    import zoneinfo

    import time_machine

    from tests.factories import expert_pool

    committee = engineering_committee("city", filing=(datetime.date(2024, 1, 1), datetime.date(2026, 12, 31)), pool=False)
    expert_pool(committee, (datetime.date(2024, 3, 1), datetime.date(2027, 2, 28)))
    office = UserFactory(role=Role.COMMITTEE)
    committee.office_staff.add(office)
    client.force_login(office)
    china = zoneinfo.ZoneInfo("Asia/Shanghai")

    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=china), tick=False):
        client.force_login(office)
        assert "期满" not in client.get(reverse("web:committee_queue")).content.decode()
    with time_machine.travel(datetime.datetime(2026, 9, 1, 10, tzinfo=china), tick=False):
        client.force_login(office)
        page = client.get(reverse("web:committee_queue")).content.decode()
        assert "核准备案将于2026年12月31日期满" in page and "11名评审专家的任期将于2027年2月28日" in page
        assert "核准备案将于2026年12月31日期满" in client.get(reverse("web:committee_home")).content.decode()
    with time_machine.travel(datetime.datetime(2027, 1, 4, 10, tzinfo=china), tick=False):
        client.force_login(office)  # the session of September has expired
        assert "核准备案已于2026年12月31日期满" in client.get(reverse("web:committee_queue")).content.decode()


def test_plan_outside_the_filing_period_is_refused_over_http_and_nothing_changes(client):
    from zhicheng.audit.models import Event

    committee = engineering_committee("city", filing=(datetime.date(2019, 1, 1), datetime.date(2021, 12, 31)))
    office = UserFactory(role=Role.COMMITTEE)
    committee.office_staff.add(office)
    client.force_login(office)
    events = Event.objects.count()

    response = client.post(reverse("web:plan_new", args=[committee.pk]), {
        "year": 2022, "applications_open_on": "2022-07-25", "receiving_until": "2022-09-30", "meeting_on": "2022-11-15",
        "pass_rate_ceiling": 70})

    page = response.content.decode()
    assert response.status_code == 200
    assert "核准备案有效期为2019年1月1日至2021年12月31日，2022年7月25日不在备案有效期内" in page
    assert not ReviewPlan.objects.filter(committee=committee).exists() and Event.objects.count() == events


def test_plan_whose_meeting_has_too_few_experts_in_term_is_refused():
    from tests.factories import expert_pool
    from zhicheng.review.forms import ReviewPlanForm

    committee = engineering_committee("city", pool=False)
    expert_pool(committee, (datetime.date(2020, 1, 1), datetime.date(2022, 10, 31)))
    form = ReviewPlanForm({"year": 2022, "applications_open_on": "2022-07-25", "receiving_until": "2022-09-30",
                           "meeting_on": "2022-11-15", "pass_rate_ceiling": 70}, committee=committee)

    assert not form.is_valid()
    assert "2022年11月15日任期内的评审专家仅0人，少于11人" in form.errors["meeting_on"][0]


def test_committee_home_counts_only_the_experts_in_term_today(client):
    import time_machine

    from tests.factories import expert_pool

    committee = engineering_committee("city", filing=(datetime.date(2021, 1, 1), datetime.date(2027, 12, 31)), pool=False)
    expert_pool(committee, (datetime.date(2021, 1, 1), datetime.date(2023, 12, 31)), size=15)  # the last term
    expert_pool(committee, (datetime.date(2024, 1, 1), datetime.date(2026, 12, 31)), size=11)  # this term
    office = UserFactory(role=Role.COMMITTEE)
    committee.office_staff.add(office)

    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, 0), tick=False):
        client.force_login(office)
        page = client.get(reverse("web:committee_home")).content.decode()

    assert "<dt>专家库人数（今天在任期内）</dt><dd>11人</dd>" in page
