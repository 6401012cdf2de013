"""The city committee's 2022 year, replayed day by day on its real dates through the same
services people use: the notice filed, acknowledged and published; applications made,
reviewed, publicised, recommended and qualified; titles from elsewhere confirmed; the
pre-meeting filing; the meeting with its draw and secret ballot; the result publicity; the
certificates.  The clock is set to each day in turn (time-machine), so every date and every
audit event carries the day it happened."""

import datetime
import zoneinfo
from contextlib import contextmanager

import time_machine

from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import State
from zhicheng.certificates import services as results
from zhicheng.meetings import services as meeting_services
from zhicheng.meetings.models import PanelMember
from zhicheng.review import services as filings
from zhicheng.review.models import ReviewPlan

CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")
CANDIDATES = 7
PANEL_SIZE = 11
ABSENT = 1
PASSING = 4  # of the candidates, the first four are voted through: a pass rate under the plan's ceiling


@contextmanager
def on(day: datetime.date):
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=CHINA), tick=False):
        yield day


def replay_2022(loader) -> None:
    plan = ReviewPlan.objects.filter(year=2022, committee__region_level="city", committee__is_demo=True,
                                     committee__series="engineering").select_related("committee").first()
    if plan is None or plan.applications.exists():
        return
    office = plan.committee.office_staff.first()
    bureau = User.objects.get(role=Role.BUREAU, unit__name="昆明市人力资源和社会保障局")

    with on(datetime.date(2022, 6, 8)) as day:
        notice = filings.notice_file(
            plan=plan, actor=office, today=day, title="昆明市2022年工程系列中级职称评审通知",
            body="一、申报范围：在昆明市工作的工程技术人员。\n二、申报材料：按《昆明市职称评审申报指南（2022年版）》网上填报。\n三、申报时间：2022年7月11日至9月15日。",
            contacts="昆明市人力资源和社会保障局专业技术人员管理处 0871-63135522",
        )
    with on(datetime.date(2022, 6, 9)) as day:
        filings.filing_acknowledge(filing=notice, actor=bureau, today=day)
    with on(datetime.date(2022, 6, 10)) as day:
        filings.notice_publish(notice=notice, actor=office, today=day)

    with on(datetime.date(2022, 7, 20)) as day:
        applications = loader.submitted_applications(plan, CANDIDATES, day)
    for day, step in ((datetime.date(2022, 7, 22), "approve"), (datetime.date(2022, 7, 25), "publicity"),
                      (datetime.date(2022, 8, 1), "recommend"), (datetime.date(2022, 8, 20), "qualify")):
        with on(day):
            for application in applications:
                officer = User.objects.filter(role=Role.EMPLOYER, unit=application.employer).first()
                if step == "publicity":
                    loader.publicise(application, officer, day, close_on=None)
                else:
                    loader.advance(application, step, officer, office, day)
        if step == "publicity":
            with on(datetime.date(2022, 8, 1)) as closing:
                for application in applications:
                    officer = User.objects.filter(role=Role.EMPLOYER, unit=application.employer).first()
                    loader.close_publicity(application, officer, closing)

    with on(datetime.date(2022, 10, 20)) as day:
        listed = filings.confirmation_list_send(plan=plan, actor=office, today=day)
    with on(datetime.date(2022, 10, 28)) as day:
        for entry in listed.entries.all():
            filings.confirmation_decide(confirmation=entry, actor=bureau, confirmed=True, reason="经核实原发证机关证书信息", today=day)
    with on(datetime.date(2022, 11, 1)) as day:
        filing = filings.pre_meeting_file(
            plan=plan, actor=office, today=day, work_plan="2022年11月22日在昆明召开评审会议，从专家库随机抽取11名专家，无记名投票表决。",
            publicity_summary="2022年8月22日至26日公示资格审核结果，无异议。",
            admitted=list(plan.applications.filter(state=State.QUALIFIED)),
        )
    with on(datetime.date(2022, 11, 2)) as day:
        filings.filing_acknowledge(filing=filing, actor=bureau, today=day)

    with on(plan.meeting_on) as day:
        meeting = meeting_services.meeting_create(plan=plan, actor=office, held_on=day, place="昆明市人力资源和社会保障局第一会议室")
        meeting_services.panel_draw(meeting_id=meeting.pk, actor=office, size=PANEL_SIZE)
        seats = list(PanelMember.objects.filter(meeting=meeting).select_related("expert").order_by("pk"))
        present = seats[ABSENT:]
        meeting_services.attendance_record(meeting_id=meeting.pk, actor=office, present=[seat.pk for seat in present])
        meeting_services.meeting_open(meeting_id=meeting.pk, actor=office, chair=present[0].pk, today=day)
        candidates = list(plan.applications.filter(state=State.ON_MEETING_LIST).order_by("pk"))
        for seat in present:
            meeting_services.standard_study_confirm(meeting_id=meeting.pk, actor=seat.expert)
            for rank, application in enumerate(candidates):
                if seat.recusals.filter(application=application).exists():
                    continue
                # the first candidates carried unanimously, the others refused: whoever the
                # draw recuses, the outcome and the pass rate stay the same
                choice = "yes" if rank < PASSING else "no"
                meeting_services.ballot_cast(meeting_id=meeting.pk, actor=seat.expert, application_id=application.pk, choice=choice)
        meeting_services.voting_close(meeting_id=meeting.pk, actor=office)
        meeting_services.results_confirm(meeting_id=meeting.pk, actor=office)
        meeting_services.minutes_sign(meeting_id=meeting.pk, actor=present[0].expert)

    passed = list(plan.applications.filter(state=State.PASSED).values_list("pk", flat=True))
    with on(plan.result_publicity_from) as day:
        results.result_publicity_start(actor=office, plan=plan, application_ids=passed, starts_on=day, ends_on=None, place="昆明市人力资源和社会保障局网站")
    with on(datetime.date(2022, 12, 5)) as day:
        results.result_confirm(actor=bureau, application_ids=passed, today=day)
