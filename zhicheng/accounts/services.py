"""Accounts made by someone else: staff accounts come from an administrator or a bureau."""

import secrets

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
    user = User.objects.create_user(mobile=mobile, password=password, real_name=real_name, role=role, unit=unit)
    return user, password
