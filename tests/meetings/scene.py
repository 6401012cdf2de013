"""A committee ready to meet, for the tests: filed for 2021–2023, a plan meeting on
2022-11-22 with its pre-meeting filing acknowledged, an expert pool in term, candidates on
the meeting list; and the meeting's steps, each the real service call."""

import datetime
from dataclasses import dataclass, field

from tests.factories import ApplicantFactory, UnitFactory, UserFactory, engineering_committee, review_plan
from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, State
from zhicheng.catalog.models import ExpertMembership, Specialty
from zhicheng.meetings import services
from zhicheng.review.models import PreMeetingFiling

MEETING_DAY = datetime.date(2022, 11, 22)
TERM = (datetime.date(2021, 1, 1), datetime.date(2023, 12, 31))


@dataclass
class Scene:
    committee: object
    plan: object
    office: object
    bureau: object
    specialty: object
    experts: list = field(default_factory=list)
    candidates: list = field(default_factory=list)


def scene(*, experts=11, candidates=1, level="city", filing=True, acknowledged=True, ceiling=70) -> Scene:
    committee = engineering_committee(level, pool=False, filing=TERM)
    plan = review_plan(committee, meeting_on=MEETING_DAY, pass_rate_ceiling=ceiling)
    office = UserFactory(role=Role.COMMITTEE, real_name="熊德华")
    committee.office_staff.add(office)
    bureau = UserFactory(role=Role.BUREAU, unit=UnitFactory(name="昆明市东川区人力资源和社会保障局", is_hr_bureau=True))
    specialty = Specialty.objects.get_or_create(series="engineering", name="水利工程")[0]
    built = Scene(committee, plan, office, bureau, specialty)
    for _ in range(experts):
        add_expert(built)
    for _ in range(candidates):
        add_candidate(built)
    if filing:
        PreMeetingFiling.objects.create(
            plan=plan, filed_on=datetime.date(2022, 11, 1), filed_by=office, work_plan="评审工作方案",
            qualification_summary="申报、通过情况", publicity_summary="已公示5个工作日", applied_count=candidates,
            passed_count=candidates, failed_count=0,
            **({"acknowledged_by": bureau, "acknowledged_on": datetime.date(2022, 11, 2)} if acknowledged else {}),
        )
    return built


def add_expert(built: Scene, *, unit=None, term=TERM, name=None):
    serial = len(built.experts) + 1
    expert = UserFactory(role=Role.EXPERT, unit=unit or UnitFactory(), real_name=name or f"专家{serial:02d}")
    ExpertMembership.objects.create(
        committee=built.committee, expert=expert, specialty=built.specialty, title="正高级工程师",
        term_from=term[0], term_until=term[1],
    )
    built.experts.append(expert)
    return expert


def add_candidate(built: Scene, *, employer=None, name=None):
    applicant = ApplicantFactory(real_name=name or f"申报人{len(built.candidates) + 1:02d}")
    application = Application.objects.create(
        applicant=applicant, plan=built.plan, employer=employer or UnitFactory(), series="engineering",
        specialty=built.specialty, level="intermediate", state=State.ON_MEETING_LIST,
    )
    built.candidates.append(application)
    return application


def meeting(built: Scene):
    return services.meeting_create(plan=built.plan, actor=built.office, held_on=MEETING_DAY, place="东川区人社局三楼会议室")


def drawn(built: Scene, size=None):
    """A meeting whose panel is the whole pool (odd and large enough in these scenes)."""
    created = meeting(built)
    services.panel_draw(meeting_id=created.pk, actor=built.office, size=size or len(built.experts))
    return created


def seat_of(meeting, expert):
    return meeting.members.get(expert=expert)


def opened(built: Scene, *, present=None, studied=True):
    """Drawn, ``present`` experts (default: all) recorded present and, if ``studied``,
    having confirmed the standard; voting open with the first present expert as chair."""
    created = drawn(built)
    present = built.experts if present is None else present
    services.attendance_record(meeting_id=created.pk, actor=built.office, present=[seat_of(created, e).pk for e in present])
    if studied:
        for expert in present:
            services.standard_study_confirm(meeting_id=created.pk, actor=expert)
    services.meeting_open(meeting_id=created.pk, actor=built.office, chair=seat_of(created, present[0]).pk, today=MEETING_DAY)
    created.refresh_from_db()
    return created


def vote(meeting, expert, application, choice):
    services.ballot_cast(meeting_id=meeting.pk, actor=expert, application_id=application.pk, choice=choice)


def close_and_confirm(built: Scene, meeting):
    services.voting_close(meeting_id=meeting.pk, actor=built.office)
    return services.results_confirm(meeting_id=meeting.pk, actor=built.office)
