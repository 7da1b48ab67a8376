"""Where each database keeps the terms, and how a query reaches them (docs/search.md).

SQLite: an FTS5 table per kind (``search_post_fts``, ``search_comment_fts``), its
rowid the post's or the comment's id, one column per field and stream: ``t`` and
``b`` the terms of the title and the body, ``ti`` and ``bi`` their initial
consonants. PostgreSQL: a tsvector column ``terms`` on the entry's own table,
with a GIN index, the four streams told apart by the tsvector weights (A title,
B body, C title initials, D body initials). Both are built from madang's own
terms (``search.text``), not from a database's parser, so the two databases
find the same rows.

Queries are time-bounded: ``SET LOCAL statement_timeout`` on PostgreSQL, a
progress handler that interrupts SQLite past the deadline.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.db import OperationalError, connections, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from madang.search.query import Query, Term
from madang.search.text import Document, joined

POSTS, COMMENTS = "posts", "comments"
TABLES = {POSTS: "search_postentry", COMMENTS: "search_commententry"}
KEYS = {POSTS: "post_id", COMMENTS: "comment_id"}
FTS = {POSTS: "search_post_fts", COMMENTS: "search_comment_fts"}

# The fields a search reads: the term columns and the initial-consonant columns.
TITLE, BODY, TITLE_BODY = "title", "body", "title_body"
COLUMNS = {
    TITLE: (("t",), ("ti",)),
    BODY: (("b",), ("bi",)),
    TITLE_BODY: (("t", "b"), ("ti", "bi")),
}
WEIGHTS = {"t": "A", "b": "B", "ti": "C", "bi": "D"}
POSITIONS = {"A": 1, "B": 2, "C": 3, "D": 4}


class SearchTimeout(Exception):
    """The query ran past its time bound."""


def vendor(using: str) -> str:
    return connections[using].vendor


# --- storing -----------------------------------------------------------------------------


def _tsvector(streams: Sequence[tuple[str, set[str]]]) -> str:
    """A tsvector literal: each term once, with one position per stream it is in,
    weighted by the stream (the positions mean nothing else)."""
    weights: dict[str, list[str]] = {}
    for column, terms in streams:
        for term in terms:
            weights.setdefault(term, []).append(WEIGHTS[column])
    return " ".join(
        f"'{_pg_quote(term)}':" + ",".join(f"{POSITIONS[w]}{w}" for w in found)
        for term, found in weights.items()
    )


def _pg_quote(term: str) -> str:
    return term.replace("\\", "\\\\").replace("'", "''")


def _fts_quote(term: str) -> str:
    return term.replace('"', '""')


@dataclass(frozen=True)
class Row:
    """A post or a comment to index: its id, where it stands, when it was written, its text."""

    pk: int
    board_id: int
    created_at: datetime
    doc: Document
    post_id: int = 0  # a comment's post


def store_posts(rows: Sequence[Row], using: str) -> None:
    """Write the entries of ``rows``, replacing any (a post's board and date never change)."""
    if not rows:
        return
    with connections[using].cursor() as cursor:
        if vendor(using) == "postgresql":
            cursor.executemany(
                "INSERT INTO search_postentry (post_id, board_id, created_at, title, body, terms)"
                " VALUES (%s, %s, %s, %s, %s, %s::tsvector) ON CONFLICT (post_id) DO UPDATE SET"
                " title = EXCLUDED.title, body = EXCLUDED.body, terms = EXCLUDED.terms"
                # An entry that would not change is left alone: a rebuild run again
                # writes nothing, and leaves no dead rows behind.
                " WHERE (search_postentry.title, search_postentry.body, search_postentry.terms)"
                " IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.body, EXCLUDED.terms)",
                [
                    (
                        row.pk,
                        row.board_id,
                        row.created_at,
                        row.doc.title,
                        row.doc.body,
                        _post_vector(row.doc),
                    )
                    for row in rows
                ],
            )
            return
        cursor.executemany(
            "INSERT INTO search_postentry (post_id, board_id, created_at, title, body)"
            " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (post_id) DO UPDATE SET"
            " title = excluded.title, body = excluded.body",
            [(row.pk, row.board_id, row.created_at, row.doc.title, row.doc.body) for row in rows],
        )
        _replace_fts(
            cursor,
            POSTS,
            [
                (
                    row.pk,
                    joined(row.doc.title_terms.terms),
                    joined(row.doc.body_terms.terms),
                    joined(row.doc.title_terms.initials),
                    joined(row.doc.body_terms.initials),
                )
                for row in rows
            ],
        )


def store_comments(rows: Sequence[Row], using: str) -> None:
    """Write the entries of ``rows``, replacing any."""
    if not rows:
        return
    with connections[using].cursor() as cursor:
        if vendor(using) == "postgresql":
            cursor.executemany(
                "INSERT INTO search_commententry"
                " (comment_id, post_id, board_id, created_at, body, terms)"
                " VALUES (%s, %s, %s, %s, %s, %s::tsvector) ON CONFLICT (comment_id) DO UPDATE SET"
                " body = EXCLUDED.body, terms = EXCLUDED.terms"
                " WHERE (search_commententry.body, search_commententry.terms)"
                " IS DISTINCT FROM (EXCLUDED.body, EXCLUDED.terms)",
                [
                    (
                        row.pk,
                        row.post_id,
                        row.board_id,
                        row.created_at,
                        row.doc.body,
                        _comment_vector(row.doc),
                    )
                    for row in rows
                ],
            )
            return
        cursor.executemany(
            "INSERT INTO search_commententry (comment_id, post_id, board_id, created_at, body)"
            " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (comment_id) DO UPDATE SET"
            " body = excluded.body",
            [(row.pk, row.post_id, row.board_id, row.created_at, row.doc.body) for row in rows],
        )
        _replace_fts(
            cursor,
            COMMENTS,
            [
                (row.pk, joined(row.doc.body_terms.terms), joined(row.doc.body_terms.initials))
                for row in rows
            ],
        )


def _post_vector(doc: Document) -> str:
    return _tsvector(
        [
            ("t", doc.title_terms.terms),
            ("b", doc.body_terms.terms),
            ("ti", doc.title_terms.initials),
            ("bi", doc.body_terms.initials),
        ]
    )


def _comment_vector(doc: Document) -> str:
    return _tsvector([("b", doc.body_terms.terms), ("bi", doc.body_terms.initials)])


def _replace_fts(cursor, kind: str, rows: list[tuple]) -> None:  # type: ignore[no-untyped-def]
    table = FTS[kind]
    columns = ("t", "b", "ti", "bi") if kind == POSTS else ("b", "bi")
    marks = ", ".join(["%s"] * (len(columns) + 1))
    cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", [(row[0],) for row in rows])  # noqa: S608
    cursor.executemany(
        f"INSERT INTO {table} (rowid, {', '.join(columns)}) VALUES ({marks})",  # noqa: S608
        rows,
    )


def after_rebuild(using: str) -> None:
    """SQLite: drop terms without an entry (a trigger removes the terms with their entry;
    only a change made by hand around it leaves strays). PostgreSQL: fresh statistics,
    which the planner reads to choose between the GIN index and a walk newest first."""
    with connections[using].cursor() as cursor:
        if vendor(using) == "postgresql":
            # VACUUM also marks the pages all-visible, for the index-only walks of search;
            # it cannot run inside a transaction (the tests'), where ANALYZE alone runs.
            outside = not connections[using].in_atomic_block
            cursor.execute(
                f"{'VACUUM ' if outside else ''}ANALYZE {TABLES[POSTS]}, {TABLES[COMMENTS]}"
            )
            forget_term_shares()
            return
        for kind, fts in FTS.items():
            cursor.execute(
                f"DELETE FROM {fts} WHERE rowid NOT IN (SELECT {KEYS[kind]} FROM {TABLES[kind]})"  # noqa: S608
            )


def read_snapshot(using: str) -> None:
    """PostgreSQL: the transaction just begun reads one snapshot, and fails on a row
    changed since (not inside an outer transaction, whose level is set already)."""
    connection = connections[using]
    if connection.vendor == "postgresql" and not connection.savepoint_ids:
        with connections[using].cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def is_conflict(error: Exception) -> bool:
    """A row the transaction writes was changed since its snapshot (serialization failure)."""
    return getattr(error.__cause__, "sqlstate", None) in ("40001", "40P01")


# --- querying ----------------------------------------------------------------------------


def match(kind: str, query: Query, field: str, using: str) -> RawSQL:
    """The condition ``query`` puts on an entry queryset of ``kind``: every indexed word
    found in ``field`` (title, body or both; comments have a body only)."""
    term_columns, initial_columns = COLUMNS[field]
    table, key = TABLES[kind], KEYS[kind]
    if vendor(using) == "postgresql":
        expression = " & ".join(
            "("
            + " | ".join(_pg_all(alt, term_columns, initial_columns) for alt in word.alternatives)
            + ")"
            for word in query.indexed
        )
        # The expression is a parameter; only this module's table names are formatted in.
        return RawSQL(  # noqa: S611
            f'"{table}"."terms" @@ %s::tsquery', [expression], output_field=BooleanField()
        )
    expression = " AND ".join(
        "("
        + " OR ".join(_fts_all(alt, term_columns, initial_columns) for alt in word.alternatives)
        + ")"
        for word in query.indexed
    )
    fts = FTS[kind]
    return RawSQL(  # noqa: S611
        f'"{table}"."{key}" IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)',  # noqa: S608
        [expression],
        output_field=BooleanField(),
    )


def _pg_all(
    terms: tuple[Term, ...], term_columns: tuple[str, ...], initial_columns: tuple[str, ...]
) -> str:
    parts = []
    for term in terms:
        columns = initial_columns if term.initials else term_columns
        weights = "".join(WEIGHTS[column] for column in columns)
        parts.append(f"'{_pg_quote(term.text)}':{'*' if term.prefix else ''}{weights}")
    return "(" + " & ".join(parts) + ")"


def _fts_all(
    terms: tuple[Term, ...], term_columns: tuple[str, ...], initial_columns: tuple[str, ...]
) -> str:
    parts = []
    for term in terms:
        columns = initial_columns if term.initials else term_columns
        star = "*" if term.prefix else ""
        parts.append(f'{{{" ".join(columns)}}} : "{_fts_quote(term.text)}"{star}')
    return "(" + " AND ".join(parts) + ")"


@contextmanager
def time_bound(using: str, seconds: float) -> Iterator[None]:
    """Queries inside take at most ``seconds``; past them, SearchTimeout.

    On PostgreSQL in a transaction of their own (``SET LOCAL`` ends with it); SQLite
    opens none, since its transactions take the write lock (core/sqlite).
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        nested = connection.in_atomic_block  # SET LOCAL would outlive the savepoint
        try:
            with transaction.atomic(using=using):
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL statement_timeout = {max(1, int(seconds * 1000))}")
                yield
                if nested:
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
                raise SearchTimeout from error
            raise
        return
    connection.ensure_connection()
    raw = connection.connection
    deadline = time.monotonic() + seconds
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 1000)
    try:
        yield
    except OperationalError as error:
        if "interrupted" in str(error):
            raise SearchTimeout from error
        raise
    finally:
        raw.set_progress_handler(None, 1000)


def index_size(using: str) -> dict[str, int]:
    """Bytes on disk of the entries and their terms, with their indexes."""
    sizes: dict[str, int] = {}
    with connections[using].cursor() as cursor:
        if vendor(using) == "postgresql":
            for kind, table in TABLES.items():
                cursor.execute("SELECT pg_total_relation_size(%s)", [table])
                sizes[kind] = int(cursor.fetchone()[0])
            return sizes
        try:  # every table and index of this app is named search_post... or search_comment...
            cursor.execute(
                "SELECT name, SUM(pgsize) FROM dbstat WHERE name LIKE 'search%%' GROUP BY name"
            )
            found = cursor.fetchall()
        except OperationalError:  # SQLite built without dbstat
            found = []
    for kind in (POSTS, COMMENTS):
        prefix = "search_post" if kind == POSTS else "search_comment"
        sizes[kind] = sum(int(size) for name, size in found if name.startswith(prefix))
    return sizes


# --- choosing how to find the newest matches (PostgreSQL) --------------------------------

STATS_TTL = 600.0  # seconds a process keeps the statistics of the terms
_stats: dict[tuple[str, str], tuple[float, dict[str, float], float, int]] = {}
_stats_lock = threading.Lock()


def term_shares(kind: str, using: str) -> tuple[dict[str, float], float, int]:
    """The share of entries holding each common term, as PostgreSQL's statistics have it
    (``ANALYZE``), a share no other term exceeds (1.0 before the first ANALYZE), and
    about how many entries there are."""
    now = time.monotonic()
    with _stats_lock:
        found = _stats.get((using, kind))
        if found and found[0] > now:
            return found[1], found[2], found[3]
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs,"
            " COALESCE(NULLIF(a.attstattarget, -1),"
            " current_setting('default_statistics_target')::int)"
            " FROM pg_stats s JOIN pg_attribute a ON a.attrelid = %s::regclass"
            " AND a.attname = s.attname"
            " WHERE s.schemaname = current_schema() AND s.tablename = %s AND s.attname = 'terms'",
            [TABLES[kind], TABLES[kind]],
        )
        row = cursor.fetchone()
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [TABLES[kind]])
        estimate = cursor.fetchone()
    entries = max(0, int(estimate[0])) if estimate else 0
    shares: dict[str, float] = {}
    ceiling = 1.0  # nothing known: any term may be in every entry
    if row and row[0]:
        terms, frequencies, target = row
        shares = dict(zip(terms, frequencies, strict=False))
        # A full list stops at its least common term; a list with room for more holds
        # every term the sample (300 rows per unit of the target) met.
        full = len(terms) >= 10 * target
        ceiling = min(frequencies[: len(terms)]) if full else 1 / (300 * target)
    with _stats_lock:
        _stats[(using, kind)] = (now + STATS_TTL, shares, ceiling, entries)
    return shares, ceiling, entries


def forget_term_shares() -> None:
    with _stats_lock:
        _stats.clear()


def upper_share(kind: str, query: Query, using: str) -> float:
    """At most this share of the entries can match ``query``: a word matches no more
    entries than the rarest term it needs, and a query no more than its rarest word."""
    shares, ceiling, _entries = term_shares(kind, using)

    def term_share(term: Term) -> float:
        if term.prefix:
            started = sum(share for text, share in shares.items() if text.startswith(term.text))
            return min(1.0, started + ceiling)
        return shares.get(term.text, ceiling)

    return min(
        max(min(term_share(term) for term in terms) for terms in word.alternatives)
        for word in query.indexed
    )


@contextmanager
def planner(using: str, **switches: bool) -> Iterator[None]:
    """PostgreSQL's plan choices turned off for the queries inside (``bitmapscan=False``),
    in the transaction of ``time_bound``; elsewhere nothing."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    names = [f"enable_{name}" for name, allowed in switches.items() if not allowed]
    with connection.cursor() as cursor:
        cursor.execute("; ".join(f"SET LOCAL {name} = off" for name in names))
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("; ".join(f"SET LOCAL {name} TO DEFAULT" for name in names))
