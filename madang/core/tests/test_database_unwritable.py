"""A database that cannot take writes (read-only, full, or locked too long) answers 503.

PostgreSQL refuses writes in a read-only transaction (SQLSTATE 25006: a standby
promoted late, ``default_transaction_read_only``) and when it runs out of
resources (class 53: disk full, out of memory); SQLite says its file is locked
(another process holds the write lock past the busy timeout), full or
read-only. None of these is the reader's fault or a bug: the answer is a 503
with Retry-After, and the page gives back what they typed. The end-to-end
version, with a private cluster set read-only under a running server, is
``test_fault_database_read_only.py``.
"""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from django.db import InternalError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from madang.core.errors import database_fault


def _sqlite(name: str, message: str) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorname = name  # type: ignore[attr-defined]  # set by SQLite when it raises
    return error


# Each kind: Django's class, and the driver's error behind it.
FAILURES = {
    "read-only": (InternalError, psycopg.errors.ReadOnlySqlTransaction("read-only transaction")),
    "disk-full": (OperationalError, psycopg.errors.DiskFull("could not extend file")),
    "out-of-memory": (OperationalError, psycopg.errors.OutOfMemory("out of memory")),
    "sqlite-busy": (OperationalError, _sqlite("SQLITE_BUSY", "database is locked")),
    "sqlite-full": (OperationalError, _sqlite("SQLITE_FULL", "database or disk is full")),
    "sqlite-read-only": (
        OperationalError,
        _sqlite("SQLITE_READONLY", "attempt to write a readonly database"),
    ),
    # Not a fault of the database: these stay 500s.
    "failed-transaction": (InternalError, psycopg.errors.InFailedSqlTransaction("aborted")),
    "sqlite-no-table": (OperationalError, _sqlite("SQLITE_ERROR", "no such table: boards_post")),
}
UNWRITABLE = ["read-only", "disk-full", "out-of-memory", "sqlite-full", "sqlite-read-only"]


def failure(kind: str) -> Exception:
    """As Django's database error wrapper raises it: its own class, the driver's error as cause."""
    django_class, cause = FAILURES[kind]
    error = django_class(str(cause))
    error.__cause__ = cause
    return error


def fail(request: HttpRequest, kind: str) -> HttpResponse:
    raise failure(kind)


urlpatterns = [path("write/<str:kind>", fail)]
handler500 = "madang.core.errors.server_error"


@pytest.fixture
def browser(db: None) -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("kind", UNWRITABLE)
def test_a_database_that_takes_no_writes_answers_503_with_retry_after(browser, kind):
    fault = database_fault(failure(kind))
    assert fault is not None
    response = browser.post(f"/write/{kind}", {"title": "제목", "body": "쓰던 글"})
    assert response.status_code == 503
    assert response["Retry-After"] == str(fault.retry_after)
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "지금은 데이터베이스에 기록할 수 없어" in page
    assert f"{fault.retry_after}초쯤 뒤에" in page


@pytest.mark.urls(__name__)
def test_a_write_lock_held_too_long_answers_503(browser):
    response = browser.post("/write/sqlite-busy", {"body": "쓰던 댓글"})
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "다른 기록이 끝나기를 기다리다" in response.content.decode()


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("kind", ["failed-transaction", "sqlite-no-table"])
def test_other_errors_of_the_same_classes_stay_500s(browser, kind):
    assert database_fault(failure(kind)) is None
    response = browser.post(f"/write/{kind}", {"body": "쓰던 글"})
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.urls(__name__)
def test_the_503_page_speaks_the_readers_language(browser):
    response = browser.post("/write/read-only", {"body": "x"}, headers={"accept-language": "en"})
    assert response.status_code == 503
    assert "cannot write to the database" in response.content.decode()


@pytest.mark.urls(__name__)
def test_the_503_page_gives_back_what_was_typed_but_never_a_password(browser):
    typed = {"username": "마당쇠", "password": "hunter2 secret", "body": "쓰던 글 <b>그대로</b>"}
    response = browser.post("/write/read-only", typed)
    assert response.status_code == 503
    page = response.content.decode()
    assert "hunter2" not in page
    assert "쓰던 글 &lt;b&gt;그대로&lt;/b&gt;" in page


@pytest.mark.urls(__name__)
def test_a_fragment_request_shows_the_fault_on_the_whole_page(browser):
    """A comment written in place (htmx): the 503 page, with the typed text, takes the page."""
    response = browser.post(
        "/write/read-only", {"body": "제자리에서 쓴 댓글"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 503
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("body", "innerHTML")
    assert "제자리에서 쓴 댓글" in response.content.decode()
    plain = browser.post("/write/read-only", {"body": "그냥 쓴 댓글"})
    assert "HX-Retarget" not in plain


@pytest.mark.urls(__name__)
def test_a_script_that_asked_for_json_gets_the_fault_in_json(browser):
    """The editor's uploads read JSON: the fault comes as its message, with the wait."""
    response = browser.post("/write/read-only", {"x": "1"}, headers={"Accept": "application/json"})
    assert response.status_code == 503 and response["Content-Type"] == "application/json"
    assert "잠시 뒤에" in response.json()["error"]
    assert int(response["Retry-After"]) > 0
