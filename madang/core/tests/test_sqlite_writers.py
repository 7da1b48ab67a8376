"""SQLite writers in one process queue on a lock of their own: none fails, none is lost,
and the lock is let go however a transaction ends."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from django.db import OperationalError

from madang.core.errors import BUSY, database_fault
from madang.core.sqlite.base import DatabaseWrapper, _writers


def wrapper_for(path, timeout: float = 20) -> DatabaseWrapper:
    """A connection to a database file of the test's own, set up as the embedded default's."""
    return DatabaseWrapper(
        {
            "ENGINE": "madang.core.sqlite",
            "NAME": str(path),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": timeout,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "TIME_ZONE": None,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "TEST": {},
        },
        alias="writers",
    )


def begin(wrapper: DatabaseWrapper) -> None:
    """What ``transaction.atomic`` does first on SQLite."""
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def end(wrapper: DatabaseWrapper, commit: bool = True) -> None:
    """...and last."""
    if commit:
        wrapper.commit()
    else:
        wrapper.rollback()
    wrapper.set_autocommit(True)


@pytest.fixture
def database(tmp_path, db):
    path = tmp_path / "writers.sqlite3"
    setup = wrapper_for(path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE line (writer INTEGER, n INTEGER)")
    setup.close()
    return path


def test_many_writers_in_one_process_all_land(database):
    failures: list[BaseException] = []

    def write(writer: int) -> None:
        wrapper = wrapper_for(database)
        try:
            for n in range(40):
                begin(wrapper)
                with wrapper.cursor() as cursor:
                    cursor.execute("INSERT INTO line VALUES (%s, %s)", [writer, n])
                end(wrapper)
        except BaseException as error:
            failures.append(error)
        finally:
            wrapper.close()

    threads = [threading.Thread(target=write, args=(writer,)) for writer in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    check = wrapper_for(database)
    with check.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM line")
        assert cursor.fetchone() == (8 * 40,)
    check.close()


def test_the_lock_is_let_go_after_a_rollback_and_after_a_close(database):
    lock = _writers(str(database))
    wrapper = wrapper_for(database)
    begin(wrapper)
    assert lock.locked()
    end(wrapper, commit=False)
    assert not lock.locked()
    begin(wrapper)
    assert lock.locked()
    wrapper.close()  # a connection dropped inside its transaction
    assert not lock.locked()
    begin(wrapper)  # and the next transaction of the process can write
    with wrapper.cursor() as cursor:
        cursor.execute("INSERT INTO line VALUES (1, 1)")
    end(wrapper)
    assert not lock.locked()
    wrapper.close()


def test_a_writer_waiting_past_the_busy_timeout_gets_a_busy_fault(database):
    """In the process's queue or in SQLite's own wait (another process holds the lock),
    a writer gives up after the timeout option with an error that answers 503."""
    first, second = wrapper_for(database), wrapper_for(database, timeout=0.2)
    begin(first)  # this process's other writer, still writing
    with pytest.raises(OperationalError) as queued:
        begin(second)
    assert database_fault(queued.value) is BUSY
    end(first, commit=False)
    first.close()
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process, still writing
    try:
        with pytest.raises(OperationalError) as waited:
            begin(second)
        assert database_fault(waited.value) is BUSY
    finally:
        other.execute("ROLLBACK")
        other.close()
        second.close()
