"""A guest's page may be a moment older than the board's last write.

On a busy board every comment and every post bumps the board's generation, a few
times a second, and each bump made every stored page of the board unreachable:
its page 1, its posts and their lists were rendered again after every write, so
the page cache held almost nothing of a busy board, which is where it is needed
most. A guest cannot tell a page rendered a second ago from one rendered now
(the shipped nginx already keeps guests' pages for a second), and has written
nothing they expect to see. So each guest page is also stored under its address
alone, with the moment it was rendered, for ``MADANG_PAGE_GRACE`` seconds: a
guest whose exact page is missing gets that copy while it is young enough, and
the page is rendered again at most once per grace, however often the board is
written to.

Members never get a page this way: they may have just written, and see their
own writing at once (``boards/memberpages.py`` reads the generations fresh).
Nor does anyone who wrote in the last moments (``dbrouter.recent_writer``).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache


def grace() -> float:
    return float(settings.MADANG_PAGE_GRACE)


def latest_key(board_id: int | None, address: str) -> str:
    """Where the newest render of a page is kept: its address, without generations."""
    return f"latest:{board_id}:{address}"


def stored(key: str, latest: str | bool) -> tuple[tuple[Any, ...] | None, bool]:
    """The page under ``key``; else, given ``latest``, its newest render while young
    enough. And whether it is the page under ``key`` itself."""
    if not latest:
        return cache.get(key), True
    found = cache.get_many([key, latest])
    if key in found:
        return found[key], True
    return young_enough(found.get(latest)), False  # type: ignore[arg-type]


def young_enough(found: tuple[Any, ...] | None) -> tuple[Any, ...] | None:
    """The stored page of a ``latest`` entry, while it is within the grace."""
    if found is None:
        return None
    stored, rendered_at = found
    return stored if time.time() - rendered_at <= grace() else None  # type: ignore[no-any-return]
