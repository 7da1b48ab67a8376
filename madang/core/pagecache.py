"""Whole anonymous pages from the cache, invalidated by generation counters.

A guest's page depends only on the path, the query parameters its view reads,
the language and the data of one board (plus the site-wide notices and the
board list). Every write bumps its board's generation after commit; anything
site-wide bumps the global one. A page is stored under both generations, so a
bump makes every older copy unreachable at once, with nothing to delete. One
process renders a missing page at a time (a lock in the cache, ``pagerender.py``);
the others wait a moment for it. Every cache call on a page's way is best
effort: with the cache away, or going away in the middle of a render, the page
is rendered from the database. Generations are read through a one-second
in-process memo, so a new comment reaches the next guest within about a second.
The pages read last are kept in the process for as long (a small memo bounded
in bytes): a page's key holds the generations it was read under, so the memo
serves nothing the generation memo would not.

With read replicas (docs/deploy/scale-out.md), a page rendered just after a
bump may have read a replica that has not replayed the write behind the bump
yet. Such a page is kept only until the replication window has passed since
the bump, and a reader who wrote a moment ago never gets a stored copy: theirs
is rendered from the primary and replaces it.

Of the query, a key holds only the parameters the page's view reads
(``core/pagequery.py``): other parameters share the entry of the page without them.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.encoding import escape_uri_path

from madang.core import dbrouter, pagegrace
from madang.core.pagequery import NOTHING, Reads, query_read, reading_only
from madang.core.pagerender import PAGE_TTL, Page, quietly, render_once

log = logging.getLogger(__name__)

MEMO_TTL = 1.0
GLOBAL = "site"
DIRECTORY = "directory"  # the pages of no one board (the home page's board directory)

LOCAL_BYTES = 16 * 2**20  # per process, for the pages read in the last second

_memo: dict[str, tuple[float, str]] = {}
_memo_lock = threading.Lock()


class _LocalPages:
    """The pages this process read in the last MEMO_TTL, up to a budget in bytes. A page
    past its second is let go when the next one comes in: a worker reading a long tail
    of pages holds those of the last second, not a budget's worth of old ones."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.pages: OrderedDict[str, tuple[float, tuple[Any, ...]]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> tuple[Any, ...] | None:
        with self.lock:
            found = self.pages.get(key)
            if found is None or found[0] <= time.monotonic():
                return None
            return found[1]

    def put(self, key: str, stored: tuple[Any, ...]) -> None:
        size = len(stored[1])
        if size > self.budget // 8:
            return
        now = time.monotonic()
        with self.lock:
            old = self.pages.pop(key, None)
            if old is not None:
                self.used -= len(old[1][1])
            self.pages[key] = (now + MEMO_TTL, stored)
            self.used += size
            # Oldest first, and every page lives as long: what is past its second leaves
            # now, and what the budget cannot hold after it.
            while self.pages and (
                self.used > self.budget or next(iter(self.pages.values()))[0] <= now
            ):
                _key, (_expires, evicted) = self.pages.popitem(last=False)
                self.used -= len(evicted[1])

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.used = 0


_local = _LocalPages(LOCAL_BYTES)


def _generation_key(scope: str) -> str:
    return f"gen:{scope}"


def generation(scope: str) -> str:
    now = time.monotonic()
    with _memo_lock:
        found = _memo.get(scope)
        if found and found[0] > now:
            return found[1]
    value = cache.get(_generation_key(scope))
    if value is None:
        cache.add(_generation_key(scope), str(time.time_ns()), None)
        value = cache.get(_generation_key(scope)) or "0"
    with _memo_lock:
        _memo[scope] = (now + MEMO_TTL, str(value))
    return str(value)


RENEW_EVERY = 300  # seconds


def stamp(scope: str) -> str:
    """A token for a process's own copy of something (banned words, bans): new with the
    scope's generation, and at least every RENEW_EVERY seconds, so that a bump lost
    while the cache was away leaves no process with an old copy for long."""
    return f"{generation(scope)}:{int(time.time() // RENEW_EVERY)}"


def _bump(*scopes: str) -> None:
    now = str(time.time_ns())
    cache.set_many({_generation_key(scope): now for scope in scopes}, None)
    with _memo_lock:
        for scope in scopes:
            _memo.pop(scope, None)


def touch(scope: str) -> None:
    """After this transaction commits, ``scope`` has a new generation."""
    transaction.on_commit(lambda: best_effort(_bump, scope))


def touch_board(board_id: int) -> None:
    """After this transaction commits, every cached page of the board is stale, and so is
    the board directory (the home page), which shows each board's newest posts: both
    generations in one call to the cache."""
    transaction.on_commit(lambda: best_effort(_bump, f"board:{board_id}", DIRECTORY))


def touch_site() -> None:
    touch(GLOBAL)


def best_effort(func: Callable[..., Any], *args: Any) -> None:
    try:
        func(*args)
    except Exception as error:  # the cache is away: pages then expire by their TTL
        log.warning("page cache not invalidated: %s", type(error).__name__)


def enabled() -> bool:
    """Off only to measure renders (``MADANG_PAGE_CACHE=false``, used by ``madang bench``)."""
    return bool(settings.MADANG_PAGE_CACHE)


def cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if not enabled():
        return False
    # A session cookie may mean a member; a messages cookie means a one-time message.
    return not ({settings.SESSION_COOKIE_NAME, "messages"} & set(request.COOKIES))


def scopes(board_id: int | None) -> list[str]:
    """The generations a page of the board (or of no board) is stored under."""
    return [GLOBAL, DIRECTORY] if board_id is None else [GLOBAL, f"board:{board_id}"]


def page_key(
    request: HttpRequest,
    board_id: int | None,
    variant: str = "",
    generations: list[str] | None = None,
    reads: Reads = NOTHING,
) -> str:
    """The key of a page under the current generations; ``variant`` tells apart
    renders of one address for different kinds of reader (guests, members)."""
    if generations is None:
        generations = [generation(scope) for scope in scopes(board_id)]
    return f"page:{':'.join(generations)}:{_address(request, variant, reads)}"


def _address(request: HttpRequest, variant: str, reads: Reads) -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return f"{language}:{variant}:{escape_uri_path(request.path)}?{query_read(request, reads)}"


def read_fresh(board_id: int | None, *keys: str) -> tuple[list[str], dict[str, Any]]:
    """The board's generations as the cache holds them now (not as the memo last saw
    them), and whatever of ``keys`` it holds, in one round trip.

    For members, who may have written a moment ago: a page stored under the
    generations read here was rendered after their write had committed.
    """
    names = [_generation_key(scope) for scope in scopes(board_id)]
    found = cache.get_many([*names, *keys])
    generations = [
        str(found[name]) if name in found else generation(scope)
        for name, scope in zip(names, scopes(board_id), strict=True)
    ]
    return generations, {key: found[key] for key in keys if key in found}


def cached_page(
    request: HttpRequest,
    board_id: int | None,
    render: Callable[[], HttpResponse],
    reads: Reads = NOTHING,
) -> HttpResponse:
    """The guest's page from the cache, rendered once per key when missing.

    The response carries ``madang_facts`` (what the view knew, such as the post
    to count a view for) whether it came from the cache or was just rendered.
    """
    page = shared_page(request, board_id, render, reads=reads, grace=pagegrace.grace() > 0)
    if isinstance(page, HttpResponse):
        return page
    return page.response()


def shared_page(
    request: HttpRequest,
    board_id: int | None,
    render: Callable[[], HttpResponse],
    variant: str = "",
    generations: list[str] | None = None,
    reads: Reads = NOTHING,
    grace: bool = False,
) -> Page | HttpResponse:
    """A page shared by every reader of its kind, from the cache or rendered once.

    A render that cannot be shared (not a 200, or setting cookies) comes back as
    the response itself, and so does every render while the cache is away.
    ``generations`` are the board's, when the caller has read them (``read_fresh``);
    ``reads``, the query parameters the page reads. The render sees those alone,
    whether its page is stored or not. With ``grace`` (guests' pages), a render a
    moment older than the generations may serve (``core/pagegrace.py``).
    """
    query = query_read(request, reads)

    def render_read() -> HttpResponse:
        with reading_only(request, query):
            return render()

    try:
        key = page_key(request, board_id, variant, generations, reads)
        writer = dbrouter.recent_writer()
        latest = pagegrace.latest_key(board_id, _address(request, variant, reads))
        grace = grace and not writer
        kept = None if writer else _local.get(key)
        stored, exact = (
            (None, False)
            if writer
            else (kept, True)
            if kept
            else pagegrace.stored(key, grace and latest)
        )
        ttl = settled_ttl(board_id) if stored is None else PAGE_TTL
    except Exception:  # the cache is away
        return render_read()
    if stored is None:
        rendered_at = time.time()
        page = render_once(key, render_read, ttl, take_lock=not writer)
        if isinstance(page, Page):  # a writer's render replaces the stored copy here too
            _local.put(key, tuple(page[:4]))
            if grace:
                quietly(cache.set, latest, (tuple(page[:4]), rendered_at), ttl)
        return page
    if kept is None and exact:
        # Kept for a second from its fetch, not from each read: a page read all the time
        # is still fetched again every second, and so renewed when its TTL has passed.
        _local.put(key, stored)
    return Page(*stored)


def settled_ttl(board_id: int | None) -> int:
    """How long a page rendered now may be kept: PAGE_TTL, or less just after a bump.

    With replicas, a render within the replication window of the newest bump
    may have read a replica that lacks the write behind it; it is kept only
    until the window has passed, when a render reads data that has the write.
    Rendering those pages from the primary instead would send most renders of a
    busy board there, since its comments bump it every few seconds.
    """
    window = dbrouter.window()
    if not window:
        return PAGE_TTL
    newest = max(int(generation(scope)) for scope in scopes(board_id))
    age = (time.time_ns() - newest) / 1e9
    if age >= window:
        return PAGE_TTL
    return max(1, math.ceil(window - age))


def forget_memos() -> None:
    """Drop the in-process memos (tests start each case from a clean slate)."""
    with _memo_lock:
        _memo.clear()
    _local.clear()
