from zhicheng.accounts.models import Region, Role, Unit


def unread_notifications(request):
    """The number shown beside 消息 in the header: one count query per page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": user.notifications.filter(read_at__isnull=True).count()}


# the region's id and those above it, read with the unit in one query (昆明市's hierarchy
# is four deep: 省 → 市 → 区县 → 乡镇); a deeper one is walked on from the last
ANCESTORS = ("region_id", "region__parent_id", "region__parent__parent_id", "region__parent__parent__parent_id",
             "region__parent__parent__parent__parent_id")


def own_region_chain(user) -> list[int]:
    """Where a person belongs, and the regions above it, nearest first: an applicant by the
    unit of the contract, staff by their unit."""
    if user.role == Role.APPLICANT:
        from zhicheng.profiles.models import ApplicantProfile

        row = ApplicantProfile.objects.filter(user=user).values_list(*(f"contract_unit__{name}" for name in ANCESTORS)).first()
    elif user.unit_id is not None:
        row = Unit.objects.filter(pk=user.unit_id).values_list(*ANCESTORS).first()
    else:
        row = None
    chain = [pk for pk in (row or ()) if pk is not None]
    if len(chain) == len(ANCESTORS):  # deeper than read: walk on from the last one read
        region = Region.objects.get(pk=chain.pop())
        while region is not None:
            chain.append(region.pk)
            region = region.parent
    return chain


def bureau_of(chain: list[int]) -> Unit | None:
    """The HR bureau a region's people turn to: the nearest at or above the region."""
    bureaus = {unit.region_id: unit for unit in Unit.objects.filter(is_hr_bureau=True, region_id__in=chain)}
    return next((bureaus[pk] for pk in chain if pk in bureaus), None)


def region_bureau(request):
    """The foot of every page: the bureau of the person's own region, its department and
    phone (two queries)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    chain = own_region_chain(user)
    return {"contact_bureau": bureau_of(chain) if chain else None}
