"""Accounts made by someone else: staff accounts come from an administrator or a bureau."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhicheng.transactions import atomic

from .models import Role, Unit, User

# Roles a bureau may give, to people of units in its own jurisdiction.
BUREAU_GRANTABLE_ROLES = (Role.EMPLOYER, Role.EXPERT)
INITIAL_PASSWORD_BYTES = 9


def units_in_jurisdiction(bureau_officer: User):
    return Unit.objects.filter(region_id__in=bureau_officer.unit.region.subtree_ids(), is_hr_bureau=False)


@atomic
def staff_account_create(*, created_by: User, real_name: str, mobile: str, role: str, unit: Unit) -> tuple[User, str]:
    """开设单位经办人或专家账号.  Returns the account and its one-time initial password,
    which is shown once to the officer who hands it over and stored only as a hash."""
    if role not in BUREAU_GRANTABLE_ROLES or not units_in_jurisdiction(created_by).filter(pk=unit.pk).exists():
        raise PermissionError("只能为本辖区单位开设用人单位经办人或评审专家账号")
    password = secrets.token_urlsafe(INITIAL_PASSWORD_BYTES)
    user = User(mobile=mobile, real_name=real_name, role=role, unit=unit)
    user.set_password(password)
    user.password_handed_over()
    user.save()
    return user, password


def password_change_reason(user: User) -> str:
    """Why this person must change the password before going on, or "" if not."""
    if user.must_change_password:
        return "您正在使用他人设置的初始密码或重置密码，请先设置只有您自己知道的新密码"
    max_age = settings.STAFF_PASSWORD_MAX_AGE_DAYS
    if max_age and user.role != Role.APPLICANT:
        changed = user.password_changed_at or user.date_joined
        if timezone.now() - changed > timedelta(days=max_age):
            return f"工作人员的密码每{max_age}天须更换一次，您的密码已到期，请设置新密码"
    return ""


def personal_data_reveal(*, person: User, fields: tuple[str, ...], actor: User, address: str = "") -> dict[str, str]:
    """The full numbers behind the masks, for someone the caller has checked may see the
    person; every reveal is an event in the trail (PIPL: minimum necessary)."""
    from zhicheng.audit.trail import record_event

    with transaction.atomic():
        record_event(action="personal_data.reveal", subject=person, actor=actor, address=address,
                     details={"fields": list(fields)})
    return {field: getattr(person, field) or "" for field in fields}
