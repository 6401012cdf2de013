"""The public verification page (D3, P2) and revocation into the credit archive (C5, E7)."""

import datetime

import pytest
from django.urls import reverse

from zhicheng import rules
from zhicheng.applications.eligibility import person_precheck
from zhicheng.applications.models import State
from zhicheng.applications.services import WorkflowError
from zhicheng.certificates import services
from zhicheng.certificates.models import CreditRecord
from zhicheng.profiles.models import TitleRecord
from zhicheng.rules.dates import add_years

DEC_1 = datetime.date(2022, 12, 1)


def revoke(cast, certificate, day=DEC_1):
    return services.certificate_revoke(actor=cast.bureau, certificate=certificate, reason="业绩证明系伪造", today=day)


def verification_page(client, certificate):
    return client.get(reverse("web:certificate_verify", args=[certificate.token]))


def test_verification_page_works_without_login_and_never_shows_id_number(client, cast, certificate):
    response = verification_page(client, certificate)
    page = response.content.decode()

    assert response.status_code == 200
    assert all(text in page for text in ("韦明辉", "工程系列", "工程师", "中级", "2022年10月11日", "昆明市工程系列中级职称评审委员会", certificate.number))
    assert "有效" in page and "已撤销" not in page
    assert cast.applicant.id_number not in page and cast.applicant.masked_id_number not in page
    assert cast.applicant.mobile not in page


def test_verification_page_shows_revoked_with_its_date_after_revocation(client, cast, certificate):
    revoke(cast, certificate)

    page = verification_page(client, certificate).content.decode()

    assert "已撤销" in page and "2022年12月1日" in page
    assert cast.applicant.id_number not in page


def test_unknown_verification_token_is_a_chinese_404(client, certificate):
    response = client.get(reverse("web:certificate_verify", args=["no-such-token"]))

    assert response.status_code == 404
    assert "未找到该证书" in response.content.decode()
    assert "韦明辉" not in response.content.decode()


def test_revocation_records_credit_archive_for_the_parameter_years(cast, certificate):
    record = revoke(cast, certificate)

    certificate.refresh_from_db()
    certificate.application.refresh_from_db()
    years = rules.parameter("credit_archive.record_years", DEC_1).value
    assert (record.person, record.recorded_on, record.until) == (cast.applicant, DEC_1, add_years(DEC_1, years))
    assert record.until == datetime.date(2025, 12, 1)  # 3 years (人社部令第40号)
    assert (certificate.status, certificate.revoked_on, certificate.revocation_reason) == ("revoked", DEC_1, "业绩证明系伪造")
    assert certificate.application.state == State.REVOKED
    assert not TitleRecord.objects.filter(certificate_number=certificate.number).exists()


def test_credit_record_until_is_the_latest_running_record(cast, certificate):
    record = revoke(cast, certificate)

    assert services.credit_record_until(cast.applicant, DEC_1 - datetime.timedelta(days=1)) is None
    assert services.credit_record_until(cast.applicant, datetime.date(2024, 6, 1)) == record.until
    assert services.credit_record_until(cast.applicant, record.until) == record.until
    assert services.credit_record_until(cast.applicant, record.until + datetime.timedelta(days=1)) is None


def e7_status(person, on):
    """E7 of the precheck as every page and submission asks it: the credit archive included."""
    decision, _ = person_precheck(person.profile, series="engineering", level="intermediate", route="review",
                                  region_level="city", as_of=on)
    return next(check for check in decision["checks"] if check["rule"] == "E7")


def test_precheck_e7_fails_while_credit_record_runs_and_passes_after(cast, certificate):
    record = revoke(cast, certificate)

    inside = e7_status(cast.applicant, datetime.date(2024, 6, 1))
    after = e7_status(cast.applicant, record.until + datetime.timedelta(days=1))

    assert inside["status"] == "fail" and "诚信档案库（记录至2025-12-01）" in inside["message"]
    assert after["status"] == "pass"


def test_revocation_needs_a_reason_and_happens_once(cast, certificate):
    with pytest.raises(WorkflowError, match="撤销职称须写明原因"):
        services.certificate_revoke(actor=cast.bureau, certificate=certificate, reason=" ", today=DEC_1)
    revoke(cast, certificate)

    with pytest.raises(WorkflowError, match="不能撤销职称"):
        revoke(cast, certificate)
    assert CreditRecord.objects.count() == 1


def test_revocation_by_bureau_of_another_region_refused(cast, certificate, other_bureau):
    with pytest.raises(WorkflowError, match="只有评委会所在地区的人力资源社会保障部门"):
        services.certificate_revoke(actor=other_bureau, certificate=certificate, reason="造假", today=DEC_1)

    certificate.refresh_from_db()
    assert certificate.status == "valid"
