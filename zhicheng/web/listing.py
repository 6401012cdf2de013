"""One way to list: every list page filters, sorts and paginates its queryset here, from the
query string, and renders the result with the ``web/_list_controls.html`` and
``web/_pagination.html`` partials.

A value that is not one of the offered choices (an old bookmark, a hand-edited address) is
ignored and the filter shows 全部; a page number past the end shows the last page.  Nothing
here raises on bad input."""

from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Func, IntegerField, Lookup, OuterRef, QuerySet, Subquery, Window, prefetch_related_objects
from django.db.models.sql.where import WhereNode
from django.template.loader import render_to_string
from django.utils.choices import CallableChoiceIterator
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

from zhicheng.prepared import ByKeys, PreparedRead, PreparedValues

PER_PAGE = 50
FORM_ROWS_PER_PAGE = 20  # where each row carries a form
COMMITTEES_PER_PAGE = 10  # where each row is a committee's card with lists of its own


@dataclass(frozen=True)
class Filter:
    """One filter offered above a list.  ``choices`` (called per request, so it may depend on
    the person) makes it a drop-down; without choices it is a text box matched by ``lookup``
    (use a ``__startswith`` lookup where an index should serve it)."""

    key: str
    label: str
    lookup: str
    choices: Callable[..., list[tuple[str, str]]] | None = None

    def options(self, request) -> list[tuple[str, str]] | None:
        """The choices, read once a request however many lists on the page offer them."""
        if self.choices is None:
            return None
        read = request.__dict__.setdefault("_list_choices", {})
        if self.choices not in read:
            read[self.choices] = [(str(value), str(label)) for value, label in self.choices(request)]
        return read[self.choices]


@dataclass(frozen=True)
class Sort:
    """One order offered for a list."""

    key: str
    label: str
    order: tuple  # field names or expressions, as order_by takes them

    def ordering(self, queryset: QuerySet, filtered: bool) -> tuple[tuple, int | None]:
        """The order for the rows of ``queryset``, and their number where it was read to choose
        the order (None: they are counted with the keys of the page, see :func:`counted_keys`)."""
        return self.order, None


# From how many rows a list sorted by name is paged by walking the index on the names: the walk
# reads about (all accounts ÷ the list's rows) names a row of the page, the sort every row.
WALK_NAMES_FROM = 2000


@dataclass(frozen=True)
class NameSort(Sort):
    """By the real name of the person at the path ``person`` ("applicant", "profile__user"),
    ``order`` being that name through the join.  Unfiltered, the rows are counted first, on
    their own table (from an index); a long list then finds its page walking the index on the
    names through the join until a page of its rows is found, a shorter one (or a filtered
    one, whose rows are counted with the keys) sorts its own rows by each one's name looked
    up through the users' primary key."""

    person: str

    def ordering(self, queryset: QuerySet, filtered: bool) -> tuple[tuple, int | None]:
        from zhicheng.accounts.models import User

        count = None if filtered else queryset.order_by().count()
        if count is not None and count >= WALK_NAMES_FROM:
            return self.order, count
        name = User.objects.filter(pk=OuterRef(f"{self.person}_id")).order_by().values("real_name")
        return (Subquery(name).asc(),), count


def by_name(key: str, label: str, person: str) -> NameSort:
    return NameSort(key, label, (f"{person}__real_name",), person)


@dataclass
class Control:
    key: str
    label: str
    value: str
    options: list[tuple[str, str]] | None

    @property
    def option_tags(self) -> SafeString:
        """The drop-down's options, the chosen one selected: joined here rather than a
        template loop with a test per option (a page offers several menus of many choices)."""
        return mark_safe("".join(
            f'<option value="{conditional_escape(value)}"{" selected" if value == self.value else ""}>{conditional_escape(label)}</option>'
            for value, label in self.options or ()))


@dataclass
class Listing:
    page: object
    controls: list[Control]
    sorts: list[Sort]
    sort: str
    prefix: str
    query: dict = field(default_factory=dict)

    @property
    def rows(self):
        return self.page.object_list

    @property
    def filtered(self) -> bool:
        return any(control.value for control in self.controls)

    def page_url(self, number: int) -> str:
        kept = {key: value for key, value in self.query.items() if key != self.page_key}
        return "?" + urlencode({**kept, self.page_key: number})

    @property
    def previous_url(self) -> str | None:
        return self.page_url(self.page.previous_page_number()) if self.page.has_previous() else None

    @property
    def next_url(self) -> str | None:
        return self.page_url(self.page.next_page_number()) if self.page.has_next() else None

    @property
    def sort_key(self) -> str:
        return self.prefix + "sort"

    @property
    def page_key(self) -> str:
        return self.prefix + "page"

    @property
    def kept(self) -> list[tuple[str, str]]:
        """Query-string values of other lists on the same page, kept when this one is filtered."""
        own = {self.prefix + c.key for c in self.controls} | {self.sort_key, self.page_key}
        return [(key, value) for key, value in self.query.items() if key not in own]


def listing(request, queryset: QuerySet, *, filters=(), sorts=(), prefix="", per_page=PER_PAGE,
            columns: tuple[str, ...] | None = None, read: "RowsByKey | None" = None) -> Listing:
    """The page of ``queryset`` the query string asks for: filtered by ``filters``, ordered by
    the chosen ``sorts`` entry (the first is the default), ``per_page`` rows with counts.
    With ``columns`` the rows are :class:`Row` objects of those columns only, not model
    instances (see :func:`value_rows`); with ``read`` they are the model instances it reads
    by their keys, and ``queryset`` only finds the keys.  ``queryset`` may also be a
    sequence, paged as it is: ``range(n)`` pages a list of ``n`` rows whose caller reads each
    page's rows itself."""
    query = {key: value for key, value in request.GET.items() if value}
    controls = []
    for spec in filters:
        value = request.GET.get(prefix + spec.key, "").strip()[:100]
        options = spec.options(request)
        if options is not None and value not in {option for option, _ in options}:
            value = ""
        if value:
            queryset = queryset.filter(**{spec.lookup: value})
        controls.append(Control(spec.key, spec.label, value, options))
    chosen = request.GET.get(prefix + "sort", "")
    sort = next((s for s in sorts if s.key == chosen), sorts[0] if sorts else None)
    filtered = any(control.value for control in controls)
    count = None
    if sort is not None:
        order, count = sort.ordering(queryset, filtered)
        queryset = queryset.order_by(*order, "-pk")
    as_first_shown = not filtered and (sort is None or sort is sorts[0])
    page = paginate(queryset, per_page, request.GET.get(prefix + "page"), count, columns=columns, read=read,
                    as_first_shown=as_first_shown)
    return Listing(page=page, controls=controls, sorts=list(sorts), sort=sort.key if sort else "", prefix=prefix, query=query)


def paginate(rows, per_page: int, number, count: int | None = None, columns: tuple[str, ...] | None = None,
             read: "RowsByKey | None" = None, as_first_shown: bool = False):
    """The page ``number`` of ``rows`` (``count`` of them, when known).  A queryset is paged
    by its keys first — sorted and cut to one page on its own table and the sort's columns —
    and only that page's rows are then loaded with everything they join, by their keys alone:
    as value rows of ``columns`` or by ``read``.  So a long list never joins all its rows, and
    the SQL that loads them is built once a connection.  Without ``count`` the page's keys are
    read with the number of all rows (see :func:`counted_keys`; ``as_first_shown``: the list
    as it is first shown, unfiltered and in its first order)."""
    if not isinstance(rows, QuerySet):
        return Paginator(rows, per_page).get_page(number)
    paginator = Paginator(rows.values_list("pk", flat=True), per_page)
    keys = None
    if count is None:
        count, keys = counted_keys(rows, per_page, number, as_first_shown)
    if count is not None:
        paginator.count = count  # the cached property, given
    page = paginator.get_page(number)
    keys = list(page.object_list) if keys is None else keys
    # read by their keys alone: they were found with the list's own filters
    if columns is not None:
        loaded = {row.pk: row for row in value_rows(rows.model, keys, columns)}
    elif read is not None:
        loaded = {row.pk: row for row in read(keys)}
    else:
        raise TypeError("a list of a queryset says what its rows show: columns or read")
    # a row deleted between the two reads is left out, not an error
    page.object_list = [loaded[key] for key in keys if key in loaded]
    return page


def counted_keys(rows: QuerySet, per_page: int, number, as_first_shown: bool = False) -> tuple[int | None, list | None]:
    """The number of ``rows`` and the keys of the page ``number`` asks for, in one query,
    where that page has rows or is the first; otherwise (a number past the end or below 1,
    which Paginator answers with the last page) ``(None, None)``, and the count and the page
    are read as Paginator does.

    A list as it is first shown (``as_first_shown``: unfiltered, in its first order) whose
    rows are found by their own columns alone is what its index is made for: its rows are
    counted by a subquery that depends on no row, which the database works out once for the
    statement from the index, and the page's keys are cut from the index in order only as far
    as the page goes.  Otherwise the rows are found once and counted as a window over them:
    where the index gives neither the filter nor the order, or finding the rows takes a query
    of its own (the plans of an office, the regions under a bureau, a test that something
    exists), counting them apart would find them twice."""
    try:
        first = (int(number) - 1) * per_page
    except (TypeError, ValueError):
        first = 0  # Paginator shows the first page for anything that is not a number
    if first < 0 or rows.query.distinct or rows.query.combinator:
        return None, None
    if not as_first_shown or _found_by_queries(rows.query.where):
        count = Window(Count("*"))
    else:  # (a COUNT(*) of its own, not the ORM's aggregate, which would group the rows)
        count = Subquery(rows.order_by().annotate(listed_rows=Func(template="COUNT(*)", output_field=IntegerField()))
                         .values("listed_rows"))
    found = list(rows.annotate(listed_rows=count).values_list("pk", "listed_rows")[first:first + per_page])
    if found:
        return found[0][1], [key for key, _ in found]
    return (0, []) if first == 0 else (None, None)


def _found_by_queries(where) -> bool:
    """Whether a condition of ``where`` (a queryset's WHERE) is, or compares with, a query or
    SQL of its own, rather than a column with values."""
    for child in where.children:
        if isinstance(child, WhereNode):
            if _found_by_queries(child):
                return True
        elif not isinstance(child, Lookup) or hasattr(child.rhs, "as_sql") or child.lhs.contains_subquery:
            return True
    return False


class Row:
    """One row of a list read as values: ``a.applicant.real_name`` is the value of the column
    ``applicant__real_name``, as on the model instance the template would otherwise be given
    (building which, with the instances it joins, costs more than the rest of the row's work).
    A column through a relation that is empty is left out, as the template would find
    nothing there either.  An application's row also has its ``title_name``.

    A template looks a name up as a key before it tries it as an attribute: a row answers
    that first try with its column (a missing one is a ``KeyError``, and the template goes
    on to find nothing, as before), instead of refusing it with an exception that the
    template catches on every cell."""

    def __getitem__(self, name):
        return self.__dict__[name]

    def __repr__(self):
        return f"Row({self.__dict__})"


class RowsByKey:
    """What a list shows of each of its rows, read by the keys of its page alone (see
    :func:`listing`): ``build()`` is the model's queryset with the joins, columns and
    annotations a row shows, read as a prepared read for each number of keys (its SQL built
    once a connection, as :func:`value_rows` reads its columns), while the list's own
    queryset only finds the page's keys, with its filters and order.  ``prefetch``: the
    related lists each row shows, read for the page's rows together afterwards, as
    ``prefetch_related`` would."""

    def __init__(self, build: Callable[[], QuerySet], prefetch: tuple[str, ...] = ()):
        self.read = ByKeys(PreparedRead, lambda keys: build().order_by().filter(pk__in=keys))
        self.prefetch = prefetch

    def __call__(self, keys: list[int]) -> list:
        if not keys:
            return []
        rows = self.read(keys)
        if self.prefetch:
            prefetch_related_objects(rows, *self.prefetch)
        return rows


def value_rows(model, keys: list[int], columns: tuple[str, ...]) -> list[Row]:
    """The rows of ``model`` with the keys ``keys``, each with its ``pk`` and ``columns``
    (paths with ``__``), in no particular order.  A column with choices also gives the row
    its label, as ``get_<name>_display`` would on the model instance.  Read as a prepared
    read (the SQL written once a connection for each model, columns and number of keys):
    every list page asks it."""
    if not keys:
        return []
    shape = _SHAPES.get((model, columns)) or _SHAPES.setdefault((model, columns), _RowShape(model, columns))
    return shape.rows(keys)


class _RowShape:
    """How the rows of ``model`` with ``columns`` are read and built, worked out once a process:
    the prepared read for each number of keys, each column's path and its choices' labels,
    and the rows (or the rows they join, ``application__series``) that are an application's,
    which get their ``title_name``: those with a series and a level."""

    def __init__(self, model, columns: tuple[str, ...]):
        self.model, self.columns = model, columns
        self.read = ByKeys(PreparedValues, lambda keys: model._default_manager.order_by().filter(pk__in=keys).values_list(
            "pk", *columns))
        self.paths = [column.split("__") for column in columns]
        self.fields = [_field(model, path) for path in self.paths]
        self.displays = [f"get_{path[-1]}_display" for path in self.paths]  # where a column has choices
        # the labels of fixed choices, once; those of choices a function gives (the series in force), each time
        self.labels = [None if field.choices is None or isinstance(field.choices, CallableChoiceIterator) else _labels(field)
                       for field in self.fields]
        prefixes = [column[:-len("series")] for column in columns if column == "series" or column.endswith("__series")]
        self.titled = [prefix.split("__")[:-1] for prefix in prefixes if prefix + "level" in columns]

    def rows(self, keys: list[int]) -> list[Row]:
        from zhicheng.catalog.models import title_name

        titles = {}
        rows = []
        labels_now = [_labels(field) if labels is None and field.choices is not None else labels
                      for field, labels in zip(self.fields, self.labels)]
        for values in self.read(keys):
            row = Row()
            row.pk = values[0]
            for path, labels, display, value in zip(self.paths, labels_now, self.displays, values[1:]):
                if value is None and len(path) > 1:
                    continue
                target = row
                for name in path[:-1]:
                    target = target.__dict__.get(name) or target.__dict__.setdefault(name, Row())
                setattr(target, path[-1], value)
                if labels is not None:
                    setattr(target, display, labels.get(value, value))
            for path in self.titled:
                target = row
                for name in path:
                    target = getattr(target, name)
                pair = (target.series, target.level)
                if pair not in titles:
                    titles[pair] = title_name(*pair)
                target.title_name = titles[pair]
            rows.append(row)
        return rows


def _field(model, path: list[str]):
    """The field at ``path`` from ``model``."""
    for name in path[:-1]:
        model = model._meta.get_field(name).related_model
    return model._meta.pk if path[-1] == "pk" else model._meta.get_field(path[-1])


def _labels(field) -> dict:
    """The labels of ``field``'s choices, by value."""
    return {value: str(label) for value, label in field.flatchoices}


# how value_rows reads and builds rows, by model and columns
_SHAPES: dict[tuple, _RowShape] = {}


class RowForm:
    """The unbound form a list repeats on every row (a decision, a revocation), rendered once
    a process (its HTML depends on nothing a request has): each row gets that HTML with its
    own key in the fields' ids and its own values in the hidden fields, the same HTML a form
    of its own would give.

    ``auto_id`` has ``{}`` where the row's key goes (``"revoke{}_%s"``); ``hidden`` names the
    hidden fields whose value each row gives to :meth:`for_row`."""

    KEY = "__row_key__"

    def __init__(self, form_class, *, auto_id: str, hidden=(), template="web/_form_fields.html"):
        self.form_class, self.auto_id, self.template = form_class, auto_id, template
        self.hidden = tuple(hidden)

    @cached_property
    def html(self) -> str:
        form = self.form_class(initial={name: self._slot(name) for name in self.hidden}, auto_id=self.auto_id.format(self.KEY))
        return render_to_string(self.template, {"form": form})

    @staticmethod
    def _slot(name: str) -> str:
        return f"__row_{name}__"

    def for_row(self, key, **values) -> SafeString:
        html = self.html.replace(self.KEY, str(key))
        for name in self.hidden:
            html = html.replace(self._slot(name), escape(values[name]))
        return mark_safe(html)


# -- the filters people expect on a list of applications ----------------------------------------

def _states(request):
    from zhicheng.applications.models import State

    return [(value, label) for value, label in State.choices if value != State.DRAFT]


def _series(request):
    from zhicheng.catalog.models import series_choices

    return series_choices()


def _specialties(request):
    return [(pk, f"{name}") for pk, name in _SPECIALTIES()]


def _years(request):
    return [(year, f"{year}年度") for year in _YEARS()]


def _specialty_choices():
    from zhicheng.catalog.models import Specialty

    return Specialty.objects.order_by("series", "name").values_list("pk", "name")


def _plan_years():
    from zhicheng.review.models import ReviewPlan

    return ReviewPlan.objects.order_by("-year").values_list("year", flat=True).distinct()


# read on every page of a list of applications: their SQL is written once a connection
_SPECIALTIES, _YEARS = PreparedValues(_specialty_choices), PreparedValues(_plan_years)


APPLICATION_FILTERS = {
    "name": Filter("name", "申报人姓名", "applicant__real_name__startswith"),
    "unit": Filter("unit", "用人单位", "employer__name__contains"),
    "state": Filter("state", "状态", "state", _states),
    "series": Filter("series", "系列", "series", _series),
    "specialty": Filter("specialty", "专业", "specialty_id", _specialties),
    "year": Filter("year", "年度", "plan__year", _years),
}

APPLICATION_SORTS = {
    "state": Sort("state", "按状态", ("state", "-submitted_at")),
    "submitted": Sort("submitted", "提交时间（最新在前）", ("-submitted_at",)),
    "name": by_name("name", "申报人姓名", "applicant"),
}


def application_filters(*keys):
    return [APPLICATION_FILTERS[key] for key in keys]


def application_sorts(*keys):
    return [APPLICATION_SORTS[key] for key in keys]


class EstimatedCountPaginator(Paginator):
    """For the administration's lists of very large tables (the audit trail): without a
    filter the count is PostgreSQL's own estimate of the table's rows, not a scan of all of
    them; with a filter, or on another database, it is the exact count."""

    @cached_property
    def count(self):
        return self._estimated() or Paginator.count.func(self)

    def _estimated(self) -> int | None:
        from django.db import connections

        queryset = self.object_list
        if not isinstance(queryset, QuerySet) or queryset.query.where:
            return None
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [queryset.model._meta.db_table])
            row = cursor.fetchone()
        # below a hundred thousand rows the exact count is cheap and more useful
        return int(row[0]) if row and row[0] >= 100_000 else None
