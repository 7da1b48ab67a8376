"""Fixtures of the live tests: the stream application, served in a thread of the test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from asgiref.sync import SyncToAsync
from django.db import connections

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
    """The stream application on a free port. Its database work runs in asgiref's one
    thread for synchronous code, whose connection is closed afterwards (PostgreSQL
    would not drop the test database while it is open)."""
    with served(LiveApp(follow_post)) as running:
        yield running
    SyncToAsync.single_thread_executor.submit(connections.close_all).result()


@pytest.fixture
def database_stream(live_settings) -> Iterator[Served]:  # type: ignore[no-untyped-def]
    """The stream process as on the embedded default: no Redis, the database feed."""
    live_settings.REDIS_URL = ""
    yield from _serve()


@pytest.fixture
def redis_stream(live_settings) -> Iterator[Served]:  # type: ignore[no-untyped-def]
    """The stream process with Redis (tests marked ``redis``, so REDIS_URL is set)."""
    yield from _serve()
