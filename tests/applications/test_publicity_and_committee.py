"""From the employer's approval to the committee's door: the unit publicity (L7, T7), the
recommendation (L8), and the committee's qualification review with corrections (L5)."""

import datetime
import subprocess

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook

from tests.applications import flow
from tests.factories import pdf_file, UnitFactory, UserFactory, engineering_committee, ready_engineer, review_plan
from zhicheng.accounts.models import Role
from zhicheng.applications import committee, publicity
from zhicheng.applications import services as application_services
from zhicheng.applications.attachments import attachment_stamp, attachment_upload
from zhicheng.applications.models import CorrectionRequest, Notification, PublicityEntry, State
from zhicheng.applications.services import WorkflowError
from zhicheng.audit.models import Event
from zhicheng.catalog.models import Specialty
from zhicheng.documents.publicity import publicity_form_pdf, publicity_list_xlsx

pytestmark = pytest.mark.django_db

AUG_1 = datetime.date(2022, 8, 1)


@pytest.fixture
def clock():
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def approved(clock):
    unit = UnitFactory(name="昆明市东川区水利水电勘测设计院")
    officer = UserFactory(role=Role.EMPLOYER, unit=unit, real_name="黎艳芳")
    plan = review_plan(engineering_committee("city"))
    office = UserFactory(role=Role.COMMITTEE, real_name="熊德华")
    plan.committee.office_staff.add(office)
    specialty = Specialty.objects.create(series="engineering", name="水利工程")
    applications = []
    for _ in range(2):
        application = flow.start(ready_engineer(unit), plan, specialty, AUG_1)
        flow.submit(application, AUG_1)
        flow.approve(application, officer)
        applications.append(flow.fresh(application))
    return officer, office, applications


def test_publicity_shorter_than_five_working_days_refused_with_earliest_end(approved):
    officer, _office, applications = approved

    with pytest.raises(WorkflowError) as refused:
        flow.publicise(applications, officer, datetime.date(2022, 9, 29), datetime.date(2022, 10, 9))

    assert "2022年9月29日至2022年10月9日不足5个工作日" in str(refused.value)
    assert "最早可于2022年10月10日结束" in str(refused.value)
    assert all(flow.fresh(a).state == State.EMPLOYER_APPROVED for a in applications)


def test_publicity_end_defaults_to_earliest_working_end(approved):
    officer, _office, applications = approved

    shown = flow.publicise(applications, officer, datetime.date(2022, 9, 29))

    assert shown.ends_on == datetime.date(2022, 10, 10)
    assert all(flow.fresh(a).state == State.IN_PUBLICITY for a in applications)


def test_publicity_result_cannot_be_recorded_before_it_ends(approved, clock):
    officer, _office, applications = approved
    shown = flow.publicise(applications, officer, datetime.date(2022, 8, 2))

    with pytest.raises(WorkflowError, match="2022年8月9日起才能登记公示结果"):
        publicity.publicity_close(actor=officer, publicity=shown, today=datetime.date(2022, 8, 8))


def test_upheld_objection_stops_recommendation_dismissed_one_does_not(approved, clock):
    officer, _office, (first, second) = approved
    shown = flow.publicise([first, second], officer, datetime.date(2022, 8, 2))
    entries = {entry.application_id: entry for entry in shown.entries.all()}
    upheld = publicity.objection_record(actor=officer, entry=entries[first.pk], received_on=datetime.date(2022, 8, 3), content="业绩材料与实际不符")
    dismissed = publicity.objection_record(actor=officer, entry=entries[second.pk], received_on=datetime.date(2022, 8, 4), content="工作年限不足")
    publicity.objection_settle(actor=officer, objection=upheld, upheld=True, settlement="经核实，项目负责人另有其人")
    publicity.objection_settle(actor=officer, objection=dismissed, upheld=False, settlement="经核对档案，年限符合")

    publicity.publicity_close(actor=officer, publicity=shown, today=datetime.date(2022, 8, 10))

    assert flow.fresh(first).state == State.NOT_RECOMMENDED
    assert flow.fresh(second).state == State.PUBLICITY_DONE
    assert PublicityEntry.objects.get(application=second).outcome == PublicityEntry.Outcome.OBJECTION_DISMISSED
    with pytest.raises(WorkflowError):
        flow.recommend(first, officer)


def test_unsettled_objection_blocks_closing(approved, clock):
    officer, _office, applications = approved
    shown = flow.publicise(applications, officer, datetime.date(2022, 8, 2))
    publicity.objection_record(actor=officer, entry=shown.entries.first(), received_on=datetime.date(2022, 8, 3), content="有异议")

    with pytest.raises(WorkflowError, match="未处理的异议"):
        publicity.publicity_close(actor=officer, publicity=shown, today=datetime.date(2022, 8, 10))


def test_publicity_form_pdf_and_excel_carry_names_and_result_but_no_identity_numbers(approved, clock, tmp_path):
    officer, _office, applications = approved
    shown = flow.publicise(applications, officer, datetime.date(2022, 8, 2))
    publicity.publicity_close(actor=officer, publicity=shown, today=datetime.date(2022, 8, 10))

    form = publicity.publicity_form(shown)
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(publicity_form_pdf(form))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    workbook = load_workbook(__import__("io").BytesIO(publicity_list_xlsx(form)))

    names = [a.applicant.real_name for a in applications]
    assert all(name in text for name in names)
    assert "2022年8月2日至2022年8月8日" in text and "公示期间无异议" in text
    pages = text.split("\f")[:-1]
    assert [[name for name in names if name in page] for page in pages] == [[name] for name in names]  # one's own result only
    assert all(a.applicant.id_number not in text and a.applicant.mobile not in text for a in applications)
    cells = [str(cell.value) for row in workbook.active.iter_rows() for cell in row if cell.value is not None]
    assert all(any(name in cell for cell in cells) for name in names)
    assert not any(a.applicant.id_number in cell for a in applications for cell in cells)


def recommended(approved, clock):
    officer, office, applications = approved
    shown = flow.publicise(applications, officer, datetime.date(2022, 8, 2))
    publicity.publicity_close(actor=officer, publicity=shown, today=datetime.date(2022, 8, 10))
    clock.move_to(datetime.datetime(2022, 8, 10, 9, 0))
    for application in applications:
        flow.recommend(application, officer)
    return officer, office, [flow.fresh(a) for a in applications]


def test_recommendation_sends_to_committee_and_tells_its_office(approved, clock):
    _officer, office, applications = recommended(approved, clock)

    assert all(a.state == State.COMMITTEE_REVIEW for a in applications)
    assert "2022年8月2日至2022年8月8日在单位公示栏公示" in applications[0].recommendation.publicity_summary
    assert Notification.objects.filter(recipient=office, application=applications[0]).exists()


def test_correction_request_counts_and_lists_everything_at_once(approved, clock):
    _officer, office, (application, _other) = recommended(approved, clock)
    today = datetime.date(2022, 8, 10)

    flow.request_correction(application, office, today, items=("achievements", "assessments"))

    assert application.state == State.CORRECTION_REQUESTED
    assert application.counted_opinions == 1
    note = Notification.objects.filter(recipient=application.applicant).order_by("pk").last()
    assert "业绩成果及其证明材料；年度考核材料" in note.message and note.deadline == datetime.date(2022, 8, 22)  # ten days on is a Saturday: the next working day


def test_second_request_cannot_add_items_without_a_reason_recorded_in_the_trail(approved, clock):
    _officer, office, (application, _other) = recommended(approved, clock)
    today = datetime.date(2022, 8, 10)
    flow.request_correction(application, office, today, items=("achievements",))
    committee.correction_resubmit(application_id=application.pk, actor=application.applicant, expected_version=flow.fresh(application).version, today=today)

    with pytest.raises(WorkflowError, match="年度考核材料"):
        flow.request_correction(application, office, today, items=("achievements", "assessments"))
    assert CorrectionRequest.objects.filter(application=application).count() == 1

    flow.request_correction(application, office, today, items=("achievements", "assessments"), reason="补正的考核表显示2021年度考核未定等次")

    event = Event.objects.filter(action="application.committee_request_correction", subject_id=str(application.pk)).last()
    assert event.details["added_items"] == ["assessments"]
    assert "未定等次" in event.details["late_addition_reason"]


def test_overdue_correction_abandons_application_and_nothing_else(approved, clock):
    _officer, office, (late, punctual) = recommended(approved, clock)
    today = datetime.date(2022, 8, 10)
    flow.request_correction(late, office, today, deadline=datetime.date(2022, 8, 19))
    flow.request_correction(punctual, office, today, deadline=datetime.date(2022, 8, 19))
    committee.correction_resubmit(application_id=punctual.pk, actor=punctual.applicant, expected_version=flow.fresh(punctual).version, today=today)

    assert committee.abandon_overdue(datetime.date(2022, 8, 19)) == []  # the deadline day itself still counts
    abandoned = committee.abandon_overdue(datetime.date(2022, 8, 20))

    assert [a.pk for a in abandoned] == [late.pk]
    assert flow.fresh(late).state == State.ABANDONED
    assert flow.fresh(punctual).state == State.COMMITTEE_REVIEW
    assert "视为放弃申报" in Notification.objects.filter(recipient=late.applicant).order_by("pk").last().message
    assert committee.abandon_overdue(datetime.date(2022, 8, 20)) == []


def test_committee_qualifies(approved, clock):
    _officer, office, (application, _other) = recommended(approved, clock)

    committee.committee_qualify(application_id=application.pk, actor=office, expected_version=application.version, text="符合条件",
                                today=timezone.localdate())

    assert flow.fresh(application).state == State.QUALIFIED


def test_office_of_another_committee_cannot_review(approved, clock):
    _officer, _office, (application, _other) = recommended(approved, clock)
    stranger = UserFactory(role=Role.COMMITTEE)
    engineering_committee("district").office_staff.add(stranger)

    with pytest.raises(WorkflowError):
        committee.committee_qualify(application_id=application.pk, actor=stranger, expected_version=application.version, text="x",
                                    today=timezone.localdate())


def test_correction_past_its_deadline_is_refused(approved, clock):
    _officer, office, (application, _other) = recommended(approved, clock)
    flow.request_correction(application, office, datetime.date(2022, 8, 10), deadline=datetime.date(2022, 8, 19))

    with pytest.raises(WorkflowError, match="补正期限2022年8月19日已过"):
        committee.correction_resubmit(application_id=application.pk, actor=application.applicant,
                                      expected_version=flow.fresh(application).version, today=datetime.date(2022, 8, 20))
    assert flow.fresh(application).state == State.CORRECTION_REQUESTED


def test_new_copy_must_be_stamped_before_resubmission_and_qualification(approved, clock):
    officer, office, (application, _other) = recommended(approved, clock)
    today = datetime.date(2022, 8, 10)
    flow.request_correction(application, office, today)
    copy = attachment_upload(application=flow.fresh(application), kind="achievement_evidence", uploaded=pdf_file("验收证明.pdf"),
                             actor=application.applicant)

    with pytest.raises(WorkflowError, match="须先经单位审核签章"):
        committee.correction_resubmit(application_id=application.pk, actor=application.applicant,
                                      expected_version=flow.fresh(application).version, today=today)
    assert Notification.objects.filter(recipient=officer, message__contains="为补正上传了业绩成果证明").exists()

    attachment_stamp(attachment=copy, actor=officer, opinion="与原件一致", originals_seen=False, originals_seen_where="")
    committee.correction_resubmit(application_id=application.pk, actor=application.applicant,
                                  expected_version=flow.fresh(application).version, today=today)
    assert flow.fresh(application).state == State.COMMITTEE_REVIEW


def test_withdrawal_during_the_publicity_does_not_hold_up_the_others(approved, clock):
    officer, _office, (leaving, staying) = approved
    shown = flow.publicise([leaving, staying], officer, datetime.date(2022, 8, 2))

    application_services.application_withdraw(application_id=leaving.pk, actor=leaving.applicant,
                                              expected_version=flow.fresh(leaving).version, reason="调动工作")
    publicity.publicity_close(actor=officer, publicity=shown, today=datetime.date(2022, 8, 10))

    assert flow.fresh(staying).state == State.PUBLICITY_DONE
    assert PublicityEntry.objects.get(application=leaving).outcome == PublicityEntry.Outcome.WITHDRAWN
