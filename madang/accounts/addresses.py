"""Raw client addresses: kept 48 hours with the writing they came with, then forgotten.

Forgetting an address must leave nothing readable. Setting the column to NULL
is not enough on PostgreSQL: an UPDATE writes a new version of the row, and
the old one, address and all, stays in the table's pages until its space is
reused, which may be never; a plain VACUUM only marks that space free, and the
bytes stay. So after a purge the table is rewritten (``VACUUM FULL``): the rows
still alive are copied into new files, and the old files are emptied and
deleted. The rewrite holds the table's lock while it runs, and writes that
record a trace wait for it: it takes about four seconds per million traces
(docs/privacy.md). It gives up after a few seconds of waiting for the lock
(behind a backup, say) rather than hold every write up behind it, and is tried
again at the next purge.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from madang.accounts.models import ClientTrace

log = logging.getLogger(__name__)

RAW_ADDRESS_HOURS = 48
LOCK_WAIT = "5s"  # how long the rewrite waits for the table before trying next time

_rewrite_owed = False  # a purge forgot addresses that a failed rewrite left in the files


def purge_client_addresses(*, now: datetime | None = None) -> int:
    """Forget raw client addresses older than 48 hours, keeping their keyed hashes,
    and rewrite the table so that no old row version still holds one."""
    global _rewrite_owed
    cutoff = (now or timezone.now()) - timedelta(hours=RAW_ADDRESS_HOURS)
    forgotten = ClientTrace.objects.filter(created_at__lt=cutoff, address__isnull=False).update(
        address=None
    )
    if forgotten or _rewrite_owed:
        _rewrite_owed = True
        # VACUUM cannot run inside a transaction: after the caller's commits, if any.
        transaction.on_commit(rewrite_client_traces)
    return forgotten


def rewrite_client_traces() -> None:
    """Rewrite the traces' table into new files (PostgreSQL); elsewhere, nothing to do."""
    global _rewrite_owed
    if connection.vendor != "postgresql":
        _rewrite_owed = False
        return
    table = connection.ops.quote_name(ClientTrace._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SET lock_timeout = '{LOCK_WAIT}'")
        try:
            cursor.execute(f"VACUUM FULL {table}")
        finally:
            cursor.execute("RESET lock_timeout")
    _rewrite_owed = False
