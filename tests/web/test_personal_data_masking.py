"""Mobile and identity numbers are masked for everyone but the owner; an officer in scope
sees the full number by one explicit POST, which the trail records."""

import pytest
from django.urls import reverse

from tests.factories import ApplicantFactory, UnitFactory, UserFactory
from zhicheng.accounts.models import Role, User
from zhicheng.audit.models import Event

pytestmark = pytest.mark.django_db

MOBILE, ID_NUMBER = "13987130001", "530113198503120125"


@pytest.fixture
def staff_member():
    unit = UnitFactory(name="甲公司")
    person = ApplicantFactory(real_name="李建华", mobile=MOBILE, id_number=ID_NUMBER)
    person.profile.contract_unit = unit
    person.profile.save()
    return unit, person


def reveals():
    return Event.objects.filter(action="personal_data.reveal")


def test_owner_sees_own_number_officer_sees_it_masked(client, staff_member):
    unit, person = staff_member
    client.force_login(person)
    assert MOBILE in client.get(reverse("web:profile")).content.decode()

    client.force_login(UserFactory(role=Role.EMPLOYER, unit=unit))
    page = client.get(reverse("web:applicant_profile", args=[person.profile.pk])).content.decode()

    assert MOBILE not in page and "139****0001" in page and ID_NUMBER not in page
    assert "查看完整号码" in page and not reveals().exists()


def test_officer_reveals_by_post_and_it_is_recorded(client, staff_member):
    unit, person = staff_member
    officer = UserFactory(role=Role.EMPLOYER, unit=unit)
    client.force_login(officer)

    page = client.post(reverse("web:applicant_profile", args=[person.profile.pk])).content.decode()

    assert MOBILE in page and "查看已记录" in page
    event = reveals().get()
    assert (event.actor, event.subject_id, event.details) == (officer, str(person.pk), {"fields": ["mobile"]})
    assert MOBILE not in client.get(reverse("web:applicant_profile", args=[person.profile.pk])).content.decode()


def test_officer_out_of_scope_cannot_reveal(client, staff_member):
    _, person = staff_member
    client.force_login(UserFactory(role=Role.EMPLOYER, unit=UnitFactory(name="乙公司")))

    response = client.post(reverse("web:applicant_profile", args=[person.profile.pk]))

    assert response.status_code == 404 and MOBILE not in response.content.decode()
    assert not reveals().exists()


@pytest.fixture
def admin_client_(client):
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True, mobile="13900000009")
    client.force_login(admin)
    return client, admin


def test_admin_list_and_form_mask_numbers_and_saving_keeps_them(admin_client_, staff_member):
    client, _ = admin_client_
    _, person = staff_member

    listing = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    form = client.get(reverse("admin:accounts_user_change", args=[person.pk])).content.decode()
    found = client.get(reverse("admin:accounts_user_changelist"), {"q": ID_NUMBER}).content.decode()

    for page in (listing, form):
        assert MOBILE not in page and ID_NUMBER not in page, [line for line in page.splitlines() if MOBILE in line or ID_NUMBER in line]
    assert MOBILE not in found  # what the administrator typed is echoed, nothing more
    assert "530113********0125" in listing and "139****0001" in form and "李建华" in found

    client.post(reverse("admin:accounts_user_change", args=[person.pk]), {
        "mobile": "", "id_number": "", "real_name": "李建华", "email": "", "role": "applicant", "is_active": "on",
        "date_joined_0": "2026-12-01", "date_joined_1": "09:00:00",
    })
    person.refresh_from_db()
    assert (person.mobile, person.id_number) == (MOBILE, ID_NUMBER)


def test_admin_reveal_action_is_recorded(admin_client_, staff_member):
    client, admin = admin_client_
    _, person = staff_member

    page = client.post(reverse("admin:accounts_user_changelist"),
                       {"action": "reveal", "_selected_action": [person.pk]}).content.decode()

    assert MOBILE in page and ID_NUMBER in page and "已记入审计记录" in page
    assert reveals().get().details == {"fields": ["id_number", "mobile"]} and reveals().get().actor == admin
    assert User.objects.get(pk=person.pk).mobile == MOBILE
