"""The server-error page, and the one error that is not ours: the database away.

When PostgreSQL refuses connections, or drops one in the middle of a request (a
restart, a failover), the request cannot be answered, but nothing is broken
either: the reader should try again in a moment, and the worker's next request
opens a fresh connection by itself (``CONN_HEALTH_CHECKS`` tests a kept
connection before its first use; Django drops one that failed). Such a request
gets a plain 503 with ``Retry-After`` instead of the 500 page. Every other
error, programming errors included, still gets the 500 page and its log entry.
"""

from __future__ import annotations

import logging
import sys

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults

log = logging.getLogger(__name__)

RETRY_AFTER = 10  # seconds: a restart or a failover takes a few

# SQLSTATEs of a lost or refused connection: class 08 (connection exception),
# the server shutting down or starting up (57P01-57P03), no free connection (53300).
CONNECTION_STATES = frozenset({"57P01", "57P02", "57P03", "53300"})


def database_unreachable(error: BaseException | None) -> bool:
    """True for a connection PostgreSQL refused, dropped or is closing.

    psycopg 3 reports all of these as OperationalError, with no SQLSTATE when
    the client saw the socket fail, or a state from the server's own notice.
    Its InterfaceError means misuse (a closed cursor), and SQLite errors (no
    such table, a lock) are never about a server going away: both stay 500s.
    """
    if not isinstance(error, OperationalError):
        return False
    import psycopg

    cause = error.__cause__
    if not isinstance(cause, psycopg.Error):
        return False
    state = cause.sqlstate
    return state is None or state.startswith("08") or state in CONNECTION_STATES


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500: called while the uncaught exception is being handled."""
    error = sys.exc_info()[1]
    if not database_unreachable(error):
        return defaults.server_error(request)
    # No base template: it asks who the reader is, and that needs the database.
    html = render_to_string(
        "503.html", {"language": translation.get_language() or "ko", "retry_after": RETRY_AFTER}
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    # One line per request instead of Django's traceback: during an outage every
    # request fails the same way, and the tracebacks would bury everything else.
    reason = " ".join(str(error).split())  # psycopg's messages span lines
    log.warning(
        "database unreachable, answered 503: %s %s: %s", request.method, request.path, reason
    )
    response._has_been_logged = True  # type: ignore[attr-defined]  # read by Django's log_response
    return response
