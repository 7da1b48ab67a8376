"""Where a login comes from: the client's network, and the addresses a member has used.

A member's right password from an address they have logged in from before is
taken even while strangers' failures slow the account down (OWASP: never let an
attacker's failures lock the owner out). The addresses are kept as
``HMAC(key, member id | address)``, with a key derived from the pseudonym key:

- keyed per member, two members who share an address share no row value;
- not the data key, which also hashes the client addresses of writing
  (``ClientTrace``): with the database and the data key one could try every
  IPv4 address against both and match writers to members. With the pseudonym
  key one can link writing to members directly, so it adds nothing there.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from madang.accounts.crypto import derive_key
from madang.accounts.models import LoginAddress, Member

MAX_PER_MEMBER = 10
KEEP_DAYS = 180


def network_of(address: str) -> str:
    """The address as counters see it: IPv6 clients get a whole /64 each, so they count
    as their network; IPv4 addresses count one by one."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


@lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    return derive_key(secret, "login-address")


def _digest(member_id: int, address: str) -> str:
    message = f"{member_id}|{network_of(address)}".encode()
    return hmac.new(_key(settings.MADANG_PSEUDONYM_KEY), message, hashlib.sha256).hexdigest()


def is_known_address(*, member: Member | None, address: str) -> bool:
    """Whether the member has logged in from this address (network) before.

    Without a member the same query runs, so that the work does not tell them apart.
    """
    member_id = member.pk if member is not None else 0
    return LoginAddress.objects.filter(
        member_id=member_id, digest=_digest(member_id, address)
    ).exists()


def remember_login_address(*, member: Member, address: str) -> None:
    """Note the address after a login; a member keeps their ten most recent."""
    today = timezone.localdate()
    digest = _digest(member.pk, address)
    with transaction.atomic():
        updated = LoginAddress.objects.filter(member=member, digest=digest).update(last_used=today)
        if not updated:
            try:
                with transaction.atomic():
                    LoginAddress.objects.create(member=member, digest=digest, last_used=today)
            except IntegrityError:  # the same login twice at once
                pass
        rows = LoginAddress.objects.filter(member=member)
        stale = rows.filter(last_used__lt=today - timedelta(days=KEEP_DAYS))
        old = rows.order_by("-last_used", "-pk").values_list("pk", flat=True)[MAX_PER_MEMBER:]
        stale.delete()
        LoginAddress.objects.filter(pk__in=list(old)).delete()
