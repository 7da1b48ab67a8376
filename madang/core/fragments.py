"""Rendered pieces of a page kept in each process, by everything their render reads.

A post page renders a line for each of up to a hundred comments, and most of the
page's time goes there (docs/performance.md). A busy post is rendered again
after each new comment, with the same lines as before and one more; an old
comment's line only changes when the comment does. A list's rows are the same
on the list and under each of its posts, and a write to the board shifts or
recounts a few of them. So a template may ask for a piece by ``kept(name, key,
**values)`` (core/templating.py): the piece rendered with the page's context
and ``values``, kept under ``key`` and the page's language, time zone and day
(dates show as a time today and as a date before).

The key is the caller's promise: it holds every value the piece reads that is
not the same on every page of the process. A piece that differs by reader (a
member's own controls, a form with their CSRF token) has no key (None), and is
rendered every time. The budget is in bytes, the least recently read pieces go
first, and nothing else ever removes one: a changed value is a new key.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Hashable

from markupsafe import Markup

# Bytes per process: the comment lines of about ten posts of a hundred comments, and the
# rows of a board's first fifty pages (boards/listrows.py).
BUDGET = 4 * 2**20


KEY_BYTES = 600  # a comment line's key: its tuples, times and a short text


def _size(piece: Markup) -> int:
    """What a piece holds in memory, its key included (Hangul takes two bytes a letter)."""
    return sys.getsizeof(piece) + KEY_BYTES


class _Kept:
    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.pieces: OrderedDict[Hashable, Markup] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> Markup | None:
        with self.lock:
            found = self.pieces.get(key)
            if found is not None:
                self.pieces.move_to_end(key)
            return found

    def put(self, key: Hashable, piece: Markup) -> None:
        with self.lock:
            if key in self.pieces:
                return
            self.pieces[key] = piece
            self.used += _size(piece)
            while self.used > self.budget:
                _key, evicted = self.pieces.popitem(last=False)
                self.used -= _size(evicted)

    def clear(self) -> None:
        with self.lock:
            self.pieces.clear()
            self.used = 0


_kept = _Kept(BUDGET)


def get(key: Hashable) -> Markup | None:
    return _kept.get(key)


def put(key: Hashable, piece: Markup) -> None:
    _kept.put(key, piece)


def forget() -> None:
    """Drop the pieces this process keeps (tests that count renders start empty)."""
    _kept.clear()
