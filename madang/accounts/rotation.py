"""Rotating the keys that live outside the database.

Both run while the site serves; each member is handled in its own short
transaction, so a rotation stopped halfway can simply be run again.
"""

from __future__ import annotations

import hashlib
import hmac

from django.db import transaction

from madang.accounts import crypto, memberkeys
from madang.accounts.backends import forget_member
from madang.accounts.models import ClientTrace, Member
from madang.accounts.pseudonym import author_ref_for, holders


def rotate_data_key() -> dict[str, int]:
    """Re-encrypt every e-mail under the newest ``MADANG_DATA_KEY`` and rebuild the indexes.

    Run with ``MADANG_DATA_KEY=new,old``; once it is done, drop the old key.
    Raw client addresses still held (under 48 hours) are hashed anew; older
    hashes stay under the old key and simply stop matching new ones. The rows
    of members' reading move to their member key under the newest key, in
    every column an app registered (``memberkeys.register_holder``).
    """
    members = 0
    for member in Member.objects.exclude(email_cipher="").iterator(chunk_size=500):
        address = crypto.decrypt_email(member.email_cipher)
        if not address:
            continue
        Member.objects.filter(pk=member.pk).update(
            email_cipher=crypto.reencrypt_email(member.email_cipher),
            email_index=crypto.email_index(address),
        )
        forget_member(member.pk)
        members += 1
    traces = 0
    for trace in ClientTrace.objects.filter(address__isnull=False).iterator(chunk_size=500):
        ClientTrace.objects.filter(pk=trace.pk).update(
            address_hash=crypto.address_hash(str(trace.address))
        )
        traces += 1
    rows = dict.fromkeys(memberkeys.holders(), 0)
    for member_id in Member.objects.values_list("pk", flat=True).iterator(chunk_size=5000):
        for name, count in memberkeys.move_to_newest_key(member_id).items():
            rows[name] += count
    return {"members": members, "traces": traces, **rows}


def rotate_pseudonym_key(old_key: str) -> dict[str, int]:
    """Move every member's writing from references under ``old_key`` to the current key,
    in every column an app registered (``pseudonym.register_holder``): rows moved, by name.

    Linear in members. Writing of members who have left keeps its old
    reference, which nothing can compute once the old key is destroyed.
    """
    columns = holders()
    moved = dict.fromkeys(columns, 0)
    for member_id in Member.objects.values_list("pk", flat=True).iterator(chunk_size=5000):
        old = hmac.new(old_key.encode(), str(member_id).encode(), hashlib.sha256).hexdigest()
        new = author_ref_for(member_id)
        if old == new:
            continue
        with transaction.atomic():
            for name, (model, field) in columns.items():
                rows = model._default_manager.filter(**{field: old})
                moved[name] += rows.update(**{field: new})
    return moved
