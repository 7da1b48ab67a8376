"""After Redis fails, calls are refused at once for a while, then one probes."""

from __future__ import annotations

import socket

import pytest
import redis

from madang.core import breaker
from madang.core.breaker import Breaker, BreakerRedisCache, RedisAway


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(breaker.time, "monotonic", clock)
    return clock


def test_a_failure_refuses_calls_until_one_probe_finds_redis_back(clock):
    calls: list[str] = []
    redis_up = False

    def command() -> str:
        calls.append("called")
        if not redis_up:
            raise redis.ConnectionError("refused")
        return "answer"

    guard = Breaker("test")
    with pytest.raises(redis.ConnectionError):
        guard.call(command)
    with pytest.raises(RedisAway):
        guard.call(command)  # refused without calling
    assert len(calls) == 1
    clock.now += breaker.PAUSE + 0.1
    with pytest.raises(redis.ConnectionError):
        guard.call(command)  # the probe, still failing
    assert len(calls) == 2
    clock.now += breaker.PAUSE + 0.1
    redis_up = True
    assert guard.call(command) == "answer"
    assert guard.call(command) == "answer"
    assert len(calls) == 4


def test_the_cache_backend_fails_fast_after_one_failure(clock):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens there once the socket closes
    cache = BreakerRedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}},
    )
    with pytest.raises(redis.ConnectionError) as first:
        cache.get("key")
    assert not isinstance(first.value, RedisAway)
    with pytest.raises(RedisAway):
        cache.set("key", 1)
    with pytest.raises(RedisAway):
        cache.get_many(["key"])
