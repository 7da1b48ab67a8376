"""Fixtures of the live tests: the stream application, served in a thread of the test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from madang.live.stream import LiveApp
from madang.live.tests.streaming import Served, served
from madang.live.views import follow_post


@pytest.fixture
def live_settings(settings):  # type: ignore[no-untyped-def]
    """Quick looks and no heartbeat unless a test asks for one."""
    settings.MADANG_LIVE_POLL = 0.05
    settings.MADANG_LIVE_HEARTBEAT = 60.0
    return settings


def _serve() -> Iterator[Served]:
    with served(LiveApp(follow_post)) as running:
        yield running


@pytest.fixture
def database_stream(live_settings) -> Iterator[Served]:  # type: ignore[no-untyped-def]
    """The stream process as on the embedded default: no Redis, the database feed."""
    live_settings.REDIS_URL = ""
    yield from _serve()


@pytest.fixture
def redis_stream(live_settings) -> Iterator[Served]:  # type: ignore[no-untyped-def]
    """The stream process with Redis (tests marked ``redis``, so REDIS_URL is set)."""
    yield from _serve()
