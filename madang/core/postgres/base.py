"""Django's PostgreSQL backend, with a cheaper health check.

With ``CONN_HEALTH_CHECKS``, Django asks a reused connection ``SELECT 1``
before the first query of every request: one more round trip on each write,
and a seventh of a comment's. A connection the server has ended (a restart, a
stop, an idle timeout) has something to read before the client sends anything:
the server's last message, or the end of the stream. So an idle connection
with nothing to read is taken as healthy, and only one with something waiting
is asked. A connection that failed in the request before is still asked, by
Django itself (``close_if_unusable_or_obsolete``).
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled  # type: ignore[attr-defined]
            and not self.health_check_done  # type: ignore[has-type]
            and _quiet(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()


def _quiet(connection: base.Database.Connection) -> bool:  # type: ignore[name-defined]
    """Idle, and nothing from the server waiting to be read."""
    try:
        if connection.closed or connection.info.transaction_status != TransactionStatus.IDLE:
            return False
        readable, _, _ = select.select([connection.fileno()], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable
