"""Fail fast while Redis is away.

Every use of Redis in madang is best effort: the page cache, sessions and
overlays fall back to the database, views go uncounted, throttles fail
closed. But a Redis that does not answer makes each call wait out its socket
timeout (one second), and a member's page makes several. So after a
connection failure, calls are refused at once for a few seconds; then one is
let through to find out whether Redis is back.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

log = logging.getLogger(__name__)

PAUSE = 5.0  # seconds without calls after a failure
F = TypeVar("F", bound=Callable[..., Any])


class RedisAway(redis.ConnectionError):
    """Refused without trying: Redis failed a moment ago."""


class Breaker:
    def __init__(self, name: str) -> None:
        self.name = name
        self.closed_until = 0.0
        self.lock = threading.Lock()

    def call(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        now = time.monotonic()
        with self.lock:
            if now < self.closed_until:
                raise RedisAway(f"{self.name}: Redis failed less than {PAUSE:.0f} s ago")
            if self.closed_until:
                self.closed_until = now + PAUSE  # this call probes; the others keep waiting
        try:
            result = func(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError) as error:
            with self.lock:
                self.closed_until = time.monotonic() + PAUSE
            log.warning("%s: Redis away (%s); not calling it for %.0f s", self.name, error, PAUSE)
            raise
        with self.lock:
            self.closed_until = 0.0
        return result

    def reset(self) -> None:
        with self.lock:
            self.closed_until = 0.0


def _guarded(method: F) -> F:
    @wraps(method)
    def call(self: BreakerRedisCache, *args: Any, **kwargs: Any) -> Any:
        return self.breaker.call(method, self, *args, **kwargs)

    return call  # type: ignore[return-value]


class ReusedClients(RedisCacheClient):
    """Django's client builds a new ``redis.Redis`` for every call, and each build fills a
    table of some 170 reply handlers: a fifth of a millisecond per cache call. A client
    is safe to share between threads (it takes a connection from its pool per command),
    so one per pool is kept."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, redis.Redis] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> redis.Redis:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            made = self._client(connection_pool=pool)  # type: ignore[attr-defined]
            client = self._clients.setdefault(id(pool), made)
        return client


class BreakerRedisCache(RedisCache):
    """Django's Redis cache behind a breaker (settings.CACHES uses it with REDIS_URL)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClients
        self.breaker = Breaker("cache")

    add = _guarded(RedisCache.add)
    get = _guarded(RedisCache.get)
    set = _guarded(RedisCache.set)
    touch = _guarded(RedisCache.touch)
    delete = _guarded(RedisCache.delete)
    get_many = _guarded(RedisCache.get_many)
    has_key = _guarded(RedisCache.has_key)
    incr = _guarded(RedisCache.incr)
    set_many = _guarded(RedisCache.set_many)
    delete_many = _guarded(RedisCache.delete_many)
    clear = _guarded(RedisCache.clear)

    @_guarded
    def count_in_windows(self, windows: list[tuple[str, int]]) -> None:
        """Add one to each counter; a counter starts at its first count and lives for
        its window (seconds). All in one round trip."""
        client = self._cache.get_client(write=True)  # type: ignore[attr-defined]
        pipeline = client.pipeline(transaction=False)
        for key, window in windows:
            name = self.make_and_validate_key(key)
            pipeline.set(name, 0, ex=window, nx=True)
            pipeline.incr(name)
        pipeline.execute()
