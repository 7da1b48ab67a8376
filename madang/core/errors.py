"""The server-error page, and the errors that are not ours: the database away or unwritable.

When PostgreSQL refuses connections, or drops one in the middle of a request (a
restart, a failover), the request cannot be answered, but nothing is broken
either: the reader should try again in a moment, and the worker's next request
opens a fresh connection by itself (``CONN_HEALTH_CHECKS`` tests a kept
connection before its first use; Django drops one that failed). The same holds
for a database that takes no writes for now (read-only, full) and for SQLite's
write lock held by another process past the busy timeout. Such a request gets a
plain 503 with ``Retry-After`` instead of the 500 page, and the page gives back
what the reader typed, in a form that sends it again. Every other error,
programming errors included, still gets the 500 page and its log entry.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from dataclasses import dataclass

from django.db import DatabaseError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext
from django.views import defaults

log = logging.getLogger(__name__)

RETRY_AFTER = 10  # seconds: a restart or a failover takes a few


@dataclass(frozen=True)
class DatabaseFault:
    kind: str  # the 503 page says which
    retry_after: int  # seconds


UNREACHABLE = DatabaseFault("unreachable", RETRY_AFTER)
UNWRITABLE = DatabaseFault("unwritable", 30)  # read-only or full: someone has to act
BUSY = DatabaseFault("busy", RETRY_AFTER)  # another process held the write lock too long

# SQLSTATEs of a lost or refused connection: class 08 (connection exception),
# the server shutting down or starting up (57P01-57P03), no free connection (53300).
CONNECTION_STATES = frozenset({"57P01", "57P02", "57P03", "53300"})
# A read-only transaction (a standby, default_transaction_read_only); with class 53
# (insufficient resources: disk full, out of memory), the database takes no writes.
READ_ONLY_STATE = "25006"
# SQLite's result codes (extended ones start with these): the write lock was held past
# the busy timeout; the file is full or read-only.
SQLITE_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")
SQLITE_UNWRITABLE = ("SQLITE_FULL", "SQLITE_READONLY")


def database_fault(error: BaseException | None) -> DatabaseFault | None:
    """The fault of the database behind ``error``, or None for any other error.

    Django wraps the driver's error in its own class, with the driver's as the
    cause. psycopg 3 reports a failed socket as OperationalError with no
    SQLSTATE, the server's refusals with theirs. Its InterfaceError means
    misuse (a closed cursor); a deadlock, a missing table, a failed
    transaction are errors of ours: all of these stay 500s.
    """
    if not isinstance(error, DatabaseError):
        return None
    cause = error.__cause__
    if isinstance(cause, sqlite3.Error):
        name = getattr(cause, "sqlite_errorname", "") or ""
        if name.startswith(SQLITE_BUSY):
            return BUSY
        return UNWRITABLE if name.startswith(SQLITE_UNWRITABLE) else None
    import psycopg

    if not isinstance(cause, psycopg.Error):
        return None
    state = cause.sqlstate
    if isinstance(error, OperationalError) and (
        state is None or state.startswith("08") or state in CONNECTION_STATES
    ):
        return UNREACHABLE
    if state is not None and (state == READ_ONLY_STATE or state.startswith("53")):
        return UNWRITABLE
    return None


def database_unreachable(error: BaseException | None) -> bool:
    """True for a connection PostgreSQL refused, dropped or is closing."""
    return database_fault(error) is UNREACHABLE


def typed_fields(request: HttpRequest) -> list[tuple[str, str]]:
    """What the reader sent with the request, to give back: never a password or the
    CSRF token (the page carries a token of its own)."""
    if request.method != "POST":
        return []
    try:
        sent = [(name, value) for name, values in request.POST.lists() for value in values]
    except Exception:  # a body too big, or not a form: nothing to give back
        return []
    return [
        (name, value)
        for name, value in sent
        if name != "csrfmiddlewaretoken" and "password" not in name.lower()
    ]


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500: called while the uncaught exception is being handled."""
    error = sys.exc_info()[1]
    fault = database_fault(error)
    if fault is None:
        # Django's own handler would draw the page without the reader's language. No
        # base template and no request: what failed may be the database.
        language = translation.get_language() or "ko"
        return HttpResponseServerError(render_to_string("500.html", {"language": language}))
    if "application/json" in request.headers.get("Accept", ""):  # a script (the uploads)
        message = gettext("지금은 저장할 수 없습니다. 잠시 뒤에 다시 시도해 주세요.")
        response: HttpResponse = JsonResponse({"error": message}, status=503)
    else:
        response = _fault_page(request, fault)
    response["Retry-After"] = str(fault.retry_after)
    response["Cache-Control"] = "no-store"
    # One line per request instead of Django's traceback: during an outage every
    # request fails the same way, and the tracebacks would bury everything else.
    reason = " ".join(str(error).split())  # psycopg's messages span lines
    log.warning(
        "database %s, answered 503: %s %s: %s", fault.kind, request.method, request.path, reason
    )
    response._has_been_logged = True  # type: ignore[attr-defined]  # read by Django's log_response
    return response


def _fault_page(request: HttpRequest, fault: DatabaseFault) -> HttpResponse:
    typed = typed_fields(request)
    # No base template: it asks who the reader is, and that needs the database.
    context = {
        "language": translation.get_language() or "ko",
        "fault": fault.kind,
        "retry_after": fault.retry_after,
        "typed": typed,
        "action": request.get_full_path(),
        "csrf_token": get_token(request) if typed else "",
    }
    response = HttpResponse(render_to_string("503.html", context), status=503)
    if request.headers.get("HX-Request"):
        # A fragment's request (a comment written in place): the whole page shows the
        # fault and gives back what was typed, rather than nothing happening.
        response["HX-Retarget"] = "body"
        response["HX-Reswap"] = "innerHTML"
    return response


def too_many_requests(
    request: HttpRequest, message: str, retry_after: int, back: str = ""
) -> HttpResponse:
    """429 for a page with nothing typed to give back (a search, a vote): the site's own
    page, in the reader's language, saying why and when, with a way back. Pages with a
    form (writing, logging in) answer their own form again with the same message."""
    context = {"message": message, "retry_after": retry_after, "back": back}
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's handler400: a request it could not read (a form part over its limits).
    A script that asked for JSON (the editor's uploads) gets its answer in JSON."""
    if "application/json" in request.headers.get("Accept", ""):
        message = gettext("보낸 내용을 읽을 수 없습니다. 파일 이름을 줄여서 다시 올려 주세요.")
        return JsonResponse({"error": message}, status=400)
    return defaults.bad_request(request, exception)
