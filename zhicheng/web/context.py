from zhicheng.accounts.models import Region, Role, Unit


def unread_notifications(request):
    """The number shown beside 消息 in the header: one count query per page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": user.notifications.filter(read_at__isnull=True).count()}


def own_region_start(user) -> tuple[str, list] | None:
    """The SQL giving the region a person belongs to, with its parameters: an applicant's
    by the unit of the contract, staff's by their unit; None when there is none."""
    if user.role == Role.APPLICANT:
        from zhicheng.profiles.models import ApplicantProfile

        return (f"SELECT u.region_id FROM {ApplicantProfile._meta.db_table} p JOIN {Unit._meta.db_table} u"
                " ON u.id = p.contract_unit_id WHERE p.user_id = %s", [user.pk])
    if user.unit_id is not None:
        return f"SELECT region_id FROM {Unit._meta.db_table} WHERE id = %s", [user.unit_id]
    return None


# How far up a region's parents are followed (昆明市's hierarchy is four deep: 省 → 市 →
# 区县 → 乡镇; sub-districts below): a bound against a loop, far beyond any real depth.
MAX_REGION_DEPTH = 32


def bureau_of_person(user) -> Unit | None:
    """The HR bureau a person's people turn to: the nearest at or above the region the
    person belongs to, found in one query however deep the region (of two bureaus in one
    region, the last by name, as a list by name read into a map by region would keep)."""
    start = own_region_start(user)
    if start is None:
        return None
    sql, params = start
    found = list(Unit.objects.raw(
        f"WITH RECURSIVE chain (id, parent_id, depth) AS ("
        f" SELECT r.id, r.parent_id, 0 FROM {Region._meta.db_table} r WHERE r.id = ({sql})"
        f" UNION ALL SELECT r.id, r.parent_id, chain.depth + 1 FROM {Region._meta.db_table} r"
        f" JOIN chain ON r.id = chain.parent_id WHERE chain.depth < %s)"
        f" SELECT u.* FROM {Unit._meta.db_table} u JOIN chain ON u.region_id = chain.id"
        f" WHERE u.is_hr_bureau ORDER BY chain.depth, u.name DESC, u.id DESC LIMIT 1",
        [*params, MAX_REGION_DEPTH]))
    return found[0] if found else None


def region_bureau(request):
    """The foot of every page: the bureau of the person's own region, its department and
    phone (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"contact_bureau": bureau_of_person(user)}
