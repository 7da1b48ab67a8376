"""Each board's window of recent stories, kept in the process (``duplicates.Window``).

Building a window of a few thousand stored titles takes about 150 ms; finding the
stories a new post repeats in it takes well under a millisecond (docs/news.md). So
each process keeps the windows of the boards posted to, and brings one up to date
before each check with the rows stored since it last looked (``RecentTitle`` ids
only grow: a post's row is written anew when its title or links change), and drops
what has aged out. A row of a post since deleted or hidden may stay in a window: the
posts it finds are read again through the visibility rule before anyone sees them.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from madang.boards.models import Board
from madang.news.duplicates import Story, Window
from madang.news.models import RecentTitle
from madang.news.titles import Title

KEPT_BOARDS = 64  # windows one process keeps; the least recently checked goes first
PRUNE_EVERY = timedelta(minutes=1)  # how often a window drops the stories that aged out


@dataclass
class BoardWindow:
    hours: int
    window: Window = field(default_factory=Window)
    times: dict[Hashable, datetime] = field(default_factory=dict)
    keys: dict[Hashable, frozenset[str]] = field(default_factory=dict)
    last_id: int = 0
    pruned_at: datetime | None = None

    def refresh(self, board_id: int, now: datetime) -> None:
        since = now - timedelta(hours=self.hours)
        rows = RecentTitle.objects.filter(board_id=board_id, pk__gt=self.last_id)
        if not self.last_id:
            rows = rows.filter(created_at__gte=since)
        for row_id, post_id, title, keys, created_at in rows.order_by("pk").values_list(
            "pk", "post_id", "title", "keys", "created_at"
        ):
            self.last_id = row_id
            story = Story(keys=frozenset(keys.split()), title=Title.from_normalised(title))
            self.window.add(post_id, story)
            self.times[post_id] = created_at
            self.keys[post_id] = story.keys
        if self.pruned_at is not None and now - self.pruned_at < PRUNE_EVERY:
            return  # what aged out since is left out by ``repeats`` until then
        self.pruned_at = now
        for ident, created_at in list(self.times.items()):
            if created_at < since:
                self.window.discard(ident)
                del self.times[ident]
                self.keys.pop(ident, None)


_windows: dict[int, BoardWindow] = {}
_lock = threading.Lock()


def repeats(board: Board, story: Story) -> list[int]:
    """The ids of the board's posts within its window that ``story`` repeats."""
    now = timezone.now()
    with _lock:
        kept = _windows.pop(board.pk, None)
        if kept is None or kept.hours != board.duplicate_window_hours:
            kept = BoardWindow(board.duplicate_window_hours)
        _windows[board.pk] = kept  # the most recently checked last
        while len(_windows) > KEPT_BOARDS:
            del _windows[next(iter(_windows))]
        kept.refresh(board.pk, now)
        since = now - timedelta(hours=board.duplicate_window_hours)
        return [
            post_id
            for post_id in kept.window.repeats(story)
            if kept.times.get(post_id, now) >= since and isinstance(post_id, int)
        ]


def keys_of(board: Board, post_ids: list[int]) -> dict[int, frozenset[str]]:
    """The link keys the board's window holds for these posts (for saying why they match)."""
    with _lock:
        kept = _windows.get(board.pk)
        if kept is None:
            return {}
        return {post_id: kept.keys.get(post_id, frozenset()) for post_id in post_ids}


def forget() -> None:
    """Drop every window (tests, and a process that changes a board's window)."""
    with _lock:
        _windows.clear()
