"""Security events (issue 11 item 3): each one in the trail, with who, from where and what."""

import pytest
from django.urls import reverse

from tests.factories import ApplicantFactory, UnitFactory, UserFactory
from zhicheng.accounts.models import Role, User
from zhicheng.accounts.services import staff_account_create
from zhicheng.audit.models import Event
from zhicheng.audit.trail import events_for

pytestmark = pytest.mark.django_db
PASSWORD = "Secret#2022"


def last(action):
    return Event.objects.filter(action=action).order_by("id").last()


def test_login_logout_and_failures_are_recorded_with_the_address(client):
    person = ApplicantFactory(mobile="13800000001")

    client.post(reverse("web:login"), {"login": "13800000001", "password": "wrong-one"}, REMOTE_ADDR="10.0.0.7")
    client.post(reverse("web:login"), {"login": "13900000009", "password": "wrong-one"}, REMOTE_ADDR="10.0.0.8")
    client.post(reverse("web:login"), {"login": "13800000001", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")
    client.post(reverse("web:logout"), REMOTE_ADDR="10.0.0.7")

    failed_known, failed_unknown = Event.objects.filter(action="account.login_failed").order_by("id")
    assert (failed_known.subject_id, failed_known.actor, failed_known.address) == (str(person.pk), None, "10.0.0.7")
    assert failed_known.details == {"login": "13800000001", "known_account": True}
    assert (failed_unknown.subject_type, failed_unknown.details["known_account"]) == ("", False)
    assert "wrong-one" not in str(failed_known.details) + str(failed_unknown.details)
    assert [e.action for e in events_for(person).filter(action__in=["account.login", "account.logout"])] == [
        "account.login", "account.logout",
    ]
    assert {e.actor for e in events_for(person).filter(action__in=["account.login", "account.logout"])} == {person}


def test_an_account_created_by_a_bureau_names_the_bureau_officer():
    bureau = UserFactory(role=Role.BUREAU, unit=UnitFactory(is_hr_bureau=True))
    unit = UnitFactory(region=bureau.unit.region)

    account, _password = staff_account_create(created_by=bureau, real_name="赵敏", mobile="13700000002", role=Role.EMPLOYER, unit=unit)

    created = last("account.create")
    assert (created.subject_id, created.details) == (str(account.pk), {"role": "employer", "unit": unit.pk, "is_staff": False})


def test_self_registration_is_created_by_the_person(client):
    client.post(reverse("web:register"), {
        "real_name": "李建华", "id_number": "530113198503120125", "mobile": "13987130001",
        "password": "Tongdu#2022", "password_again": "Tongdu#2022",
    }, REMOTE_ADDR="10.0.0.5")

    person = User.objects.get(mobile="13987130001")
    created = events_for(person).get(action="account.create")
    assert (created.actor, created.address, created.details["role"]) == (person, "10.0.0.5", "applicant")


def test_role_unit_and_rights_changes_are_recorded_with_before_and_after():
    person = UserFactory(role=Role.EMPLOYER, unit=UnitFactory())
    old_unit, new_unit = person.unit, UnitFactory()
    person = User.objects.get(pk=person.pk)

    person.role, person.unit, person.is_staff = Role.BUREAU, new_unit, True
    person.save()
    person.real_name = "改名"
    person.save()  # not a right: no event

    changes = Event.objects.filter(action="account.rights_change", subject_id=str(person.pk))
    assert [c.details for c in changes] == [
        {"role": ["employer", "bureau"], "unit_id": [old_unit.pk, new_unit.pk], "is_staff": [False, True]}
    ]


def test_password_change_and_reset_are_told_apart_and_a_hash_upgrade_is_not_a_change(client):
    person = User.objects.get(pk=ApplicantFactory().pk)
    client.force_login(person)
    since = Event.objects.order_by("id").last().pk

    client.post(reverse("web:password_change"), {
        "old_password": PASSWORD, "new_password1": "Another#Pass2026", "new_password2": "Another#Pass2026",
    }, REMOTE_ADDR="10.0.0.6")
    person.refresh_from_db()
    person.set_password("Third#Pass2026")
    person.save()  # outside any request (a command): a reset, by nobody logged in
    person.set_password("Fourth#Pass2026")
    person.save(update_fields=["password"])  # what Django does when it upgrades the stored hash

    recorded = Event.objects.filter(pk__gt=since).order_by("id")
    assert [(e.action, e.actor, e.address) for e in recorded] == [
        ("account.password_change", person, "10.0.0.6"), ("account.password_reset", None, ""),
    ]


def test_an_administrators_changes_in_the_admin_site_are_recorded(client):
    administrator = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    person = ApplicantFactory()
    client.force_login(administrator)

    response = client.post(reverse("admin:auth_user_password_change", args=[person.pk]),
                           {"password1": "Admin#Set2026x", "password2": "Admin#Set2026x", "usable_password": "true"},
                           REMOTE_ADDR="10.0.0.9")

    assert response.status_code == 302
    admin_change = last("admin.change")
    assert (admin_change.actor, admin_change.address) == (administrator, "10.0.0.9")
    assert (admin_change.details["object_type"], admin_change.details["object_id"]) == ("accounts.user", str(person.pk))
    reset = events_for(person).filter(action="account.password_reset").last()
    assert (reset.actor, reset.address) == (administrator, "10.0.0.9")
