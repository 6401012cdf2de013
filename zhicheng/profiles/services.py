"""State changes of the profile: each one function, each in one transaction."""

from zhicheng.accounts.models import Role, User
from zhicheng.transactions import atomic

from .models import ApplicantProfile, Education, TitleRecord


@atomic
def applicant_register(*, real_name: str, id_number: str, mobile: str, password: str) -> User:
    """申报人注册: the account and its empty profile come into being together."""
    user = User.objects.create_user(
        mobile=mobile, password=password, real_name=real_name, id_number=id_number, role=Role.APPLICANT
    )
    ApplicantProfile.objects.create(user=user)
    return user


@atomic
def profile_basic_update(*, profile: ApplicantProfile, form) -> ApplicantProfile:
    form.save()
    user = profile.user
    user.mobile = form.cleaned_data["mobile"]
    user.email = form.cleaned_data["email"]
    user.save(update_fields=["mobile", "email"])
    return profile


class RecordLocked(Exception):
    """A record the applicant may not change: a title this system issued."""


def require_unlocked(record) -> None:
    if getattr(record, "issued_here", False):
        raise RecordLocked("该职称由本系统评审确认并发放电子证书，不能修改或删除；如有错误请联系人力资源社会保障部门")


@atomic
def profile_record_save(*, profile: ApplicantProfile, section, form):
    if form.instance.pk:
        require_unlocked(section.model.objects.get(pk=form.instance.pk))
    return section.save(profile, form)


@atomic
def profile_record_delete(*, record) -> None:
    require_unlocked(record)
    record.delete()


def latest_records(profile_ids) -> dict[int, dict]:
    """For each profile, the latest education's 学历 (its label) and the latest title (its
    name and when it was obtained), as a list of a unit's staff shows them; two queries of
    plain values, whatever the number of profiles."""
    from zhicheng.catalog.models import title_name

    degrees = dict(Education._meta.get_field("degree").flatchoices)
    latest: dict[int, dict] = {pk: {} for pk in profile_ids}
    for profile, degree in Education.objects.filter(profile_id__in=latest).order_by("profile_id", "-graduated_on").values_list(
            "profile_id", "degree"):
        latest[profile].setdefault("degree", degrees.get(degree, degree))
    for profile, series, level, obtained_on in TitleRecord.objects.filter(profile_id__in=latest).order_by(
            "profile_id", "-obtained_on").values_list("profile_id", "series", "level", "obtained_on"):
        if "title" not in latest[profile]:
            latest[profile].update(title=title_name(series, level), title_obtained_on=obtained_on)
    return latest
