"""The database away answers 503 with Retry-After; every other error keeps the 500 page.

The end-to-end version, with a real PostgreSQL restarted and stopped under a
running server, is madang/core/tests/test_fault_database_restart.py.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, ProgrammingError
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from madang.core.errors import RETRY_AFTER, database_unreachable

# Each kind: Django's class with its message, and the driver's error behind it.
FAILURES = {
    # What psycopg raises when the socket fails: refused, reset, timed out.
    "refused": (OperationalError, psycopg.OperationalError, "connection failed: refused"),
    "terminated": (OperationalError, psycopg.errors.AdminShutdown, "terminating connection"),
    "starting": (OperationalError, psycopg.errors.CannotConnectNow, "the system is starting up"),
    # Not about the connection: these stay 500s.
    "deadlock": (OperationalError, psycopg.errors.DeadlockDetected, "deadlock detected"),
    "sqlite": (OperationalError, sqlite3.OperationalError, "no such table: boards_post"),
    "interface": (InterfaceError, psycopg.InterfaceError, "the cursor is closed"),
    "programming": (ProgrammingError, psycopg.errors.UndefinedTable, "no such relation"),
}


def failure(kind: str) -> Exception:
    """As Django's database error wrapper raises it: its own class, the driver's error as cause."""
    django_class, driver_class, message = FAILURES[kind]
    error = django_class(message)
    error.__cause__ = driver_class(message)
    return error


def fail(request: HttpRequest, kind: str) -> HttpResponse:
    raise failure(kind)


urlpatterns = [path("fail/<str:kind>", fail)]
handler500 = "madang.core.errors.server_error"


@pytest.fixture
def browser_client(db: None) -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("kind", ["refused", "terminated", "starting"])
def test_a_lost_database_answers_503_with_retry_after(browser_client, kind):
    response = browser_client.get(f"/fail/{kind}")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "데이터베이스에 잠시 연결할 수 없어" in page
    assert f"{RETRY_AFTER}초쯤 뒤에" in page
    assert response["Content-Security-Policy"].startswith("default-src 'self'")


@pytest.mark.urls(__name__)
def test_the_503_page_speaks_the_readers_language(browser_client):
    response = browser_client.get("/fail/refused", headers={"accept-language": "en"})
    assert response.status_code == 503
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "could not reach the database" in page


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("kind", ["deadlock", "sqlite", "interface", "programming"])
def test_other_database_errors_stay_500s(browser_client, kind):
    response = browser_client.get(f"/fail/{kind}")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "잠시 문제가 생겼습니다" in response.content.decode()


def test_only_connection_failures_from_postgresql_count():
    assert database_unreachable(failure("refused"))
    assert not database_unreachable(None)
    assert not database_unreachable(ValueError("not a database error"))
    bare = OperationalError("raised by hand, with no driver error behind it")
    assert not database_unreachable(bare)


@pytest.fixture
def logged(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Records of django.request and of madang (which does not propagate to the root)."""
    madang_logger = logging.getLogger("madang")
    madang_logger.addHandler(caplog.handler)
    yield caplog
    madang_logger.removeHandler(caplog.handler)


@pytest.mark.urls(__name__)
def test_a_lost_database_is_one_warning_line_not_a_traceback(browser_client, logged):
    browser_client.get("/fail/refused")
    records = [(r.name, r.levelname, r.exc_info) for r in logged.records]
    assert records == [("madang.core.errors", "WARNING", None)]
    assert "answered 503: GET /fail/refused" in logged.records[0].getMessage()


@pytest.mark.urls(__name__)
def test_other_errors_are_still_logged_with_their_traceback(browser_client, logged):
    browser_client.get("/fail/programming")
    [record] = [r for r in logged.records if r.name == "django.request"]
    assert record.levelname == "ERROR"
    assert record.exc_info is not None
