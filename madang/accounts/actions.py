"""Every write to members, invitations and client traces goes through these functions."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.accounts import crypto
from madang.accounts.backends import forget_member
from madang.accounts.models import ClientTrace, InvitationCode, Member
from madang.accounts.sessions import end_member_sessions

RAW_ADDRESS_HOURS = 48


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
    """Forget raw client addresses older than 48 hours, keeping their keyed hashes."""
    cutoff = (now or timezone.now()) - timedelta(hours=RAW_ADDRESS_HOURS)
    return ClientTrace.objects.filter(created_at__lt=cutoff, address__isnull=False).update(
        address=None
    )
