"""Every write to members, invitations and client traces goes through these functions."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.accounts import crypto
from madang.accounts.backends import forget_member
from madang.accounts.models import ClientTrace, InvitationCode, Member
from madang.accounts.sessions import end_member_sessions

RAW_ADDRESS_HOURS = 48
REWRITE_LOCK_WAIT = "5s"  # how long the traces' rewrite waits for the table, at most

_rewrite_owed = False  # addresses were forgotten that a failed rewrite left in the files


class SignupRefused(Exception):
    """Sign-up is closed, or the invitation code does not work."""


def day_of(moment: datetime) -> datetime:
    """Midnight (Seoul) of the moment's day.

    Sign-up and login times are kept to the day: to the minute they could be
    matched with the time of a member's first or next post.
    """
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def invitation_hash(code: str) -> str:
    return crypto.keyed_hash(code.strip(), "invitation")


def issue_invitation(
    *, label: str = "", max_uses: int = 1, expires_at: datetime | None = None
) -> tuple[str, InvitationCode]:
    """A new code; the code itself is returned once and only its hash is stored."""
    code = secrets.token_urlsafe(9)
    invitation = InvitationCode.objects.create(
        code_hash=invitation_hash(code), label=label, max_uses=max_uses, expires_at=expires_at
    )
    return code, invitation


def check_invitation(code: str) -> None:
    """Refuses a code that does not work now; using it up waits for the sign-up's end."""
    now = timezone.now()
    usable = (
        InvitationCode.objects.filter(code_hash=invitation_hash(code), used__lt=F("max_uses"))
        .exclude(expires_at__lte=now)
        .exists()
    )
    if not usable:
        raise SignupRefused(_("초대 코드가 맞지 않거나 이미 다 쓰였습니다."))


def use_invitation(*, code_hash: str) -> None:
    now = timezone.now()
    used = (
        InvitationCode.objects.filter(code_hash=code_hash, used__lt=F("max_uses"))
        .exclude(expires_at__lte=now)
        .update(used=F("used") + 1)
    )
    if not used:
        raise SignupRefused(_("초대 코드가 맞지 않거나 이미 다 쓰였습니다."))


def note_login(*, member: Member) -> None:
    """Replaces Django's last_login update with a day-precision one."""
    day = day_of(timezone.now())
    if member.last_login != day:
        Member.objects.filter(pk=member.pk).update(last_login=day)
        forget_member(member.pk)
        member.last_login = day


def change_email(*, member: Member, email: str) -> Member:
    member.set_email(email)
    member.save(update_fields=["email_cipher", "email_index"])
    return member


def end_sessions_of(*, member: Member) -> int:
    """Delete every stored session that belongs to the member."""
    return end_member_sessions(member.pk)


def delete_member(*, member: Member) -> None:
    """Remove the member; their writing stays, anonymous and now unlinkable.

    Writing holds only HMAC(key, member id). Once the row is gone, no id is left
    to recompute the reference from, and ids are never handed out again
    (PostgreSQL identity, SQLite AUTOINCREMENT), so no later member inherits it.
    """
    with transaction.atomic():
        end_sessions_of(member=member)
        member.delete()


def record_client_trace(*, kind: ClientTrace.Kind, object_id: int, address: str) -> None:
    ClientTrace.objects.create(
        kind=kind,
        object_id=object_id,
        address=address or None,
        address_hash=crypto.address_hash(address),
    )


def purge_client_addresses(*, now: datetime | None = None) -> int:
    """Forget raw client addresses older than 48 hours, keeping their keyed hashes,
    and leave none readable in the table's files.

    Setting the column to NULL is not enough on PostgreSQL: an UPDATE writes a new
    version of the row, and the old one, address and all, stays in the table's pages
    until its space is reused, which may be never; a plain VACUUM only marks that
    space free, the bytes stay. So the table is then rewritten (``VACUUM FULL``): the
    live rows are copied into new files and the old files emptied and deleted.
    """
    global _rewrite_owed
    cutoff = (now or timezone.now()) - timedelta(hours=RAW_ADDRESS_HOURS)
    forgotten = ClientTrace.objects.filter(created_at__lt=cutoff, address__isnull=False).update(
        address=None
    )
    if forgotten or _rewrite_owed:
        _rewrite_owed = True
        # VACUUM cannot run inside a transaction: after the caller's commits, if any.
        transaction.on_commit(_rewrite_client_traces)
    return forgotten


def _rewrite_client_traces() -> None:
    """Rewrite the traces' table into new files (PostgreSQL). It holds the table's lock
    while it runs, so writes that record a trace wait for it (about four seconds per
    million traces); it gives up after REWRITE_LOCK_WAIT of waiting for the lock (behind
    a backup, say) rather than hold every write up behind it, and the next purge tries
    again. On SQLite the purge does no more (docs/privacy.md, "Limits")."""
    global _rewrite_owed
    if connection.vendor != "postgresql":
        _rewrite_owed = False
        return
    table = connection.ops.quote_name(ClientTrace._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SET lock_timeout = '{REWRITE_LOCK_WAIT}'")
        try:
            cursor.execute(f"VACUUM FULL {table}")
        finally:
            cursor.execute("RESET lock_timeout")
    _rewrite_owed = False
