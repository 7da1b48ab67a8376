"""Reused connections are checked without a round trip, and a connection the server
ended is still found out and replaced before a request uses it."""

from __future__ import annotations

import time

import pytest
from django.db import connection, connections

pytestmark = pytest.mark.postgres


@pytest.fixture
def fresh(db):
    """A connection of its own to the test database, as a worker holds between requests."""
    from madang.core.postgres.base import DatabaseWrapper

    wrapper = DatabaseWrapper(connections["default"].settings_dict, alias="health")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def next_request(wrapper) -> None:
    """What Django does around each request for a reused, health-checked connection."""
    wrapper.close_if_unusable_or_obsolete()
    wrapper.close_if_health_check_failed()


def test_the_backend_is_madangs():
    assert connection.settings_dict["ENGINE"] == "madang.core.postgres"
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_a_quiet_idle_connection_is_kept_without_asking_the_server(fresh, monkeypatch):
    def no_query() -> bool:
        raise AssertionError("asked the server")

    monkeypatch.setattr(fresh, "is_usable", no_query)
    before = fresh.connection
    next_request(fresh)
    assert fresh.connection is before


def test_a_connection_the_server_ended_is_replaced(fresh):
    pid = fresh.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while fresh.connection is not None and time.monotonic() < deadline:
        fresh.health_check_done = False
        next_request(fresh)
        time.sleep(0.01)
    assert fresh.connection is None  # closed before any query could fail on it
    with fresh.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert fresh.connection is not None
    assert fresh.connection.info.backend_pid != pid
