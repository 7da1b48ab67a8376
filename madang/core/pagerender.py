"""One render of a missing page at a time, and a page answered whatever the cache does.

The process that takes a page's lock in the cache renders it and stores it; the
others wait a moment for the stored copy, then render it themselves. Redis may
die or hang at any of these calls, even after the render began, so each is best
effort: a render is answered whether or not it could be stored, and a lock
that could not be taken or released expires by itself (``LOCK_TTL``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, NamedTuple

from django.core.cache import cache
from django.http import HttpResponse

log = logging.getLogger(__name__)

PAGE_TTL = 60  # seconds; also bounds how long "today" keeps HH:MM after midnight
LOCK_TTL = 10
WAIT_FOR_OTHERS = 2.0


class Page(NamedTuple):
    """A stored page, and the facts its view attached (``madang_facts``)."""

    status: int
    content: bytes
    content_type: str
    facts: Any
    hit: bool = True  # False when this request rendered it

    def response(self, content: bytes | None = None) -> HttpResponse:
        response = HttpResponse(
            self.content if content is None else content,
            status=self.status,
            content_type=self.content_type,
        )
        response.madang_facts = self.facts  # type: ignore[attr-defined]
        if self.hit:
            response["X-Madang-Cache"] = "hit"
        response["Vary"] = "Accept-Language, Cookie"  # as the page it stands for
        return response


def render_once(
    key: str, render: Callable[[], HttpResponse], ttl: int = PAGE_TTL, take_lock: bool = True
) -> Page | HttpResponse:
    """The page stored under ``key`` by another process's render, or rendered here and
    stored; a render that cannot be shared (not a 200, or setting cookies) comes back
    as the response itself."""
    locked = take_lock and quietly(cache.add, f"lock:{key}", 1, LOCK_TTL)
    if take_lock and locked is False:  # another process is rendering it
        stored = _wait_for_other_render(key)
        if stored is not None:
            return Page(*stored)
        return render()  # the other renderer is slow, or the cache went away
    try:
        response = render()
        if response.status_code != 200 or response.cookies or response.streaming:
            return response
        page = Page(
            response.status_code,
            response.content,
            response["Content-Type"],
            getattr(response, "madang_facts", None),
            hit=False,
        )
        quietly(cache.set, key, tuple(page[:4]), ttl)
        return page
    finally:
        if locked:
            quietly(cache.delete, f"lock:{key}")


def _wait_for_other_render(key: str) -> tuple[Any, ...] | None:
    """The page another process is rendering, once stored; None when that takes too long
    (a guest is not kept waiting) or the cache goes away meanwhile."""
    deadline = time.monotonic() + WAIT_FOR_OTHERS
    while time.monotonic() < deadline:
        time.sleep(0.02)
        try:
            stored = cache.get(key)
        except Exception as error:
            log.warning("page cache away while waiting: %s", type(error).__name__)
            return None
        if stored is not None:
            return stored  # type: ignore[no-any-return]
    return None


def quietly(call: Callable[..., Any], *args: Any) -> Any:
    """A cache call on a page's way: its result, or None when the cache is away."""
    try:
        return call(*args)
    except Exception as error:
        log.warning("page cache call failed: %s", type(error).__name__)
        return None
