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

from django.db import connections, router
from django.db.models import Model, QuerySet

# Stand-ins: values no caller sends, one per position, by type.
_INT_STAND_IN = -7_340_000_000_000
_STR_STAND_IN = "\x1fmadang-stand-in-{}\x1f"


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slots: tuple[int | None, ...]  # per parameter: the value's position, or None: a constant
    constants: tuple[Any, ...]
    converters: tuple[tuple[int, tuple[Any, ...], Any], ...]  # position, converters, column


class Statement:
    """``build(*values)`` makes a ``values_list`` queryset; ``rows(*values)`` runs it."""

    def __init__(self, model: type[Model], build: Callable[..., QuerySet[Any, Any]]) -> None:
        self.model = model
        self.build = build
        self._compiled: dict[tuple[str, tuple[type, ...], bool], _Compiled] = {}
        self._lock = threading.Lock()

    def rows(
        self, *values: int | str, limit: int | None = None, offset: int = 0
    ) -> list[tuple[Any, ...]]:
        using = router.db_for_read(self.model)
        key = (using, tuple(type(value) for value in values), limit is not None)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compile(using, values, limit is not None)
            with self._lock:
                self._compiled[key] = compiled
        params = [
            compiled.constants[index] if slot is None else values[slot]
            for index, slot in enumerate(compiled.slots)
        ]
        if limit is not None:
            params += [limit, offset]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            found = cursor.fetchall()
        if not compiled.converters:
            return found
        return [_converted(row, compiled.converters, connection) for row in found]

    def _compile(self, using: str, values: tuple[int | str, ...], sliced: bool) -> _Compiled:
        stand_ins = [_stand_in(position, value) for position, value in enumerate(values)]
        queryset = self.build(*stand_ins)
        if queryset.query.is_sliced:
            raise ValueError("a statement is sliced with limit and offset, not in its build")
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
        slots = tuple(stand_ins.index(param) if param in stand_ins else None for param in params)
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
        return _Compiled(sql, slots, tuple(params), converters)


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


def _stand_in(position: int, value: int | str) -> int | str:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"a statement's values are ints or strs, not {type(value).__name__}")
    if isinstance(value, int):
        return _INT_STAND_IN - position
    return _STR_STAND_IN.format(position)
