import pytest
from django.core.management import call_command

from zhicheng.accounts.identity import validate_credit_code, validate_id_number
from zhicheng.accounts.models import Role, Unit, User
from zhicheng.applications.models import Application
from zhicheng.catalog.models import Committee, ExpertMembership
from zhicheng.profiles.models import Education, InsuranceMonth, TitleRecord

pytestmark = pytest.mark.django_db

COUNTED = [User, Unit, Committee, ExpertMembership, Education, TitleRecord, InsuranceMonth, Application]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_demo_loader_is_idempotent(capsys):
    call_command("load_demo")
    first = counts()

    call_command("load_demo")

    assert counts() == first
    assert first["User"] > 60


def test_demo_data_is_realistic_and_valid_by_checksum():
    call_command("load_demo")

    applicants = User.objects.filter(role=Role.APPLICANT)
    assert 55 <= applicants.count() <= 70
    assert all(validate_id_number(user.id_number) == user.id_number for user in applicants)
    assert all(validate_credit_code(unit.credit_code) == unit.credit_code for unit in Unit.objects.all())
    assert not User.objects.filter(is_demo=False).exists() and not Unit.objects.filter(is_demo=False).exists()
    assert Unit.objects.filter(region__level__in=["township", "subdistrict"]).count() >= 3
    assert set(Committee.objects.values_list("region_level", flat=True)) == {"district", "city", "province"}
    assert TitleRecord.objects.exclude(origin="yunnan").exists()
    assert set(Education.objects.values_list("degree", flat=True)) >= {"college", "bachelor", "master"}
    assert InsuranceMonth.objects.exclude(city="昆明市").exists()
    assert {role for role in User.objects.values_list("role", flat=True)} == set(Role.values)


def test_demo_accounts_printed_one_per_role(capsys):
    call_command("load_demo")

    output = capsys.readouterr().out

    for role in Role:
        assert role.label in output


def test_demo_has_applications_at_several_steps_and_an_intact_trail():
    from zhicheng.audit.verify import verify_chain

    call_command("load_demo")

    states = set(Application.objects.values_list("state", flat=True))
    assert {"submitted", "returned", "employer_approved"} <= states
    assert len(states) >= 4
    assert verify_chain().ok


def test_demo_replays_a_complete_2022_year_with_a_meeting_and_certificates():
    from zhicheng.certificates.models import Certificate
    from zhicheng.meetings.models import Meeting
    from zhicheng.review.models import ReviewPlan

    call_command("load_demo")

    plans = ReviewPlan.objects.filter(year=2022)
    assert set(plans.values_list("committee__region_level", flat=True)) == {"district", "city", "province"}
    city = plans.get(committee__region_level="city")
    assert city.notice.published_on is not None and city.pre_meeting_filing.acknowledged
    meeting = Meeting.objects.get(plan=city)
    assert meeting.state == "confirmed" and meeting.minutes_signed_at is not None
    certificates = Certificate.objects.filter(application__plan=city)
    assert certificates.count() >= 1
    assert all(c.confirmed_on.year == 2022 for c in certificates)
    assert Application.objects.filter(plan=city, state="not_passed").exists()
