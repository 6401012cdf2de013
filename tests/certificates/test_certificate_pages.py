"""The pages of results and certificates, and their scope (P1): outside it, a 404."""

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from tests.certificates import steps
from tests.factories import ApplicantFactory, UserFactory
from zhicheng.accounts.models import Role
from zhicheng.applications.models import State
from zhicheng.certificates.models import (
    Certificate, CreditRecord, RecognisedQualification, Reexamination, ResultEntry, ResultObjection, ResultPublicity,
)
from zhicheng.profiles.models import QualificationRecord


def at(clock, day):
    clock.move_to(datetime.datetime.combine(day, datetime.time(10)))


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_office_starts_result_publicity_from_plan_results_page(client, cast, passed):
    client.force_login(cast.office)
    url = reverse("web:plan_results", args=[cast.plan.pk])
    start = reverse("web:result_publicity_start", args=[cast.plan.pk])

    page = client.get(url).content.decode()
    short = client.post(start, {"applications": [passed.pk], "starts_on": "2022-09-29", "ends_on": "2022-10-09", "place": "网站"}, follow=True)
    done = client.post(start, {"applications": [passed.pk], "starts_on": "2022-09-29", "ends_on": "", "place": "网站"}, follow=True)

    assert "韦明辉" in page and "开始评审结果公示" in page
    assert "最早可于2022年10月10日结束" in messages_of(short)
    assert ResultPublicity.objects.get().ends_on == datetime.date(2022, 10, 10)
    assert "2022年9月29日至2022年10月10日" in done.content.decode()


def test_result_overview_and_lists_download_as_excel_and_pdf(client, cast, in_publicity):
    client.force_login(cast.office)
    publicity = ResultPublicity.objects.get()

    overview = client.get(reverse("web:result_plans")).content.decode()
    excel = client.get(reverse("web:result_list", args=[publicity.pk, "xlsx"]))
    pdf = client.get(reverse("web:pre_meeting_list", args=[cast.plan.pk, "pdf"]))
    meeting_excel = client.get(reverse("web:pre_meeting_list", args=[cast.plan.pk, "xlsx"]))

    rows = list(load_workbook(io.BytesIO(excel.content)).active.iter_rows(values_only=True))
    assert "昆明市工程系列中级职称评审委员会 2022年度" in overview and "2022年9月29日至2022年10月10日" in overview
    assert any(row[1] == "韦明辉" and row[6] == "评审通过" for row in rows)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert any(row[1] == "韦明辉" for row in load_workbook(io.BytesIO(meeting_excel.content)).active.iter_rows(values_only=True))


def test_results_of_another_committee_or_region_are_404(client, cast, in_publicity, other_bureau):
    publicity = ResultPublicity.objects.get()
    pages = [reverse("web:plan_results", args=[cast.plan.pk]), reverse("web:result_list", args=[publicity.pk, "xlsx"]),
             reverse("web:pre_meeting_list", args=[cast.plan.pk, "pdf"])]

    for outsider in (UserFactory(role=Role.COMMITTEE), other_bureau, cast.applicant):
        client.force_login(outsider)
        assert [client.get(page).status_code for page in pages] == [404, 404, 404]
    client.force_login(other_bureau)
    assert client.post(reverse("web:result_confirm", args=[publicity.pk]), {"applications": [in_publicity.pk]}).status_code == 404
    assert client.get(reverse("web:plan_results", args=[999999])).status_code == 404


def test_applicant_requests_reexamination_from_results_page(client, cast, in_publicity):
    at(cast.clock, datetime.date(2022, 10, 8))
    client.force_login(cast.applicant)
    request_page = reverse("web:reexamination_request", args=[in_publicity.pk])

    listing = client.get(reverse("web:my_results")).content.decode()
    client.post(request_page, {"reason": "公示名单中专业填写有误"})
    client.force_login(ApplicantFactory())
    stranger = client.get(request_page)

    assert request_page in listing
    assert Reexamination.objects.get().reason == "公示名单中专业填写有误"
    assert stranger.status_code == 404


def test_office_settles_objection_then_bureau_confirms_and_holder_gets_certificate(client, cast, in_publicity):
    publicity = ResultPublicity.objects.get()
    entry = ResultEntry.objects.get()
    client.force_login(cast.office)
    client.post(reverse("web:result_objection_add", args=[publicity.pk]), {"entry": entry.pk, "received_on": "2022-09-30", "content": "年限不足"})
    objection = entry.objections.get()
    client.post(reverse("web:result_objection_settle", args=[publicity.pk]), {"objection": objection.pk, "upheld": "0", "settlement": "核对档案，年限符合"})

    at(cast.clock, datetime.date(2022, 10, 11))
    client.force_login(cast.bureau)
    queue = client.get(reverse("web:bureau_confirmations")).content.decode()
    client.post(reverse("web:result_confirm", args=[publicity.pk]), {"applications": [in_publicity.pk]})
    certificate = Certificate.objects.get()
    client.force_login(cast.applicant)
    mine = client.get(reverse("web:my_results")).content.decode()
    pdf = client.get(reverse("web:certificate_pdf", args=[certificate.pk]))
    client.force_login(ApplicantFactory())
    stranger = client.get(reverse("web:certificate_pdf", args=[certificate.pk]))

    assert ResultObjection.objects.get().upheld is False
    assert "韦明辉" in queue and "可确认" in queue
    in_publicity.refresh_from_db()
    assert in_publicity.state == State.CONFIRMED
    assert certificate.number in mine and reverse("web:certificate_verify", args=[certificate.token]) in mine
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert stranger.status_code == 404


def test_bureau_decides_assessment_from_its_queue(client, cast, other_bureau):
    application = steps.qualified(cast.applicant, cast.plan, cast.specialty, cast.officer, cast.office, cast.clock,
                                  day=datetime.date(2022, 7, 15), route="assessment")
    client.force_login(other_bureau)
    elsewhere = client.get(reverse("web:bureau_assessments")).content.decode()
    refused = client.post(reverse("web:assessment_decide", args=[application.pk]), {"version": application.version, "passed": "1"})
    client.force_login(cast.bureau)
    queue = client.get(reverse("web:bureau_assessments")).content.decode()
    client.post(reverse("web:assessment_decide", args=[application.pk]), {"version": application.version, "passed": "1", "reason": "考核合格"})

    application.refresh_from_db()
    assert "韦明辉" not in elsewhere and refused.status_code == 404
    assert "韦明辉" in queue
    assert application.state == State.PASSED


def test_bureau_revokes_from_certificates_page(client, cast, certificate, other_bureau):
    revoke = reverse("web:certificate_revoke", args=[certificate.pk])
    client.force_login(other_bureau)
    refused = client.post(revoke, {"reason": "造假"})
    at(cast.clock, datetime.date(2022, 12, 1))
    client.force_login(cast.bureau)

    client.post(revoke, {"reason": "业绩证明系伪造"})
    page = client.get(reverse("web:bureau_certificates"), {"q": "韦明辉"}).content.decode()

    certificate.refresh_from_db()
    assert refused.status_code == 404
    assert certificate.status == "revoked" and CreditRecord.objects.get().until == datetime.date(2025, 12, 1)
    assert "2022年12月1日至2025年12月1日" in page


def test_bureau_recognises_qualification_from_its_page(client, cast, other_bureau):
    qualification = QualificationRecord.objects.create(profile=cast.applicant.profile, name="一级建造师", certificate_number="1253000000001",
                                                       obtained_on=datetime.date(2019, 11, 20))
    client.force_login(other_bureau)
    refused = client.post(reverse("web:bureau_qualifications"), {"qualification": qualification.pk})
    client.force_login(cast.bureau)

    listing = client.get(reverse("web:bureau_qualifications")).content.decode()
    client.post(reverse("web:bureau_qualifications"), {"qualification": qualification.pk})
    client.force_login(cast.applicant)
    mine = client.get(reverse("web:my_results")).content.decode()

    assert refused.status_code == 404
    assert "一级建造师" in listing and "工程师" in listing
    assert RecognisedQualification.objects.get().title_name == "工程师"
    assert "一级建造师" in mine


def test_pages_of_other_roles_are_404(client, cast):
    client.force_login(cast.applicant)
    assert client.get(reverse("web:bureau_certificates")).status_code == 404
    assert client.get(reverse("web:result_plans")).status_code == 404
    client.force_login(cast.office)
    assert client.get(reverse("web:result_plans")).status_code == 200
    assert client.get(reverse("web:my_results")).status_code == 404
