from zhicheng.accounts.models import Role, Unit


def unread_notifications(request):
    """The number shown beside 消息 in the header: one count query per page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": user.notifications.filter(read_at__isnull=True).count()}


def own_region(user):
    """Where a person belongs: an applicant by the unit of the contract, staff by their unit."""
    if user.role == Role.APPLICANT:
        profile = getattr(user, "profile", None)
        unit = profile.contract_unit if profile is not None else None
    else:
        unit = user.unit
    return unit.region if unit is not None else None


def bureau_of(region) -> Unit | None:
    """The HR bureau a region's people turn to: the nearest at or above the region."""
    chain = []
    while region is not None:
        chain.append(region.pk)
        region = region.parent
    bureaus = {unit.region_id: unit for unit in Unit.objects.filter(is_hr_bureau=True, region_id__in=chain)}
    return next((bureaus[pk] for pk in chain if pk in bureaus), None)


def region_bureau(request):
    """The foot of every page: the bureau of the person's own region, its department and phone."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    region = own_region(user)
    return {"contact_bureau": bureau_of(region) if region is not None else None}
