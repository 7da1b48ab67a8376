"""The newest matches on PostgreSQL, without trusting the planner's guess (docs/search.md).

A GIN index finds a term's entries in no order: for a rare term that is all one
needs, but the newest 20 of a term in 86,000 posts would sort all 86,000. A walk
down the entries newest first, testing each, stops at the 20th match: cheap
for a common term, a scan of the whole board for a rare one. PostgreSQL picks
between them by its estimate of how many entries match, and a guess that is
off (a word absent from its sample, two words that always go together) costs
seconds. So the choice is made here, from the share of entries holding each
term in PostgreSQL's own statistics, as an upper bound: a word matches no more
entries than its rarest term, a query no more than its rarest word.

- Few matches possible (``BITMAP_ROWS``): read them all through the GIN index.
- Otherwise walk the newest ``budget`` entries, enough to hold the matches
  wanted if the bound were met. If the window holds too few, the bound was
  loose, and the share of matches in the window decides: walk a window that
  holds enough at that share, or, when they are few, read them all through the
  index instead; a short window with few or none walks ``WALK_MAX`` entries first,
  while the bound allows many (the newest posts of one board may all lack the
  word). Walking costs about a quarter of what reading a match through the index
  does, and the two meet near ``BITMAP_ROWS`` matches.

The candidates come from the entries alone (no join): then the visibility rule
keeps those the reader may see, and a short count fetches more.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db.models import Q, QuerySet

from madang.search import engine
from madang.search.models import CommentEntry, PostEntry
from madang.search.query import Query

BITMAP_ROWS = 10_000  # matches at most: read them through the GIN index
WALK_MIN = 2_000  # entries walked newest first, at least
WALK_MAX = 40_000  # and at most, while only the bound's share is known


def newest(
    matching: QuerySet,
    visible: Q,
    *,
    kind: str,
    query: Query,
    board_ids: Sequence[int],
    rows: int,
    limit: int,
    using: str,
) -> list[int]:
    """The ids of the newest ``limit`` entries of ``matching`` that pass ``visible``."""
    model: type[PostEntry] | type[CommentEntry] = (
        CommentEntry if kind == engine.COMMENTS else PostEntry
    )
    key = engine.KEYS[kind]
    expected = engine.upper_share(kind, query, using) * rows
    budget = None if expected <= BITMAP_ROWS else _budget(limit, expected, rows)
    fetch = limit + limit // 4 + 20  # the visibility rule leaves some out
    while True:
        if budget is not None:
            since = _window_start(model, key, board_ids, budget, using)
            window = matching if since is None else matching.filter(created_at__gte=since)
            with engine.planner(using, bitmapscan=False, seqscan=False):
                found = _ids(window, key, fetch)
            if len(found) < fetch and since is not None and budget < rows:
                # Too few in a window short of every entry: the bound was loose. The
                # window's own share says whether walking further or reading them all
                # costs less.
                seen = len(found) / budget
                if seen * rows > BITMAP_ROWS and budget < rows:
                    budget = min(rows, max(budget * 2, int(2 * fetch / seen)))
                elif budget < min(WALK_MAX, rows) and expected > BITMAP_ROWS:
                    # A short window may be one board's burst of posts without the word
                    # (a quiet board's newest beside a busy one's): while the bound still
                    # allows many matches, one longer walk before reading them all.
                    budget = min(WALK_MAX, rows)
                else:
                    budget = None
                continue
        else:
            with engine.planner(using, indexscan=False, seqscan=False):
                found = _ids(matching, key, fetch)
        shown = set(
            model.objects.using(using)
            .filter(visible, **{f"{key}__in": found})
            .values_list(key, flat=True)
        )
        kept = [pk for pk in found if pk in shown]
        if len(kept) >= limit or len(found) < fetch:
            return kept[:limit]
        fetch *= 4
        if budget is not None:
            budget = min(budget * 4, rows)


def _budget(limit: int, expected: float, rows: int) -> int:
    """Entries to walk: twice what holds ``limit`` matches at the bound's density."""
    return max(WALK_MIN, min(WALK_MAX, int(2 * limit * rows / expected)))


def _ids(entries: QuerySet, key: str, fetch: int) -> list[int]:
    return list(entries.order_by("-created_at", f"-{key}").values_list(key, flat=True)[:fetch])


def _window_start(
    model: type[PostEntry] | type[CommentEntry],
    key: str,
    board_ids: Sequence[int],
    budget: int,
    using: str,
) -> datetime | None:
    """The date of the ``budget``-th newest entry of the boards; None when they hold fewer."""
    found = list(
        model.objects.using(using)
        .filter(board_id__in=board_ids)
        .order_by("-created_at", f"-{key}")
        .values_list("created_at", flat=True)[budget - 1 : budget]
    )
    return found[0] if found else None
