"""Querysets compiled to SQL once per process, then run again with new values.

Django builds and compiles a queryset into SQL on every run. For the few queries
that every page the cache misses runs, that costs more than the query itself: a
post's comments, with the visibility rule's conditions, took 1.2 ms to build
and compile and well under that to run (docs/performance.md). A ``Statement``
is built from the ORM once per database, with stand-in values, so that its SQL
is still the ORM's (the models' columns, the visibility rule's ``Q`` objects);
each run then sends that SQL with the real values in the stand-ins' places, and
reads its rows through the same converters the ORM would apply.

Only for querysets whose SQL does not depend on their values: each value must
be one the ORM sends as a parameter (an ``int`` or a ``str`` compared with a
column), never one it writes into the SQL (a slice, an empty list, None). A
stand-in that does not come out as a parameter makes the first run fail, so a
change that breaks this shows in the tests. A slice is asked for with
``limit`` and ``offset``, sent as parameters too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections, router
from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slots: tuple[int | None, ...]  # per parameter: the value's position, or None: a constant
    constants: tuple[Any, ...]
    converters: tuple[tuple[int, tuple[Any, ...], Any], ...]  # position, converters, column


class Statement:
    """``build(*values)`` makes a ``values_list`` queryset; ``rows(*values)`` runs it,
    ``count(*values)`` counts its rows."""

    def __init__(self, model: type[Model], build: Callable[..., QuerySet[Any, Any]]) -> None:
        self.model = model
        self.build = build
        self._compiled: dict[tuple[str, tuple[type, ...], bool], _Compiled] = {}
        self._lock = threading.Lock()

    def rows(
        self, *values: int | str, limit: int | None = None, offset: int = 0
    ) -> list[tuple[Any, ...]]:
        using = router.db_for_read(self.model)
        compiled = self._compiled_for(using, values, limit is not None)
        params = self._params(compiled, values)
        if limit is not None:
            params += [limit, offset]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            found = cursor.fetchall()
        if not compiled.converters:
            return found
        return [_converted(row, compiled.converters, connection) for row in found]

    def _compiled_for(self, using: str, values: tuple[int | str, ...], sliced: bool) -> _Compiled:
        key = (using, tuple(type(value) for value in values), sliced)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compile(using, values, sliced)
            with self._lock:
                self._compiled[key] = compiled
        return compiled

    @staticmethod
    def _params(compiled: _Compiled, values: tuple[int | str, ...]) -> list[Any]:
        return [
            compiled.constants[index] if slot is None else values[slot]
            for index, slot in enumerate(compiled.slots)
        ]

    def count(self, *values: int | str) -> int:
        """How many rows ``rows(*values)`` would give, counted in the database."""
        using = router.db_for_read(self.model)
        compiled = self._compiled_for(using, values, False)
        counting = f"SELECT COUNT(*) FROM ({compiled.sql}) counted"  # noqa: S608 - the ORM's SQL
        with connections[using].cursor() as cursor:
            cursor.execute(counting, self._params(compiled, values))
            return int(cursor.fetchone()[0])

    def _compile(self, using: str, values: tuple[int | str, ...], sliced: bool) -> _Compiled:
        # Built twice, with two sets of stand-ins: a parameter that follows them is the
        # value's place, one that stays the same is the ORM's own constant.
        first, second = (
            [_stand_in(kind, position, value) for position, value in enumerate(values)]
            for kind in (0, 1)
        )
        sql, params, compiler = self._built(using, first)
        again, params_again, _compiler = self._built(using, second)
        if again != sql or len(params) != len(params_again):
            raise ValueError(f"the SQL depends on the values: {sql}")
        slots: list[int | None] = []
        for param, other in zip(params, params_again, strict=True):
            if param == other:
                slots.append(None)
            elif param in first and other in second and first.index(param) == second.index(other):
                slots.append(first.index(param))
            else:
                raise ValueError(f"a value is changed on its way into the SQL: {sql}")
        missing = set(range(len(values))) - set(slots)
        if missing:
            raise ValueError(f"values {sorted(missing)} are not parameters of the SQL: {sql}")
        if sliced:
            sql += " LIMIT %s OFFSET %s"
        columns = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
        converters = tuple(
            (position, tuple(functions), column)
            for position, (functions, column) in compiler.get_converters(columns).items()
        )
        return _Compiled(sql, tuple(slots), tuple(params), converters)

    def _built(self, using: str, stand_ins: list[int | str]) -> tuple[str, tuple[Any, ...], Any]:
        queryset = self.build(*stand_ins)
        if queryset.query.is_sliced:
            raise ValueError("a statement is sliced with limit and offset, not in its build")
        compiler = queryset.query.get_compiler(using)
        try:
            sql, params = compiler.as_sql()
        except (EmptyResultSet, FullResultSet) as error:
            raise ValueError("a stand-in value made the query trivial") from error
        return sql, tuple(params), compiler


def _converted(row: tuple[Any, ...], converters: Any, connection: Any) -> tuple[Any, ...]:
    """The row as the ORM reads it (``SQLCompiler.apply_converters``, with this thread's
    connection)."""
    values = list(row)
    for position, functions, column in converters:
        value = values[position]
        for function in functions:
            value = function(value, column, connection)
        values[position] = value
    return tuple(values)


def _stand_in(kind: int, position: int, value: int | str) -> int | str:
    """Within the range of every integer column (a small one's included), and unlike
    anything the ORM sends of its own: the two builds tell them apart anyway."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"a statement's values are ints or strs, not {type(value).__name__}")
    if isinstance(value, int):
        return 29_000 + 1_000 * kind + position
    return f"\x1fmadang-stand-in-{kind}-{position}\x1f"
