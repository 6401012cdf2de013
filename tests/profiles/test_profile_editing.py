import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.factories import ApplicantFactory, UnitFactory
from zhicheng.profiles.models import Education, InsuranceMonth, InsurancePeriod, TitleRecord, WorkRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(client):
    user = ApplicantFactory()
    client.force_login(user)
    return user


EDUCATION = {
    "degree": "bachelor",
    "school": "昆明理工大学",
    "major": "土木工程",
    "engineering": "on",
    "full_time": "on",
    "graduated_on": "2008-07-01",
    "proof_kind": "chsi",
    "verification_code": "A12345678901234",
    "verification_expires_on": "2022-12-31",
}


def add(client, section, data):
    return client.post(reverse("web:profile_record_add", args=[section]), data)


def test_education_saved_and_shown_as_dates(client, applicant):
    response = add(client, "education", EDUCATION)

    assert response.status_code == 302
    education = Education.objects.get(profile=applicant.profile)
    assert (education.school, education.graduated_on, education.engineering) == (
        "昆明理工大学",
        datetime.date(2008, 7, 1),
        True,
    )
    page = client.get(reverse("web:profile")).content.decode()
    assert "2008年7月1日" in page


@time_machine.travel(datetime.datetime(2022, 7, 15, 10, 0), tick=False)
def test_graduation_in_future_refused_with_field_and_nothing_saved(client, applicant):
    response = add(client, "education", {**EDUCATION, "graduated_on": "2023-07-01"})

    assert response.status_code == 200
    assert "毕业时间：2023年7月1日晚于今天，不能填写将来的日期" in response.content.decode()
    assert Education.objects.count() == 0


def test_chsi_proof_refused_for_graduate_before_2002(client, applicant):
    response = add(client, "education", {**EDUCATION, "graduated_on": "1998-07-01"})

    assert "学历证明方式：学信网电子注册备案表适用于2002届及以后毕业生" in response.content.decode()
    assert Education.objects.count() == 0


def test_chsi_proof_needs_verification_code(client, applicant):
    response = add(client, "education", {**EDUCATION, "verification_code": ""})

    assert "在线验证码/认证书编号：学信网备案表须填写在线验证码" in response.content.decode()
    assert Education.objects.count() == 0


@time_machine.travel(datetime.datetime(2022, 12, 10, 10, 0), tick=False)
def test_verification_code_expiry_warned_before_it_lapses(client, applicant):
    add(client, "education", EDUCATION)

    page = client.get(reverse("web:profile")).content.decode()

    assert "学信网在线验证码将于2022年12月31日过期" in page


def test_work_period_reversed_refused(client, applicant):
    response = add(
        client, "work", {"unit_name": "东川区水务局", "position": "技术员", "started_on": "2015-03-01", "ended_on": "2014-01-01", "professional_work": "on"}
    )

    assert "终止时间：终止时间不能早于起始时间" in response.content.decode()
    assert WorkRecord.objects.count() == 0


def test_title_saved_with_origin(client, applicant):
    response = add(
        client,
        "titles",
        {
            "title": "engineering.intermediate",
            "obtained_on": "2016-12-30",
            "method": "review",
            "origin": "other_province",
            "issued_by": "四川省工程系列中级职称评审委员会",
            "certificate_number": "川2016001",
        },
    )

    assert response.status_code == 302
    title = TitleRecord.objects.get()
    assert (title.title_name, title.origin, title.confirmed) == ("工程师", "other_province", False)


def test_insurance_period_bad_credit_code_refused(client, applicant):
    response = add(
        client,
        "insurance",
        {"from_month": "2022-01", "to_month": "2022-06", "city": "昆明市", "insuring_unit_code": "91530113MA6K5Q2R8X", "insuring_unit_name": "某公司"},
    )

    assert "参保单位统一社会信用代码：校验码错误：按前17位计算第18位应为W（GB 32100-2015 校验码）" in response.content.decode()
    assert InsurancePeriod.objects.count() == 0 and InsuranceMonth.objects.count() == 0


def test_insurance_period_derives_its_months_and_an_overlap_is_refused(client, applicant):
    data = {"from_month": "2021-11", "to_month": "2022-06", "city": "昆明市", "insuring_unit_code": "91530113MA6K5Q2R8W", "insuring_unit_name": "某公司"}
    add(client, "insurance", data)

    response = add(client, "insurance", {**data, "from_month": "2022-06", "to_month": "2022-08"})

    period = InsurancePeriod.objects.get()
    assert (period.from_month, period.to_month) == (datetime.date(2021, 11, 1), datetime.date(2022, 6, 1))
    assert [m.month.month for m in InsuranceMonth.objects.order_by("month")] == [11, 12, 1, 2, 3, 4, 5, 6]
    assert "起始月份：2022年6月已在另一条参保记录中，请修改原记录" in response.content.decode()


def test_editing_a_period_rewrites_its_months(client, applicant):
    data = {"from_month": "2022-01", "to_month": "2022-06", "city": "昆明市", "insuring_unit_code": "91530113MA6K5Q2R8W", "insuring_unit_name": "某公司"}
    add(client, "insurance", data)
    period = InsurancePeriod.objects.get()

    client.post(reverse("web:profile_record_edit", args=["insurance", period.pk]), {**data, "to_month": "2022-03"})

    assert [m.month.month for m in InsuranceMonth.objects.order_by("month")] == [1, 2, 3]


def test_basic_info_sets_contract_unit(client, applicant):
    unit = UnitFactory()

    response = client.post(
        reverse("web:profile_basic"), {"contract_unit": unit.pk, "mobile": applicant.mobile, "email": "", "applied_before": "on"}
    )

    assert response.status_code == 302
    applicant.profile.refresh_from_db()
    assert applicant.profile.contract_unit == unit
    assert applicant.profile.applied_before is True


def test_record_of_another_applicant_cannot_be_edited_or_deleted(client, applicant):
    other = ApplicantFactory()
    record = WorkRecord.objects.create(profile=other.profile, unit_name="甲单位", position="技术员", started_on=datetime.date(2010, 1, 1))

    assert client.get(reverse("web:profile_record_edit", args=["work", record.pk])).status_code == 404
    assert client.post(reverse("web:profile_record_delete", args=["work", record.pk])).status_code == 404
    assert WorkRecord.objects.filter(pk=record.pk).exists()


def test_delete_asks_for_confirmation_then_deletes(client, applicant):
    record = WorkRecord.objects.create(profile=applicant.profile, unit_name="甲单位", position="技术员", started_on=datetime.date(2010, 1, 1))

    confirm = client.get(reverse("web:profile_record_delete", args=["work", record.pk]))
    assert "确定删除这条记录吗" in confirm.content.decode()
    assert WorkRecord.objects.filter(pk=record.pk).exists()

    client.post(reverse("web:profile_record_delete", args=["work", record.pk]))
    assert not WorkRecord.objects.filter(pk=record.pk).exists()


def test_title_issued_by_this_system_cannot_be_changed_or_deleted(client, applicant):
    record = TitleRecord.objects.create(
        profile=applicant.profile, series="engineering", level="intermediate", obtained_on=datetime.date(2022, 12, 5),
        method="review", issued_by="昆明市工程系列中级职称评审委员会", certificate_number="530100-2022-工程-000001", issued_here=True,
    )

    edit = client.post(reverse("web:profile_record_edit", args=["titles", record.pk]), {"title": "engineering.senior",
                       "obtained_on": "2022-12-05", "method": "review", "origin": "yunnan", "issued_by": "x"}, follow=True)
    delete = client.post(reverse("web:profile_record_delete", args=["titles", record.pk]), follow=True)

    assert "不能修改或删除" in edit.content.decode() and "不能修改或删除" in delete.content.decode()
    record.refresh_from_db()
    assert record.level == "intermediate"
