"""A purged client address is gone from the table's files, not only from its rows.

PostgreSQL keeps an updated row's old version in the table's pages until a
vacuum reuses its space: a copy of the data directory would still hold the
address. These tests read the relation files through the server
(``pg_read_binary_file``, as a superuser, after a checkpoint), so they do not
need to read the data directory themselves.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from madang.accounts.actions import record_client_trace
from madang.accounts.models import ClientTrace

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

OLD = ["2001:db8:dead:beef:cafe:f00d:1234:5678", "198.51.100.213"]
RECENT = "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff"


def relation_bytes(paths: set[str]) -> bytes:
    """The files of the given relations (and of every index of the table) as on disk."""
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")  # what the buffers hold, written to the files
        found = b""
        for path in sorted(paths):
            cursor.execute(  # a file gone since (a rewrite's old one) reads as nothing
                "SELECT pg_read_binary_file(%s, 0, size, true) FROM pg_stat_file(%s, true)",
                [path, path],
            )
            found += bytes(cursor.fetchone()[0] or b"")
        return found


def table_files() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_relation_filepath(c.oid) FROM pg_class c WHERE c.oid = %s::regclass"
            " OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = %s::regclass)"
            " OR c.oid = (SELECT reltoastrelid FROM pg_class WHERE oid = %s::regclass)",
            [ClientTrace._meta.db_table] * 3,
        )
        return {row[0] for row in cursor.fetchall() if row[0]}


def packed(address: str) -> bytes:
    return ipaddress.ip_address(address).packed


def test_purged_addresses_leave_no_bytes_in_the_table_files():
    for number, address in enumerate([*OLD, RECENT]):
        record_client_trace(kind=ClientTrace.Kind.POST, object_id=number, address=address)
    ClientTrace.objects.filter(address__in=OLD).update(
        created_at=timezone.now() - timedelta(hours=49)
    )
    before = table_files()
    stored = relation_bytes(before)
    assert all(packed(address) in stored for address in [*OLD, RECENT])  # the test can see them
    call_command("purge_client_addresses", verbosity=0)
    assert ClientTrace.objects.filter(address__isnull=False).count() == 1
    files = relation_bytes(before | table_files())
    assert packed(RECENT) in files  # under 48 hours: still kept
    for address in OLD:
        assert packed(address) not in files, address


def test_a_rewrite_kept_waiting_is_done_at_the_next_purge(monkeypatch):
    """Behind a long reader of the table (a backup), the rewrite gives up rather than hold
    every write up behind it; the next purge rewrites, though it has nothing new to forget."""
    import psycopg
    from django.db.utils import OperationalError
    from psycopg import sql

    from madang.accounts import actions

    monkeypatch.setattr(actions, "REWRITE_LOCK_WAIT", "200ms")
    record_client_trace(kind=ClientTrace.Kind.POST, object_id=1, address=OLD[0])
    ClientTrace.objects.update(created_at=timezone.now() - timedelta(hours=49))
    reader = psycopg.connect(**connection.get_connection_params())
    try:
        table = sql.Identifier(ClientTrace._meta.db_table)
        reader.execute(sql.SQL("SELECT count(*) FROM {}").format(table))  # holds its lock
        with pytest.raises(OperationalError):
            actions.purge_client_addresses()
    finally:
        reader.close()
    before = table_files()
    assert packed(OLD[0]) in relation_bytes(before)
    assert actions.purge_client_addresses() == 0
    assert packed(OLD[0]) not in relation_bytes(before | table_files())
