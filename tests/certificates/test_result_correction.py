"""Results corrected by a re-examination (复查) or an upheld objection (异议), either way,
over HTTP: the confirmation before the change, the certificate revoked or reissued and
what the public verification page then says; refusals change nothing."""

import datetime

import pytest
from django.urls import reverse

from tests.certificates import steps
from tests.factories import UserFactory, engineering_committee
from tests.web.plain_text import notation
from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, Notification, State
from zhicheng.audit.models import Event
from zhicheng.certificates.models import Certificate, ResultCorrection
from zhicheng.profiles.models import TitleRecord

NOV_1, NOV_8 = datetime.date(2022, 11, 1), datetime.date(2022, 11, 8)
DECIDERS = "张丽华　复查专家组组长\n杨国荣　评委会主任委员"


def on(client, clock, day, user):
    """Logs ``user`` in on ``day`` at ten (sessions end after a while idle)."""
    clock.move_to(datetime.datetime.combine(day, datetime.time(10)))
    client.force_login(user)


def correction(application, *, basis="reexamination", reason="复查认定论文系他人代写", decided_on="2022-10-31", **extra):
    application.refresh_from_db()
    return {"version": application.version, "basis": basis, "reason": reason, "deciders": DECIDERS, "decided_on": decided_on, **extra}


def page(application):
    return reverse("web:result_correct", args=[application.pk])


def snapshot(application):
    """What a refusal must leave as it was."""
    application.refresh_from_db()
    return (application.state, application.version, Event.objects.count(), ResultCorrection.objects.count(),
            list(Certificate.objects.order_by("pk").values_list("status", flat=True)))


def verification(client, certificate) -> str:
    client.logout()
    return client.get(reverse("web:certificate_verify", args=[certificate.token])).content.decode()


def test_confirmed_title_corrected_to_not_passed_after_confirmation_revokes_its_certificate(client, cast, certificate):
    application = certificate.application
    on(client, cast.clock, NOV_1, cast.office)

    shown = client.get(page(application)).content.decode()
    before = snapshot(application)
    asked = client.post(page(application), correction(application))
    after_asking = snapshot(application)
    done = client.post(page(application), correction(application, confirmed="on"), follow=True)

    assert f"电子职称证书（证书编号{certificate.number}）将被撤销" in shown
    assert "请确认更正" in asked.content.decode() and "确认更正" in asked.content.decode()
    assert after_asking == before
    application.refresh_from_db()
    certificate.refresh_from_db()
    recorded = ResultCorrection.objects.get()
    assert application.state == State.NOT_PASSED and application.version == before[1] + 1
    assert (certificate.status, certificate.revoked_on) == (Certificate.Status.REVOKED, NOV_1)
    assert not TitleRecord.objects.filter(certificate_number=certificate.number).exists()
    assert (recorded.basis, recorded.passed, recorded.deciders, recorded.decided_on, recorded.recorded_by) == (
        "reexamination", False, DECIDERS, datetime.date(2022, 10, 31), cast.office)
    assert recorded.revoked_certificate == certificate
    event = Event.objects.filter(action="application.result_overturn").get()
    assert (event.actor_id, event.opinion, event.details["revoked_certificate"]) == (cast.office.pk, "复查认定论文系他人代写", certificate.number)
    assert "评审结果已更正" in done.content.decode() and "评审未通过" in done.content.decode()
    assert "张丽华" in done.content.decode()  # the record, on the application's page
    told = Notification.objects.filter(recipient=cast.applicant).latest("pk").message
    assert "经复查更正为“评审未通过”" in told and f"证书编号{certificate.number}）已于2022年11月1日撤销" in told
    public = verification(client, certificate)
    assert "已撤销：本证书已于2022年11月1日撤销，不再有效" in public
    assert notation(public) == []


def test_revoked_title_corrected_back_to_passed_is_reissued_and_the_old_certificate_superseded(client, cast, certificate):
    application = certificate.application
    on(client, cast.clock, NOV_1, cast.office)
    client.post(page(application), correction(application, confirmed="on"))

    on(client, cast.clock, NOV_8, cast.office)
    shown = client.get(page(application)).content.decode()
    client.post(page(application), correction(application, basis="objection", reason="对复查结论的异议成立：论文确系本人撰写",
                                              decided_on="2022-11-07", confirmed="on"))

    application.refresh_from_db()
    certificate.refresh_from_db()
    new = Certificate.objects.get(application=application, status=Certificate.Status.VALID)
    assert "将换发电子职称证书" in shown
    assert application.state == State.CONFIRMED
    assert new.number != certificate.number and new.confirmed_on == NOV_8
    assert (certificate.status, certificate.superseded_by, certificate.superseded_on) == (Certificate.Status.SUPERSEDED, new, NOV_8)
    assert TitleRecord.objects.filter(certificate_number=new.number).exists()
    assert ResultCorrection.objects.latest("pk").issued_certificate == new
    told = Notification.objects.filter(recipient=cast.applicant).latest("pk").message
    assert "经异议成立更正为“评审通过”" in told and f"新证书编号{new.number}" in told
    old_page, new_page = verification(client, certificate), verification(client, new)
    assert f"已换发：本证书已于2022年11月8日换发为新证书（证书编号{new.number}），原证书不再有效" in old_page
    assert "有效：经核验，本证书真实有效" in new_page and f"原证书编号{certificate.number}" in new_page
    assert notation(old_page) == [] and notation(new_page) == []


def test_result_not_passed_at_the_meeting_corrected_to_passed_goes_to_result_publicity(client, cast):
    application = steps.failed(cast)
    on(client, cast.clock, datetime.date(2022, 9, 26), cast.office)

    shown = client.get(page(application)).content.decode()
    client.post(page(application), correction(application, reason="复查认定计票有误，赞成票已达三分之二", decided_on="2022-09-23", confirmed="on"))

    application.refresh_from_db()
    assert "更正后须重新公示评审结果" in shown
    assert application.state == State.PASSED
    assert not Certificate.objects.exists()
    assert ResultCorrection.objects.get().passed is True
    assert "将公示评审结果" in Notification.objects.filter(recipient=cast.applicant).latest("pk").message


@pytest.fixture
def other_office(db):
    office = UserFactory(role=Role.COMMITTEE, real_name="周建国")
    engineering_committee("district", name="东川区工程系列初级职称评审委员会").office_staff.add(office)
    return office


@pytest.mark.parametrize("who", ["bureau", "applicant", "officer", "other_office"])
def test_correction_by_another_role_or_committee_is_404_and_changes_nothing(client, cast, certificate, who, other_office):
    application = certificate.application
    person = other_office if who == "other_office" else getattr(cast, who)
    on(client, cast.clock, NOV_1, person)
    before = snapshot(application)

    shown = client.get(page(application))
    sent = client.post(page(application), correction(application, confirmed="on"))

    assert (shown.status_code, sent.status_code) == (404, 404)
    assert snapshot(application) == before


@pytest.mark.parametrize("field, value, message", [
    ("reason", "  ", "更正理由"),
    ("deciders", "", "作出决定的人员"),
    ("decided_on", "2022-11-02", "决定日期2022年11月2日晚于今天"),
    ("decided_on", "2022-09-19", "早于评审会议（2022年9月20日）"),
])
def test_correction_without_reason_or_deciders_or_with_a_wrong_date_is_refused_and_changes_nothing(client, cast, certificate, field,
                                                                                                   value, message):
    application = certificate.application
    on(client, cast.clock, NOV_1, cast.office)
    before = snapshot(application)

    sent = client.post(page(application), correction(application, confirmed="on", **{field: value}), follow=True)

    assert message in sent.content.decode()
    assert snapshot(application) == before
    assert Certificate.objects.get().status == Certificate.Status.VALID


def test_correction_on_a_stale_page_is_refused_and_changes_nothing(client, cast, certificate):
    application = certificate.application
    on(client, cast.clock, NOV_1, cast.office)
    stale = correction(application, confirmed="on")
    stale["version"] -= 1
    before = snapshot(application)

    sent = client.post(page(application), stale, follow=True)

    assert "已被他人处理" in sent.content.decode()
    assert snapshot(application) == before


def test_correction_page_is_404_while_there_is_no_result(client, cast):
    application = steps.qualified(cast.applicant, cast.plan, cast.specialty, cast.officer, cast.office, cast.clock, day=datetime.date(2022, 8, 1))
    on(client, cast.clock, datetime.date(2022, 9, 1), cast.office)

    assert client.get(page(application)).status_code == 404
    assert Application.objects.get().state == State.QUALIFIED


def test_correction_to_passed_refused_while_the_person_has_another_live_application_in_the_plan(client, cast):
    from zhicheng.applications import services

    application = steps.failed(cast)
    services.application_start(applicant=cast.applicant, plan=cast.plan, specialty=cast.specialty, level="intermediate", route="review",
                               today=datetime.date(2022, 8, 20))
    on(client, cast.clock, datetime.date(2022, 9, 26), cast.office)
    before = snapshot(application)

    sent = client.post(page(application), correction(application, decided_on="2022-09-23", confirmed="on"), follow=True)

    assert "另有办理中的申报" in sent.content.decode()
    assert snapshot(application) == before


def test_reissued_certificate_pdf_names_the_old_one_and_the_old_pdf_says_it_was_superseded(client, cast, certificate):
    from tests.documents.pdf_reading import pdf_info, pdf_text
    from zhicheng.certificates.documents import certificate_pdf

    application = certificate.application
    on(client, cast.clock, NOV_1, cast.office)
    client.post(page(application), correction(application, confirmed="on"))
    on(client, cast.clock, NOV_8, cast.office)
    client.post(page(application), correction(application, basis="objection", reason="论文确系本人撰写", decided_on="2022-11-07", confirmed="on"))
    certificate.refresh_from_db()
    new = certificate.superseded_by

    old_pdf, new_pdf = (certificate_pdf(c, base_url="https://zhicheng.example.cn/") for c in (certificate, new))
    old_text, new_text = ("".join(pdf_text(pdf).split()) for pdf in (old_pdf, new_pdf))

    assert f"本证书已于2022年11月8日换发为新证书（证书编号{new.number}），原证书不再有效" in old_text
    assert "换发说明" in new_text and "原证书编号" in new_text and f"{certificate.number}作废" in new_text and new.number in new_text
    assert f"/verify/{certificate.token}/" in old_text  # the QR block still fits on the page
    assert pdf_info(old_pdf)["Pages"] == pdf_info(new_pdf)["Pages"] == "1"
