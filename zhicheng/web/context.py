from django.db import connection

from zhicheng.accounts.models import Region, Role, Unit


def unread_notifications(request):
    """The number shown beside 消息 in the header: one count query per page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": user.notifications.filter(read_at__isnull=True).count()}


def nearest_bureau(user) -> Unit | None:
    """The HR bureau a person's region turns to: the nearest at or above the region where
    the person belongs (an applicant by the unit of the contract, staff by their unit), the
    regions above it walked in the same query, however deep."""
    region, unit = connection.ops.quote_name(Region._meta.db_table), connection.ops.quote_name(Unit._meta.db_table)
    if user.role == Role.APPLICANT:
        from zhicheng.profiles.models import ApplicantProfile

        profile = connection.ops.quote_name(ApplicantProfile._meta.db_table)
        start = f"SELECT u.region_id, 0 FROM {profile} p INNER JOIN {unit} u ON u.id = p.contract_unit_id WHERE p.user_id = %s"
        key = user.pk
    elif user.unit_id is not None:
        start, key = f"SELECT region_id, 0 FROM {unit} WHERE id = %s", user.unit_id
    else:
        return None
    # of two bureaus in one region, the last by name (as when they were read into a dict by region)
    found = list(Unit.objects.raw(
        f"WITH RECURSIVE chain(id, depth) AS ({start} UNION ALL "
        f"SELECT r.parent_id, chain.depth + 1 FROM {region} r INNER JOIN chain ON r.id = chain.id WHERE r.parent_id IS NOT NULL AND chain.depth < 50) "
        f"SELECT b.* FROM {unit} b INNER JOIN chain ON b.region_id = chain.id WHERE b.is_hr_bureau "
        "ORDER BY chain.depth, b.name DESC LIMIT 1", [key]))
    return found[0] if found else None


def region_bureau(request):
    """The foot of every page: the bureau of the person's own region, its department and
    phone (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"contact_bureau": nearest_bureau(user)}
