"""Fixtures shared by the boards tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from madang.boards import viewcounts


@pytest.fixture
def counter(settings) -> Iterator[viewcounts.InProcessCounter | viewcounts.RedisCounter]:
    """A fresh view counter of the configured kind (Redis when REDIS_URL is set)."""
    settings.MADANG_VIEWS_MANUAL_FLUSH = True
    viewcounts._counter_for.cache_clear()
    current = viewcounts.counter()
    if isinstance(current, viewcounts.RedisCounter):
        for key in current.redis.scan_iter(f"{viewcounts._REDIS_PREFIX}*"):
            current.redis.delete(key)
    yield current
    viewcounts._counter_for.cache_clear()
