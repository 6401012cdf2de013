"""Reads asked on nearly every request, whose SQL the ORM writes once per connection.

Building a query is most of what a small read costs in Django (filters, joins, the column
list, compiling): for the signed-in person or the application a form belongs to, that is
the same SQL every time with other keys.  A `PreparedRead` has the ORM build its queryset
once, with stand-ins for the keys, keeps the SQL, and then sends it with the real keys and
turns the rows into model instances as the ORM does (related rows read with it, deferred
fields, the database's converters).  Keys are integers or strings, passed to the database
as they are, so the stand-ins are found in the parameters exactly.
"""

from django.db import connection
from django.db.models import QuerySet
from django.db.models.query import get_related_populators

# the keys the SQL is built with, by type: values no row has
STAND_INS = {int: (-7_300_001, -7_300_002, -7_300_003), str: ("<key 1>", "<key 2>", "<key 3>")}


def first_of(queryset: QuerySet) -> QuerySet:
    """The queryset's first row as ``first()`` reads it (a list of one or none)."""
    return (queryset if queryset.ordered else queryset.order_by("pk"))[:1]


class PreparedRead:
    """``build(*keys)``: the queryset for ``keys`` (of the types ``key_types``); calling
    the read with the keys gives its rows as model instances (a list)."""

    def __init__(self, build, key_types: tuple[type, ...]):
        self.build, self.key_types = build, key_types
        self.stand_ins = [STAND_INS[kind][n] for n, kind in enumerate(key_types)]

    def __call__(self, *keys) -> list:
        assert tuple(map(type, keys)) == self.key_types
        compiler, sql, params, positions, init_list, populators, fields, converters = self._prepared()
        params = list(params)
        for position, key in zip(positions, keys):
            params[position] = key
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        model, start, end = fields
        found = []
        for row in compiler.apply_converters(rows, converters) if converters else rows:
            instance = model.from_db(connection.alias, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            found.append(instance)
        return found

    def _prepared(self):
        # per connection: each thread has its own, and the converters are its database's
        prepared = connection.__dict__.setdefault("_prepared_reads", {})
        if self not in prepared:
            queryset = self.build(*self.stand_ins)
            assert not queryset._prefetch_related_lookups and not queryset._known_related_objects
            compiler = queryset.query.get_compiler(using=queryset.db)
            sql, params = compiler.as_sql()
            assert not compiler.annotation_col_map and not compiler.has_extra_select
            assert all(params.count(stand_in) == 1 for stand_in in self.stand_ins)
            select, klass_info = compiler.select, compiler.klass_info
            start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            # the database's converters of each column, found once (as results_iter finds them)
            columns = [column[0] for column in select[:compiler.col_count]]
            assert not compiler.has_composite_fields(columns)
            prepared[self] = (
                compiler, sql, tuple(params), [params.index(stand_in) for stand_in in self.stand_ins],
                [column[0].target.attname for column in select[start:end]],
                get_related_populators(klass_info, select, connection.alias), (klass_info["model"], start, end),
                compiler.get_converters(columns),
            )
        return prepared[self]
