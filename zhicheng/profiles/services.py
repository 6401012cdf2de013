"""State changes of the profile: each one function, each in one transaction."""

from django.db import transaction

from zhicheng.accounts.models import Role, User

from .models import ApplicantProfile


@transaction.atomic
def applicant_register(*, real_name: str, id_number: str, mobile: str, password: str) -> User:
    """申报人注册: the account and its empty profile come into being together."""
    user = User.objects.create_user(
        mobile=mobile, password=password, real_name=real_name, id_number=id_number, role=Role.APPLICANT
    )
    ApplicantProfile.objects.create(user=user)
    return user


@transaction.atomic
def profile_basic_update(*, profile: ApplicantProfile, form) -> ApplicantProfile:
    form.save()
    user = profile.user
    user.mobile = form.cleaned_data["mobile"]
    user.email = form.cleaned_data["email"]
    user.save(update_fields=["mobile", "email"])
    return profile


@transaction.atomic
def profile_record_save(*, profile: ApplicantProfile, section, form):
    return section.save(profile, form)


@transaction.atomic
def profile_record_delete(*, record) -> None:
    record.delete()
