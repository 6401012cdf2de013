"""Reads asked on nearly every request, whose SQL the ORM writes once per connection.

Building a query is most of what a small read costs in Django (filters, joins, the column
list, compiling): for the signed-in person or the application a form belongs to, that is
the same SQL every time with other keys.  A `PreparedRead` has the ORM build its queryset
once, with stand-ins for the keys, keeps the SQL, and then sends it with the real keys and
turns the rows into model instances as the ORM does (related rows read with it, deferred
fields, the database's converters).  A `PreparedValues` does the same for a
``values_list`` queryset, whose rows are tuples of its columns.

Keys are integers, strings or dates.  Integers and strings are passed to the database as
they are; a date as the database's backend adapts a date field's value.  So each stand-in
is found in the parameters exactly, once or more (a day a query compares twice).
"""

import datetime

from django.db import connection
from django.db.models import QuerySet
from django.db.models.query import FlatValuesListIterable, ValuesListIterable, get_related_populators

# the n-th key the SQL is built with, by type: values no row has (an integer one is out of a small
# integer field's range, where the ORM drops the comparison: such a key is refused when the SQL is built)
STAND_INS = {
    int: lambda n: -7_300_001 - n,
    str: lambda n: f"<key {n + 1}>",
    datetime.date: lambda n: datetime.date(1001, 1, 1) + datetime.timedelta(days=n),
}


def first_of(queryset: QuerySet) -> QuerySet:
    """The queryset's first row as ``first()`` reads it (a list of one or none)."""
    return (queryset if queryset.ordered else queryset.order_by("pk"))[:1]


def _as_parameter(key):
    return connection.ops.adapt_datefield_value(key) if type(key) is datetime.date else key


class _Prepared:
    """A queryset built once a connection with stand-ins for its keys (see the module)."""

    def __init__(self, build, key_types: tuple[type, ...] = ()):
        self.build, self.key_types = build, key_types
        self.stand_ins = [STAND_INS[kind](n) for n, kind in enumerate(key_types)]

    def _sent(self, keys) -> list:
        """The rows of the SQL with ``keys`` in their places, and what the reader kept with it."""
        assert tuple(map(type, keys)) == self.key_types
        compiler, sql, params, positions, kept = self._prepared()
        params = list(params)
        for places, key in zip(positions, keys):
            value = _as_parameter(key)
            for position in places:
                params[position] = value
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return compiler, rows, kept

    def _prepared(self):
        # per connection: each thread has its own, and the converters are its database's
        prepared = connection.__dict__.setdefault("_prepared_reads", {})
        if self not in prepared:
            queryset = self.build(*self.stand_ins)
            compiler = queryset.query.get_compiler(using=queryset.db)
            sql, params = compiler.as_sql()
            positions = []
            for stand_in in map(_as_parameter, self.stand_ins):
                places = [position for position, value in enumerate(params) if type(value) is type(stand_in) and value == stand_in]
                assert places, "a key the SQL does not carry as a parameter"
                positions.append(places)
            prepared[self] = (compiler, sql, tuple(params), positions, self._keep(queryset, compiler))
        return prepared[self]

    def _keep(self, queryset, compiler):
        raise NotImplementedError


class PreparedRead(_Prepared):
    """``build(*keys)``: the queryset for ``keys`` (of the types ``key_types``); calling
    the read with the keys gives its rows as model instances (a list), each with the
    queryset's annotations as attributes."""

    def __call__(self, *keys) -> list:
        compiler, rows, (init_list, populators, (model, start, end), converters, annotations) = self._sent(keys)
        found = []
        for row in compiler.apply_converters(rows, converters) if converters else rows:
            instance = model.from_db(connection.alias, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in annotations:
                setattr(instance, name, row[position])
            found.append(instance)
        return found

    def _keep(self, queryset, compiler):
        assert not queryset._prefetch_related_lookups and not queryset._known_related_objects
        assert not compiler.has_extra_select
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        # the database's converters of each column, found once (as results_iter finds them)
        columns = [column[0] for column in select[:compiler.col_count]]
        assert not compiler.has_composite_fields(columns)
        return (
            [column[0].target.attname for column in select[start:end]],
            get_related_populators(klass_info, select, connection.alias), (klass_info["model"], start, end),
            compiler.get_converters(columns), tuple(compiler.annotation_col_map.items()),
        )


class ByKeys:
    """The rows with given keys, however many: ``build(keys)`` is their queryset, read as a
    prepared read of ``kind`` (:class:`PreparedRead` or :class:`PreparedValues`), one for
    each number of keys (a page of a list has up to its size)."""

    def __init__(self, kind: type[_Prepared], build):
        self.kind, self.build, self.reads = kind, build, {}

    def __call__(self, keys: list[int]) -> list:
        count = len(keys)
        read = self.reads.get(count)
        if read is None:
            read = self.reads[count] = self.kind(lambda *keys: self.build(keys), key_types=(int,) * count)
        return read(*keys)


class PreparedValues(_Prepared):
    """``build(*keys)``: a ``values_list`` queryset for ``keys`` (of the types ``key_types``);
    calling the read with the keys gives its rows as tuples (values, where ``flat``), as the
    queryset would."""

    def __call__(self, *keys) -> list:
        compiler, rows, (converters, flat) = self._sent(keys)
        if converters:
            rows = compiler.apply_converters(rows, converters)
        return [row[0] for row in rows] if flat else [tuple(row) for row in rows]

    def _keep(self, queryset, compiler):
        flat = queryset._iterable_class is FlatValuesListIterable
        assert flat or queryset._iterable_class is ValuesListIterable
        columns = [column[0] for column in compiler.select[:compiler.col_count]]
        assert not compiler.has_composite_fields(columns)
        return compiler.get_converters(columns), flat
