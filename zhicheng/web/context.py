from django.db import connection

from zhicheng.accounts.models import Region, Role, Unit
from zhicheng.applications.models import Notification
from zhicheng.web.listing import Row


def unread_notifications(request):
    """The number shown beside 消息 in the header (read with the footer's bureau)."""
    facts = page_facts(request)
    return {} if facts is None else {"unread_notifications": facts.unread}


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


class PageFacts:
    """What every page shows of the person besides their name: the unread messages and
    the bureau at the foot (its name, department and phone, as a light row)."""

    __slots__ = ("unread", "bureau")

    def __init__(self, unread: int, bureau: Row | None):
        self.unread, self.bureau = unread, bureau


# the columns of the bureau the foot of a page shows
BUREAU_COLUMNS = ("name", "contact_department", "contact_phone")


def page_facts(request) -> PageFacts | None:
    """The person's page facts, read once a request (one query); None when nobody is
    signed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    facts = getattr(request, "_page_facts", None)
    if facts is None:
        facts = request._page_facts = facts_of(user)
    return facts


def facts_of(user) -> PageFacts:
    """The count of unread messages and the HR bureau the person's people turn to — the
    nearest at or above the region the person belongs to, however deep (of two bureaus in
    one region, the last by name, as a list by name read into a map by region would keep)
    — in one query."""
    unread = (f"SELECT COUNT(*) FROM {Notification._meta.db_table} WHERE recipient_id = %s AND read_at IS NULL", [user.pk])
    start = own_region_start(user)
    if start is None:
        with connection.cursor() as cursor:
            cursor.execute(*unread)
            return PageFacts(cursor.fetchone()[0], None)
    sql, params = start
    regions, units = Region._meta.db_table, Unit._meta.db_table
    columns = ", ".join(f"u.{column}" for column in BUREAU_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE chain (id, parent_id, depth) AS ("
            f" SELECT r.id, r.parent_id, 0 FROM {regions} r WHERE r.id = ({sql})"
            f" UNION ALL SELECT r.id, r.parent_id, chain.depth + 1 FROM {regions} r"
            f" JOIN chain ON r.id = chain.parent_id WHERE chain.depth < %s),"
            f" bureau AS (SELECT u.id, {columns} FROM {units} u JOIN chain ON u.region_id = chain.id"
            f" WHERE u.is_hr_bureau ORDER BY chain.depth, u.name DESC, u.id DESC LIMIT 1)"
            f" SELECT ({unread[0]}) AS unread, bureau.* FROM (SELECT 1 AS one) AS page LEFT JOIN bureau ON 1 = 1",
            [*params, MAX_REGION_DEPTH, *unread[1]])
        count, key, *values = cursor.fetchone()
    if key is None:
        return PageFacts(count, None)
    bureau = Row()
    bureau.pk = key
    for column, value in zip(BUREAU_COLUMNS, values):
        setattr(bureau, column, value)
    return PageFacts(count, bureau)


def region_bureau(request):
    """The foot of every page: the bureau of the person's own region, its department and
    phone (read with the unread messages)."""
    facts = page_facts(request)
    return {} if facts is None else {"contact_bureau": facts.bureau}
