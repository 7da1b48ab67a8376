"""A board's row, categories and notices, kept in the process under its generations.

Every list and post page reads these three, and they cost three queries and
most of a millisecond of the ORM's work each, on every render the page cache
does not hold: a deep page, an old post, a member who hides a category. They
change only with a write that bumps the board's or the site's generation (a
post, a comment, a notice pinned, an admin's edit; ``pagecache.touch_board``),
so each process keeps them under those generations, read fresh from the cache
on each use: what a render shows is never older than the generations its page
is stored under. The counts in a notice's row that no write bumps (views,
flushed every few seconds) may be as old as a cached page may be, ``PAGE_TTL``.

Each use gets copies of the board and the notices, since a page marks what its
reader is shown on them (``visibility.present``) and threads share the kept ones.
"""

from __future__ import annotations

import threading
import time
from copy import copy
from typing import NamedTuple

from django.conf import settings

from madang.boards import queries
from madang.boards.models import Board, Category, Notice
from madang.core import pagecache
from madang.core.pagerender import PAGE_TTL

KEPT_BOARDS = 1000


class BoardFacts(NamedTuple):
    board: Board
    categories: list[Category]
    notices: list[Notice]


_kept: dict[str, tuple[list[str], float, BoardFacts]] = {}
_lock = threading.Lock()


def facts_of(slug: str) -> BoardFacts:
    """The board named ``slug`` (404 when there is none), its categories and its notices."""
    if not settings.MADANG_KEEP_BOARD_FACTS:
        return _read(slug)
    board_id = queries.board_id_for(slug)
    try:
        generations = pagecache.read_fresh(board_id)[0] if board_id is not None else None
    except Exception:  # the cache is away: nothing kept can be known current
        generations = None
    now = time.monotonic()
    with _lock:
        found = _kept.get(slug)
    if generations is None or found is None or found[0] != generations or found[1] < now:
        found = (generations or [], now + PAGE_TTL, _read(slug))
        if generations is not None:
            with _lock:
                if len(_kept) >= KEPT_BOARDS:
                    _kept.clear()
                _kept[slug] = found
    facts = found[2]
    return BoardFacts(copy(facts.board), facts.categories, [_copied(n) for n in facts.notices])


def _read(slug: str) -> BoardFacts:
    board = queries.get_board(slug)
    return BoardFacts(board, queries.board_categories(board), queries.notices_for(board))


def _copied(notice: Notice) -> Notice:
    kept = copy(notice)
    kept.post = copy(notice.post)
    return kept


def forget() -> None:
    """Drop what is kept (tests start each case from a clean slate)."""
    with _lock:
        _kept.clear()
