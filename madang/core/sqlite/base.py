"""Django's SQLite backend, with the process's writers taking turns in a queue.

SQLite lets one transaction write at a time. Transactions start with BEGIN
IMMEDIATE, so a second writer waits at the start rather than failing half way,
but SQLite's own wait is a sleep that grows (up to a tenth of a second) and
retries: under many writers, one of them can sleep through many turns, and a
comment took over a second at the 99th percentile. The embedded default
serves from one process, so its writers can queue on a lock of their own
instead, and each wakes the moment the one before commits. SQLite's wait
still covers other processes (``madang worker``, a management command).

Past the busy timeout (the ``timeout`` option, ``MADANG_SQLITE_BUSY_TIMEOUT``)
a writer fails with "database is locked", whether it waited in this queue or
in SQLite, and the request answers 503 with Retry-After (``core/errors.py``).
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base

WAIT = 20.0  # seconds, without a timeout option: SQLite's own default is 5

_locks: dict[str, threading.Lock] = {}
_locks_lock = threading.Lock()


def _writers(name: str) -> threading.Lock:
    with _locks_lock:
        return _locks.setdefault(name, threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.writing: threading.Lock | None = None  # held from BEGIN to COMMIT or ROLLBACK

    def _start_transaction_under_autocommit(self) -> None:
        if self.is_in_memory_db():  # the test database: one connection per thread, no file
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
            return
        lock = _writers(str(self.settings_dict["NAME"]))
        if not lock.acquire(timeout=float(self.settings_dict["OPTIONS"].get("timeout", WAIT))):
            raise OperationalError("database is locked") from _busy()
        self.writing = lock
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._done_writing()
            raise

    def _set_autocommit(self, autocommit: bool) -> None:
        super()._set_autocommit(autocommit)  # type: ignore[misc]
        if autocommit:  # after the transaction's COMMIT or ROLLBACK
            self._done_writing()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            self._done_writing()

    def _done_writing(self) -> None:
        lock, self.writing = self.writing, None
        if lock is not None:
            lock.release()


def _busy() -> sqlite3.OperationalError:
    """The error SQLite gives a writer that waited past its busy timeout."""
    error = sqlite3.OperationalError("database is locked")
    error.sqlite_errorname = "SQLITE_BUSY"  # type: ignore[attr-defined]  # SQLite sets it
    return error
