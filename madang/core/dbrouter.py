"""Reads from PostgreSQL replicas, writes to the primary, and every client reads its own writes.

Only in use when ``MADANG_REPLICA_URLS`` names replicas: the settings then add
``ReplicaRouter`` and the ``read_routing`` middleware. Without replicas neither
is installed and nothing here runs.

Where a query goes:

- Writes, ``select_for_update`` and migrations: the primary, always.
- Outside a request (``madang worker``, commands, deferred tasks): the primary.
  Upkeep reads what it is about to change; it must not read an old copy.
- Inside a transaction on the primary: the primary, so that an atomic block
  sees its own rows and the rows it locked.
- A request other than GET, HEAD or OPTIONS: the primary throughout. A form post
  checks what it is about to change (is the post still there, is the writer
  banned), and that check must not read a copy from before the last write.
- A request that has written (the router was asked where to write): the
  primary from that moment on, for the rest of the request.
- A client that wrote in the last ``MADANG_REPLICA_WINDOW`` seconds: the
  primary. The answer to every request that wrote (and to every form post)
  carries a short-lived signed cookie; while it is valid, that browser's reads
  go to the primary. A member who comments sees the comment on the very next
  page; a member who logs in finds the new session row. The window has to be
  longer than the replication lag ever allowed (docs/deploy/scale-out.md).
- Every other read: one replica, picked at random for the whole request (one
  request never mixes two replicas' views). A replica that cannot be reached is
  left alone for ``RETRY_AFTER`` seconds and the primary answers instead.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)

PRIMARY = DEFAULT_DB_ALIAS
COOKIE = "madang_rw"
COOKIE_SALT = "madang.core.dbrouter"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_AFTER = 5.0  # seconds a replica that failed to connect is left alone


@dataclass
class Reads:
    """Where this request's reads go."""

    replica: str | None  # None: the primary (no replica can answer, or the client wrote)
    writer: bool = False  # a form post, or a client that wrote a moment ago
    wrote: bool = False  # this request has written
    checked: bool = False  # the replica answered once in this request

    @property
    def from_primary(self) -> bool:
        return self.replica is None or self.writer or self.wrote


_reads: ContextVar[Reads | None] = ContextVar("madang_reads", default=None)
_down_until: dict[str, float] = {}
_down_lock = threading.Lock()


def replicas() -> list[str]:
    return list(getattr(settings, "MADANG_REPLICAS", ()))


def window() -> int:
    """Seconds after a write during which the writer reads from the primary (0: no replicas)."""
    return int(settings.MADANG_REPLICA_WINDOW) if replicas() else 0


def recent_writer() -> bool:
    """True when this request reads from the primary because its client wrote a moment ago
    (or this very request wrote). Shared caches must not hand such a client a copy that a
    lagging replica may have rendered before the write."""
    reads = _reads.get()
    return reads is not None and (reads.writer or reads.wrote)


class ReplicaRouter:
    """Django's database router for a primary with streaming replicas."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        reads = _reads.get()
        if reads is None or reads.from_primary or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        alias = reads.replica
        assert alias is not None
        if not reads.checked:
            reads.checked = True
            if not _answers(alias):
                reads.replica = None
                return PRIMARY
        return alias

    def db_for_write(self, model: type, **hints: Any) -> str:
        reads = _reads.get()
        if reads is not None:
            reads.wrote = True
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # every alias holds the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


def _answers(alias: str) -> bool:
    """Connect to the replica now, so that a dead one costs one failed connect, not a 500."""
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except Exception as error:
        with _down_lock:
            _down_until[alias] = time.monotonic() + RETRY_AFTER
        log.warning("replica %s unreachable, reading from the primary: %s", alias, error)
        return False
    return True


def _pick_replica() -> str | None:
    now = time.monotonic()
    with _down_lock:
        usable = [alias for alias in replicas() if _down_until.get(alias, 0.0) <= now]
    return random.choice(usable) if usable else None  # spreads load; nothing secret


@contextmanager
def primary_reads() -> Iterator[None]:
    """Reads inside go to the primary: for what is read once and then kept in a cache for
    minutes (a session, a member, an overlay), where a lagging replica's copy would outlive
    the change that just dropped it."""
    reads = _reads.get()
    if reads is None or reads.writer:
        yield
        return
    reads.writer = True
    try:
        yield
    finally:
        reads.writer = False


def wrote_recently(request: HttpRequest) -> bool:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return False
    try:
        signing.loads(raw, salt=COOKIE_SALT, max_age=window())
    except signing.BadSignature:  # expired or forged: reads go to a replica again
        return False
    return True


def read_routing(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """Decide where the request reads, and mark the browser of a request that wrote.

    Sits outside the session middleware, so that a session saved on the way out
    counts as a write too.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        writer = request.method not in SAFE_METHODS or wrote_recently(request)
        reads = Reads(replica=None if writer else _pick_replica(), writer=writer)
        token = _reads.set(reads)
        try:
            response = get_response(request)
        finally:
            _reads.reset(token)
        if reads.wrote or request.method not in SAFE_METHODS:
            seconds = window()
            response.set_cookie(
                COOKIE,
                signing.dumps(1, salt=COOKIE_SALT),
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    return middleware


def forget_failures() -> None:
    """Try every replica again at once (tests start from a clean slate)."""
    with _down_lock:
        _down_until.clear()
