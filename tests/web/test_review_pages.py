import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import ApplicantFactory, UnitFactory, UserFactory, engineering_committee, review_plan
from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, State
from zhicheng.catalog.models import Specialty
from zhicheng.profiles.models import TitleRecord
from zhicheng.review import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_with_office():
    committee = engineering_committee("district")
    office = UserFactory(role=Role.COMMITTEE)
    committee.office_staff.add(office)
    plan = review_plan(committee, meeting_on=datetime.date(2022, 10, 20), applications_open_on=datetime.date(2022, 7, 25))
    return plan, office


def test_office_sees_its_plan_with_computed_dates_others_get_404(client, plan_with_office):
    plan, office = plan_with_office
    client.force_login(office)

    page = client.get(reverse("web:plan", args=[plan.pk])).content.decode()

    assert "2022年9月29日（会议前12个工作日）" in page
    other = UserFactory(role=Role.COMMITTEE)
    engineering_committee("city").office_staff.add(other)
    client.force_login(other)
    assert client.get(reverse("web:plan", args=[plan.pk])).status_code == 404


def test_plan_saved_through_the_page_refuses_a_breach(client, plan_with_office):
    plan, office = plan_with_office
    client.force_login(office)

    response = client.post(reverse("web:plan_edit", args=[plan.pk]), {
        "year": 2022, "receiving_until": "2022-09-30", "pass_rate_ceiling": 70,
        "result_publicity_from": "2022-09-29", "result_publicity_to": "2022-10-09",
    })

    assert response.status_code == 200 and "公示期" in response.content.decode()  # T7, named by what it checks
    plan.refresh_from_db()
    assert plan.result_publicity_from is None


def test_bureau_acknowledges_notice_from_its_page(client, plan_with_office):
    plan, office = plan_with_office
    notice = services.notice_file(plan=plan, actor=office, title="东川区初级职称评审通知", body="…", contacts="62138554", today=datetime.date(2022, 6, 13))
    bureau = UserFactory(role=Role.BUREAU, unit=UnitFactory(is_hr_bureau=True))
    client.force_login(bureau)

    assert "东川区初级职称评审通知" in client.get(reverse("web:bureau_filings")).content.decode()
    client.post(reverse("web:acknowledge", args=["notice", notice.pk]))

    notice.refresh_from_db()
    assert notice.acknowledged_by == bureau


def test_confirmation_list_excel_masks_identity_numbers(client, plan_with_office):
    plan, office = plan_with_office
    applicant = ApplicantFactory(real_name="外省来的工程师")
    Application.objects.create(applicant=applicant, plan=plan, employer=UnitFactory(), series="engineering",
                               specialty=Specialty.objects.create(series="engineering", name="建筑工程"), level="assistant", state=State.QUALIFIED)
    TitleRecord.objects.create(profile=applicant.profile, series="engineering", level="technician", obtained_on=datetime.date(2018, 12, 30),
                               method="review", origin="other_province", issued_by="四川省评委会", certificate_number="川001")
    services.confirmation_list_send(plan=plan, actor=office, today=datetime.date(2022, 9, 1))
    client.force_login(office)

    response = client.get(reverse("web:confirmation_list", args=[plan.pk, "xlsx"]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "外省来的工程师" in cells and "四川省评委会" in cells
    assert applicant.id_number not in " ".join(cells)
    assert f"{applicant.id_number[:6]}********{applicant.id_number[14:]}" in cells
    client.force_login(applicant)
    assert client.get(reverse("web:confirmation_list", args=[plan.pk, "xlsx"])).status_code == 404
