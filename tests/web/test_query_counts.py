"""Every list page of every role makes the same number of queries for 5 rows as for 500:
the page shows at most one page of rows (with the count of all of them) and asks nothing
per row."""

import datetime
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UnitFactory, UserFactory, dongchuan, engineering_committee, review_plan
from zhicheng.accounts.models import Region, RegionLevel, Role, Unit, User
from zhicheng.audit.models import Event
from zhicheng.applications.models import Application, Notification, Opinion, PublicityEntry, Route, State, UnitPublicity
from zhicheng.catalog.models import Committee, ExpertMembership, Specialty
from zhicheng.certificates.models import Certificate, CreditRecord, Reexamination, ResultEntry, ResultObjection, ResultPublicity
from zhicheng.demo.synthetic import synthetic_credit_code, synthetic_id_number
from zhicheng.meetings.models import Meeting, PanelMember
from zhicheng.profiles.models import ApplicantProfile, Education, QualificationRecord, TitleRecord
from zhicheng.review.models import NoticeFiling, TitleConfirmation
from zhicheng.web import listing as listing_module
from zhicheng.web.listing import COMMITTEES_PER_PAGE, FORM_ROWS_PER_PAGE, PER_PAGE
from zhicheng.web.meeting_views import PLANS_PER_PAGE

pytestmark = pytest.mark.django_db

_serial = itertools.count(1)


def applicants(count, unit=None) -> list[User]:
    """``count`` applicants with profiles, in two inserts."""
    start = next(_serial) * 1000
    users = User.objects.bulk_create(
        User(real_name=f"申报人{start + i}", mobile=f"139{start + i:08d}", role=Role.APPLICANT,
             id_number=synthetic_id_number("530113", datetime.date(1980, 1, 1) + datetime.timedelta(days=start + i), 101))
        for i in range(count)
    )
    ApplicantProfile.objects.bulk_create(ApplicantProfile(user=user, contract_unit=unit) for user in users)
    return users


def specialty():
    return Specialty.objects.get_or_create(series="engineering", name="建筑工程")[0]


def applications(count, *, unit, plan, state, route=Route.REVIEW, applicant=None, **fields) -> list[Application]:
    people = [applicant] * count if applicant else applicants(count, unit)
    return Application.objects.bulk_create(
        Application(applicant=person, plan=plan, employer=unit, series="engineering", specialty=specialty(), level="intermediate",
                    state=state, route=route, submitted_at=datetime.datetime(2022, 8, 1, 9, tzinfo=datetime.UTC), **fields)
        for person in people
    )


def staff(role, unit=None, **extra):
    return UserFactory(role=role, unit=unit or UnitFactory(), **extra)


def district_bureau():
    """A bureau over a district of its own, so that it sees only what the builder made."""
    code = f"53{next(_serial) + 1000:04d}"
    district = Region.objects.create(code=code, name=f"测试{code}区", level=RegionLevel.DISTRICT, parent=dongchuan().parent)
    return staff(Role.BUREAU, UnitFactory(region=district, kind="government"))


def bureau_plan(bureau):
    committee = engineering_committee()
    committee.region = bureau.unit.region
    committee.save()
    return review_plan(committee)


# -- one builder per list page: (the person looking, the page's address) for ``count`` rows ------

def my_applications(count):
    unit = UnitFactory()
    person = applicants(1, unit)[0]
    applications(count, unit=unit, plan=review_plan(engineering_committee()), state=State.WITHDRAWN, applicant=person)
    return person, reverse("web:my_applications")


def notifications(count):
    """Messages about an application, as most are (each row links to it)."""
    unit = UnitFactory()
    person = applicants(1, unit)[0]
    [application] = applications(1, unit=unit, plan=review_plan(engineering_committee()), state=State.SUBMITTED, applicant=person)
    Notification.objects.bulk_create(
        Notification(recipient=person, application=application, message=f"第{i}条消息") for i in range(count))
    return person, reverse("web:notifications")


def unit_applications(count):
    unit = UnitFactory()
    applications(count, unit=unit, plan=review_plan(engineering_committee()), state=State.SUBMITTED)
    return staff(Role.EMPLOYER, unit), reverse("web:unit_applications")


def unit_staff(count):
    unit = UnitFactory()
    people = applicants(count, unit)
    Education.objects.bulk_create(
        Education(profile=p.profile, degree="bachelor", school="昆明理工大学", major="土木工程",
                  graduated_on=datetime.date(2008, 7, 1), proof_kind="chsi") for p in people)
    TitleRecord.objects.bulk_create(
        TitleRecord(profile=p.profile, series="engineering", level="intermediate", obtained_on=datetime.date(2016, 12, 30),
                    method="review", issued_by="昆明市工程系列中级职称评审委员会") for p in people)
    return staff(Role.EMPLOYER, unit), reverse("web:unit_staff")


def publicities(count):
    unit = UnitFactory()
    officer = staff(Role.EMPLOYER, unit)
    rows = UnitPublicity.objects.bulk_create(
        UnitPublicity(unit=unit, starts_on=datetime.date(2022, 8, 1), ends_on=datetime.date(2022, 8, 5), created_by=officer)
        for _ in range(count))
    done = applications(count, unit=unit, plan=review_plan(engineering_committee()), state=State.PUBLICITY_DONE)
    PublicityEntry.objects.bulk_create(PublicityEntry(publicity=p, application=a) for p, a in zip(rows, done))
    return officer, reverse("web:publicities")


def committee_queue(count):
    plan = review_plan(engineering_committee())
    office = staff(Role.COMMITTEE)
    plan.committee.office_staff.add(office)
    unit = UnitFactory()
    applications(count - count // 5, unit=unit, plan=plan, state=State.COMMITTEE_REVIEW)
    # sent back by the committee, with its opinions: still in its queue
    returned = applications(count // 5, unit=unit, plan=plan, state=State.RETURNED, reached_committee=True)
    Opinion.objects.bulk_create(
        Opinion(application=a, kind="return", text="请补充材料", author=office, author_unit="评委会办公室") for a in returned
        for _ in range(3))
    return office, reverse("web:committee_queue")


def plan_page(count):
    plan = review_plan(engineering_committee())
    office = staff(Role.COMMITTEE)
    plan.committee.office_staff.add(office)
    applications(count, unit=UnitFactory(), plan=plan, state=State.COMMITTEE_REVIEW)
    return office, reverse("web:plan", args=[plan.pk])


def expert_meetings(count):
    expert = staff(Role.EXPERT)
    office = staff(Role.COMMITTEE)
    committee = engineering_committee()
    meetings = Meeting.objects.bulk_create(
        Meeting(plan=review_plan(committee, year=1000 + i), held_on=datetime.date(2022, 11, 22), place="会议室", created_by=office)
        for i in range(count))
    PanelMember.objects.bulk_create(PanelMember(meeting=m, expert=expert) for m in meetings)
    return expert, reverse("web:expert_meetings")


def bureau_home(count):
    bureau = district_bureau()
    region = bureau.unit.region
    start = next(_serial) * 1000
    units = Unit.objects.bulk_create(
        Unit(name=f"单位{start + i}", credit_code=synthetic_credit_code("91", "530113", 5_000_000 + start + i), region=region,
             kind="private_enterprise") for i in range(count - 1))  # and the bureau's own
    for unit in units[:3]:
        applicants(2, unit)
    return bureau, reverse("web:bureau_home")


def bureau_assessments(count):
    bureau = district_bureau()
    plan = bureau_plan(bureau)
    unit = UnitFactory()
    applications(count, unit=unit, plan=plan, state=State.QUALIFIED, route=Route.ASSESSMENT)
    applications(count, unit=unit, plan=plan, state=State.PASSED, route=Route.ASSESSMENT)
    return bureau, reverse("web:bureau_assessments")


def bureau_certificates(count):
    bureau = district_bureau()
    plan = bureau_plan(bureau)
    done = applications(count, unit=UnitFactory(), plan=plan, state=State.CONFIRMED)
    start = next(_serial) * 1000
    certificates = Certificate.objects.bulk_create(
        Certificate(number=f"ZC{start + i}", holder=a.applicant, holder_name=a.applicant.real_name, series="engineering",
                    level="intermediate", title_name="工程师", specialty="建筑工程", method="review",
                    confirmed_on=datetime.date(2022, 12, 20), committee_name=plan.committee.name, application=a,
                    token=f"t{start + i}", status=Certificate.Status.REVOKED if i % 2 else Certificate.Status.VALID)
        for i, a in enumerate(done))
    CreditRecord.objects.bulk_create(
        CreditRecord(person=c.holder, certificate=c, reason="提供虚假材料", recorded_on=datetime.date(2023, 1, 5),
                     until=datetime.date(2026, 1, 5), recorded_by=bureau) for c in certificates if c.status == "revoked")
    return bureau, reverse("web:bureau_certificates")


def bureau_qualifications(count):
    bureau = district_bureau()
    unit = UnitFactory(region=bureau.unit.region)
    people = applicants(count, unit)
    QualificationRecord.objects.bulk_create(
        QualificationRecord(profile=p.profile, name="一级建造师", certificate_number=f"ZG{p.pk:08d}", obtained_on=datetime.date(2018, 9, 1))
        for p in people)
    return bureau, reverse("web:bureau_qualifications")


def bureau_filings(count):
    """Titles from outside the province to confirm, each row with its form."""
    bureau = district_bureau()
    done = applications(count, unit=UnitFactory(), plan=bureau_plan(bureau), state=State.COMMITTEE_REVIEW)
    TitleConfirmation.objects.bulk_create(
        TitleConfirmation(application=a, issuer="四川省工程系列中级职称评审委员会", title_name="工程师", level="intermediate",
                          obtained_on=datetime.date(2015, 12, 30)) for a in done)
    return bureau, reverse("web:bureau_filings")


def notice_board(count):
    committee = engineering_committee()
    office = staff(Role.COMMITTEE)
    NoticeFiling.objects.all().delete()  # the board is public: it shows every published notice
    NoticeFiling.objects.bulk_create(
        NoticeFiling(plan=review_plan(committee, year=1000 + i), title="职称申报评审通知", body="材料要求", contacts="62138554",
                     filed_on=datetime.date(2022, 6, 1), filed_by=office, published_on=datetime.date(2022, 6, 20))
        for i in range(count))
    return None, reverse("web:notice_board")


def result_publicity(count):
    """A result publicity of ``count`` candidates, each with an objection still to settle."""
    bureau = district_bureau()
    plan = bureau_plan(bureau)
    office = staff(Role.COMMITTEE)
    plan.committee.office_staff.add(office)
    publicity = ResultPublicity.objects.create(plan=plan, starts_on=datetime.date(2022, 11, 25), ends_on=datetime.date(2022, 12, 1),
                                               place="人社局网站", created_by=office)
    listed = applications(count, unit=UnitFactory(), plan=plan, state=State.RESULT_PUBLICITY)
    entries = ResultEntry.objects.bulk_create(ResultEntry(publicity=publicity, application=a) for a in listed)
    ResultObjection.objects.bulk_create(
        ResultObjection(entry=e, received_on=datetime.date(2022, 11, 28), content="反映业绩不实", recorded_by=office) for e in entries)
    Reexamination.objects.bulk_create(
        Reexamination(entry=e, reason="请求复查", requested_on=datetime.date(2022, 11, 29)) for e in entries[::2])
    return bureau, office, plan


def plan_results(count):
    _, office, plan = result_publicity(count)
    return office, reverse("web:plan_results", args=[plan.pk])


def bureau_confirmations(count):
    bureau, _, _ = result_publicity(count)
    return bureau, reverse("web:bureau_confirmations")


def committees(count, **fields) -> list[Committee]:
    """``count`` committees in one insert, each inside its filing (none with a pool)."""
    organiser, start = UnitFactory(kind="government"), next(_serial) * 1000
    return Committee.objects.bulk_create(
        Committee(name=f"测试评委会{start + i}", organiser=organiser, series="engineering", grade="intermediate", region_level="city",
                  region=dongchuan(), filed_on=datetime.date(2020, 1, 1), filing_valid_until=datetime.date(2030, 12, 31), **fields)
        for i in range(count))


def plans_of(committee, count) -> list:
    from zhicheng.review.models import ReviewPlan

    return ReviewPlan.objects.bulk_create(
        ReviewPlan(committee=committee, year=1000 + i, receiving_until=datetime.date(2022, 9, 15), meeting_on=datetime.date(2022, 11, 22))
        for i in range(count))


def office_plans(count):
    """评审计划: one committee's plans, a year each."""
    office, committee = staff(Role.COMMITTEE), engineering_committee()
    committee.office_staff.add(office)
    plans_of(committee, count)
    return office, reverse("web:plans")


def office_meetings(count):
    """评审会议: the office's plans, each with a meeting."""
    office, committee = staff(Role.COMMITTEE), engineering_committee()
    committee.office_staff.add(office)
    Meeting.objects.bulk_create(Meeting(plan=plan, held_on=datetime.date(2022, 11, 22), place="会议室", created_by=office)
                                for plan in plans_of(committee, count))
    return office, reverse("web:office_meetings")


def committee_home(count):
    """评委会: the office's committees, each with its pool's standing."""
    office = staff(Role.COMMITTEE)
    run = committees(count)
    office.committees_run.add(*run)
    expert = staff(Role.EXPERT)
    ExpertMembership.objects.bulk_create(
        ExpertMembership(committee=c, expert=expert, specialty=specialty(), title="高级工程师", term_from=datetime.date(2020, 1, 1),
                         term_until=datetime.date(2027, 1, 31)) for c in run)
    return office, reverse("web:committee_home")


def expert_home(count):
    """所在评委会: the committees whose pool holds the expert."""
    expert = staff(Role.EXPERT)
    ExpertMembership.objects.bulk_create(
        ExpertMembership(committee=c, expert=expert, specialty=specialty(), title="高级工程师", term_from=datetime.date(2020, 1, 1),
                         term_until=datetime.date(2030, 12, 31)) for c in committees(count))
    return expert, reverse("web:expert_home")


def result_plans(count):
    """评审结果: the office's plans with their waiting applications, and its result publicities."""
    office, committee = staff(Role.COMMITTEE), engineering_committee()
    committee.office_staff.add(office)
    plans = plans_of(committee, count)
    applications(3, unit=UnitFactory(), plan=plans[0], state=State.PASSED)
    publicities = ResultPublicity.objects.bulk_create(
        ResultPublicity(plan=plan, starts_on=datetime.date(2022, 11, 25), ends_on=datetime.date(2022, 12, 1), place="人社局网站",
                        created_by=office) for plan in plans)
    ResultEntry.objects.bulk_create(ResultEntry(publicity=publicities[0], application=a) for a in plans[0].applications.all())
    return office, reverse("web:result_plans")


PAGES = {
    "applicant: my applications": (my_applications, 'class="state state-'),
    "any role: messages": (notifications, "<tr class="),
    "employer: review queue": (unit_applications, 'class="state state-'),
    "employer: staff": (unit_staff, '<tr><td data-label="姓名"><a href='),
    "employer: publicities": (publicities, "<tr><td><a href="),
    "committee office: queue": (committee_queue, 'class="state state-'),
    "committee office: plan": (plan_page, 'class="state state-'),
    "expert: meetings": (expert_meetings, 'class="ops"'),
    "bureau: units": (bureau_home, "<tr><td>"),
    "bureau: 考核定职": (bureau_assessments, 'action="/bureau/assessments/'),
    "bureau: certificates": (bureau_certificates, "<tr><td><a href="),
    "bureau: qualifications": (bureau_qualifications, "<td>ZG"),
    "bureau: filings and confirmations": (bureau_filings, 'action="/bureau/confirmations/decide/"'),
    "public: notice board": (notice_board, "<h2>职称申报评审通知</h2>"),
    "committee office: plan results": (plan_results, '<tr class="sub">'),
    "bureau: results to confirm": (bureau_confirmations, '<tr class="sub">'),
    "committee office: plans": (office_plans, "年度</a></td>"),
    "committee office: meetings": (office_meetings, "安排评审会议</a>"),
    "committee office: committees": (committee_home, "<dt>专家库人数（今天在任期内）</dt>"),
    "committee office: results": (result_plans, "#publicity-"),
    "expert: committees": (expert_home, "<td>建筑工程</td>"),
}

# rows a page shows where it is not PER_PAGE
PAGE_SIZES = {
    "public: notice board": 20, "employer: publicities": 20, "committee office: plan results": FORM_ROWS_PER_PAGE,
    "bureau: results to confirm": FORM_ROWS_PER_PAGE, "bureau: 考核定职": FORM_ROWS_PER_PAGE, "bureau: certificates": FORM_ROWS_PER_PAGE,
    "bureau: filings and confirmations": FORM_ROWS_PER_PAGE, "committee office: meetings": PLANS_PER_PAGE,
    "committee office: committees": COMMITTEES_PER_PAGE,
}


# the queries of each page, the signed-in person's own included (session, the person with the
# unit and its region, the unread count, the bureau at the foot): more is a change to look at
QUERIES = {
    "applicant: my applications": 6, "any role: messages": 6, "employer: review queue": 7, "employer: staff": 8,
    "employer: publicities": 6, "committee office: queue": 9, "committee office: plan": 11, "expert: meetings": 5,
    "bureau: units": 10, "bureau: 考核定职": 9, "bureau: certificates": 8, "bureau: qualifications": 7,
    "bureau: filings and confirmations": 7, "public: notice board": 3, "committee office: plan results": 14,
    "bureau: results to confirm": 10, "committee office: plans": 7, "committee office: meetings": 6,
    "committee office: committees": 7, "committee office: results": 7, "expert: committees": 5,
}


def measure(client, build, count, marker):
    person, url = build(count)
    client.logout()
    if person is not None:
        client.force_login(person)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    return len(captured), body.count(marker), body


@pytest.mark.parametrize("page", PAGES)
def test_list_page_queries_do_not_grow_with_rows(client, page):
    build, marker = PAGES[page]
    small_queries, small_rows, _ = measure(client, build, 5, marker)
    large_queries, large_rows, large_body = measure(client, build, 500, marker)
    assert (small_rows, large_rows) == (5, PAGE_SIZES.get(page, PER_PAGE))
    assert "共 500 条" in large_body
    assert small_queries == large_queries == QUERIES[page]


def test_a_later_page_shows_the_next_rows_and_a_bad_page_number_the_last(client):
    person, url = unit_applications(120)
    client.force_login(person)
    second = client.get(url, {"page": 2, "sort": "name"}).content.decode()
    assert "第 51–100 条 · 第 2/3 页" in second
    assert 'href="?sort=name&amp;page=3" rel="next"' in second and 'href="?sort=name&amp;page=1" rel="prev"' in second
    for bad in ("999", "abc", "-1"):
        assert client.get(url, {"page": bad}).status_code == 200
    assert "第 3/3 页" in client.get(url, {"page": "999"}).content.decode()
    assert "第 3/3 页" in client.get(url, {"page": "-1"}).content.decode()
    assert "第 1–50 条 · 第 1/3 页" in client.get(url, {"page": "abc"}).content.decode()
    nobody = client.get(url, {"page": 2, "name": "查无此人"}).content.decode()
    assert "符合条件的共 0 条" in nobody and "没有符合条件的申报" in nobody


def test_filters_narrow_the_list_and_an_unknown_value_is_ignored(client):
    person, url = committee_queue(10)
    client.force_login(person)
    every = client.get(url).content.decode()
    assert "共 10 条" in every
    returned = client.get(url, {"state": State.RETURNED}).content.decode()
    assert "符合条件的共 2 条" in returned and returned.count('class="state state-returned"') == 2
    name = Application.objects.filter(plan__committee__office_staff=person).order_by("pk").first().applicant.real_name
    assert "符合条件的共 1 条" in client.get(url, {"name": name}).content.decode()
    nothing = client.get(url, {"name": "查无此人"}).content.decode()
    assert "没有符合条件的申报" in nothing
    ignored = client.get(url, {"state": "no-such-state", "specialty": "x"}).content.decode()
    assert "共 10 条" in ignored and "符合条件" not in ignored


def test_committee_queue_lists_each_application_once_however_many_opinions(client):
    person, url = committee_queue(10)
    client.force_login(person)
    body = client.get(url).content.decode()
    assert body.count('class="state state-') == 10
    assert body.count('class="state state-returned"') == 2


# -- the administration's changelists -------------------------------------------------------------

def township_units(count):
    """Units in townships: the deepest regions, whose full names walk up three levels."""
    start = next(_serial) * 1000
    towns = Region.objects.bulk_create(
        Region(code=f"530113{start + i:06d}"[:12], name=f"乡镇{start + i}", level=RegionLevel.TOWNSHIP, parent=dongchuan())
        for i in range(count))
    Unit.objects.bulk_create(
        Unit(name=f"单位{start + i}", credit_code=synthetic_credit_code("91", "530113", 7_000_000 + start + i), region=town,
             kind="private_enterprise") for i, town in enumerate(towns))


def trail_events(count):
    """Events as ``record_event`` appends them (unchained), in one insert."""
    start = next(_serial) * 1000
    Event.objects.bulk_create(
        Event(occurred_at=datetime.datetime(2022, 8, 1, 9, tzinfo=datetime.UTC), actor_name="申报人", actor_role=Role.APPLICANT,
              action="application.submitted", subject_type="applications.application", subject_id=str(start + i),
              from_state=State.DRAFT, to_state=State.SUBMITTED, details={})
        for i in range(count))


ADMIN_PAGES = {
    "regions": ("admin:accounts_region_changelist", township_units),
    "units": ("admin:accounts_unit_changelist", township_units),
    "users": ("admin:accounts_user_changelist", lambda count: applicants(count, UnitFactory())),
    "profiles": ("admin:profiles_applicantprofile_changelist", lambda count: applicants(count, UnitFactory())),
    "audit trail": ("admin:audit_event_changelist", trail_events),
}


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_admin_changelist_queries_do_not_grow_with_rows(client, page):
    url_name, build = ADMIN_PAGES[page]
    client.force_login(User.objects.create_superuser(mobile="13900000000", password="Secret#2022", real_name="管理员"))
    measured = []
    for count in (5, 500):
        build(count)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(url_name))
        assert response.status_code == 200
        measured.append(len(captured))
        if page == "audit trail":  # usable at a million events: no DISTINCT over the trail, one count at most
            trail = [query["sql"].upper() for query in captured.captured_queries if '"AUDIT_EVENT"' in query["sql"].upper()]
            assert not [sql for sql in trail if "DISTINCT" in sql]
            assert len([sql for sql in trail if "COUNT(" in sql]) <= 1
    assert measured[0] == measured[1]


def test_bureau_unit_list_counts_each_units_applicants(client):
    bureau, url = bureau_home(5)
    client.force_login(bureau)
    body = client.get(url, {"units_sort": "name"}).content.decode()
    # three units with two applicants each, the others (and the bureau itself) with none
    assert body.count("<td>2</td></tr>") == 3 and body.count("<td>0</td></tr>") == 2
    assert "None" not in body


def test_sorting_by_name_orders_the_rows_by_the_applicants_name(client):
    person, url = unit_applications(7)
    names = ["张三", "李四", "王五", "赵六", "陈七", "刘八", "周九"]
    for application, name in zip(Application.objects.filter(employer=person.unit).select_related("applicant"), names):
        application.applicant.real_name = name
        application.applicant.save()
    client.force_login(person)
    body = client.get(url, {"sort": "name"}).content.decode()
    assert sorted(names, key=body.index) == sorted(names)  # code-point order, as both databases sort here


def results_in_publicity(count):
    """One applicant with ``count`` applications, each on its own plan's result publicity
    (some with a re-examination asked for)."""
    unit, committee = UnitFactory(), engineering_committee()
    office = staff(Role.COMMITTEE)
    person = applicants(1, unit)[0]
    entries = []
    for year in range(2000, 2000 + count):
        plan = review_plan(committee, year=year)
        publicity = ResultPublicity.objects.create(plan=plan, starts_on=datetime.date(2022, 11, 25), ends_on=datetime.date(2022, 12, 1),
                                                   place="人社局网站", created_by=office)
        application = applications(1, unit=unit, plan=plan, state=State.RESULT_PUBLICITY, applicant=person)[0]
        entries.append(ResultEntry.objects.create(publicity=publicity, application=application))
    Reexamination.objects.bulk_create(
        Reexamination(entry=e, reason="请求复查", requested_on=datetime.date(2022, 11, 29)) for e in entries[::2])
    return person, reverse("web:my_results")


def test_the_applicants_results_page_asks_nothing_per_application_in_publicity(client):
    small_queries, small_rows, _ = measure(client, results_in_publicity, 1, "至2022年12月1日")
    large_queries, large_rows, large_body = measure(client, results_in_publicity, 6, "至2022年12月1日")

    assert (small_rows, large_rows) == (1, 6)
    assert large_body.count("申请复查：") == 3
    assert small_queries == large_queries


def test_each_result_publicity_pages_its_own_entries(client):
    """The entries of every publicity on the page are found in one query; each publicity
    still shows the page of its own that the address asks for."""
    bureau, _, plan = result_publicity(45)
    publicity = plan.result_publicities.get()
    client.force_login(bureau)

    third = client.get(reverse("web:bureau_confirmations"), {f"publicity{publicity.pk}_page": 3}).content.decode()
    past_the_end = client.get(reverse("web:bureau_confirmations"), {f"publicity{publicity.pk}_page": 99}).content.decode()

    last_names = [entry.application.applicant.real_name for entry in publicity.entries.order_by("pk").select_related("application__applicant")[40:]]
    assert "第 41–45 条 · 第 3/3 页" in third and third.count('<tr class="sub">') == 5
    assert all(f"<td>{name}</td>" in third for name in last_names)
    assert "第 41–45 条 · 第 3/3 页" in past_the_end


def certificates_in(bureau, count) -> None:
    """``count`` certificates of a committee seated in the bureau's own region."""
    start = next(_serial) * 1000
    committee = Committee.objects.create(
        name=f"测试评委会{start}", organiser=UnitFactory(kind="government"), series="engineering", grade="intermediate",
        region_level="district", region=bureau.unit.region, filed_on=datetime.date(2020, 1, 1),
        filing_valid_until=datetime.date(2030, 12, 31))
    done = applications(count, unit=UnitFactory(), plan=plans_of(committee, 1)[0], state=State.CONFIRMED)
    Certificate.objects.bulk_create(
        Certificate(number=f"ZC{start + i}", holder=a.applicant, holder_name=a.applicant.real_name, series="engineering",
                    level="intermediate", title_name="工程师", specialty="建筑工程", method="review",
                    confirmed_on=datetime.date(2022, 12, 20), committee_name=committee.name, application=a, token=f"t{start + i}")
        for i, a in enumerate(done))


def test_the_city_bureau_lists_every_certificate_and_a_district_bureau_its_own(client):
    """The city's bureau oversees every plan, so its list is not joined to the applications;
    a district's bureau still sees only its committees' certificates."""
    first, second = district_bureau(), district_bureau()
    certificates_in(first, 3)
    certificates_in(second, 2)
    city = staff(Role.BUREAU, UnitFactory(region=dongchuan().parent, kind="government"))
    seen = {}
    for person in (first, second, city):
        client.force_login(person)
        seen[person] = client.get(reverse("web:bureau_certificates")).content.decode()

    assert "共 3 条" in seen[first] and "共 2 条" in seen[second] and "共 5 条" in seen[city]


def test_committee_queue_reads_the_pools_of_all_the_offices_committees_at_once(client):
    """The queue's reminders (filing, experts' terms) ask the same whatever the number of
    committees the office runs."""
    office, url = committee_queue(5)
    client.force_login(office)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    more = committees(3)
    office.committees_run.add(*more)
    expert = staff(Role.EXPERT)
    ExpertMembership.objects.bulk_create(
        ExpertMembership(committee=c, expert=expert, specialty=specialty(), title="高级工程师", term_from=datetime.date(2020, 1, 1),
                         term_until=datetime.date(2027, 1, 31)) for c in more)

    with CaptureQueriesContext(connection) as four:
        body = client.get(url).content.decode()

    assert all(committee.name in body for committee in more)  # each one's reminders are shown
    assert len(four) == len(one)


def test_committee_queue_keeps_what_the_committee_sent_back_not_what_the_employer_did(client):
    office, url = committee_queue(5)  # one of them sent back by the office, with its opinions
    plan = office.committees_run.get().plans.get()
    unit = UnitFactory()
    by_employer = applications(1, unit=unit, plan=plan, state=State.RETURNED)[0]
    Opinion.objects.create(application=by_employer, kind="return", text="请补充材料", author=staff(Role.EMPLOYER, unit), author_unit=unit.name)
    client.force_login(office)

    body = client.get(url).content.decode()

    assert "共 5 条" in body and body.count('class="state state-returned"') == 1
    assert client.get(reverse("web:application", args=[by_employer.pk])).status_code == 404


def test_a_result_publicitys_rows_escape_what_people_wrote(client):
    bureau, _, plan = result_publicity(1)
    application = plan.applications.select_related("applicant", "employer").get()
    application.applicant.real_name = '张<三>"'
    application.applicant.save()
    application.employer.name = "昆明&某'公司"
    application.employer.save()
    client.force_login(bureau)

    body = client.get(reverse("web:bureau_confirmations")).content.decode()

    assert "<td>张&lt;三&gt;&quot;</td><td>昆明&amp;某&#x27;公司</td><td>工程师（建筑工程）</td>" in body


@pytest.mark.parametrize("walk_from", [1, 10**9], ids=["walking the index on the names", "looking each name up"])
def test_a_list_sorted_by_name_is_ordered_and_counted_the_same_either_way(client, monkeypatch, walk_from):
    """From WALK_NAMES_FROM rows a list sorted by name finds its page through the join, below
    it by looking each row's name up: the same pages, in code-point order with the newest
    first among equal names, and the same counts, filtered or not."""
    monkeypatch.setattr(listing_module, "WALK_NAMES_FROM", walk_from)
    person, url = unit_staff(60)
    names = ["王芳", "李强", "王芳", "张伟", "陈静", "刘洋"]
    profiles = list(ApplicantProfile.objects.filter(contract_unit=person.unit).select_related("user").order_by("pk"))
    for i, profile in enumerate(profiles):
        profile.user.real_name = names[i % len(names)] + ("" if i < len(names) else str(i))
        profile.user.save()
    expected = [p.pk for p in sorted(profiles, key=lambda p: (p.user.real_name, -p.pk))]
    client.force_login(person)

    def shown(response):
        return [int(key) for key in re.findall(r'href="/applicants/(\d+)/"', response.content.decode())]

    first, second = client.get(url, {"sort": "name"}), client.get(url, {"sort": "name", "page": 2})
    assert shown(first) + shown(second) == expected
    assert "共 60 条，第 1–50 条 · 第 1/2 页" in first.content.decode()
    wang = client.get(url, {"sort": "name", "name": "王"})
    assert shown(wang) == [pk for pk in expected if next(p for p in profiles if p.pk == pk).user.real_name.startswith("王")]
    assert f"符合条件的共 {len(shown(wang))} 条" in wang.content.decode()
