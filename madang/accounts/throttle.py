"""Counters of failures and requests (login, password reset, sign-up) and of writes.

Why not django-axes or django-ratelimit: axes locks an account by its name,
which is exactly the lockout an attacker can use against someone else, and it
stores raw addresses and names together; ratelimit counts requests, not
failures, and on the database cache its increments are not atomic. This module
counts atomically (Redis INCR, or one UPDATE ... SET count = count + 1), under
keyed hashes. What a full counter does is the caller's: a login past its limits
asks for the mailbox instead of locking anyone out (``accounts/login_gate.py``).

When the counter store fails (Redis down) the check fails closed: the attempt
is refused rather than let through uncounted. Login, reset and sign-up say so
with a 503 and a short Retry-After, not as "too many attempts" with an hour to wait.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from madang.accounts.crypto import keyed_hash
from madang.accounts.models import ThrottleCounter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    window: int  # seconds


# Login failures. Past any of its limits a login from a place the account does not know
# takes the mailbox instead of the password alone (a one-time link); nothing locks.
LOGIN_PER_ACCOUNT = Limit("login-account", 100, 3600)  # from browsers the account has not used
LOGIN_PER_ADDRESS = Limit("login-address", 50, 3600)  # one address, any accounts
LOGIN_PER_DEVICE = Limit("login-device", 20, 3600)  # a browser the account has logged in from
LOGIN_PER_KNOWN_ADDRESS = Limit("login-known-address", 20, 3600)  # one account, one address
LOGIN_LINKS_PER_ACCOUNT = Limit("login-links", 5, 3600)  # one-time login links mailed
# Password reset: requests from one address; mails to one mailbox asked for from one
# place (address, or browser), and from all the places its member has not used.
RESET_PER_ADDRESS = Limit("reset-address", 10, 3600)
RESET_PER_REQUESTER = Limit("reset-requester", 3, 3600)
RESET_PER_ACCOUNT = Limit("reset-account", 5, 3600)
# Sign-up: every attempt from one address or browser; mails to one mailbox.
SIGNUP_PER_ADDRESS = Limit("signup-address", 20, 3600)
SIGNUP_PER_DEVICE = Limit("signup-device", 10, 3600)
SIGNUP_MAILS_PER_MAILBOX = Limit("signup-mailbox", 3, 3600)
# Seconds to wait before trying again when the counter store cannot be reached.
RETRY_WHEN_UNAVAILABLE = 30


class ThrottleUnavailable(Exception):
    """The counter store cannot be reached."""


def _key(limit: Limit, value: str) -> str:
    return f"throttle:{limit.name}:{keyed_hash(value, limit.name)}"


def hits(limit: Limit, value: str) -> int:
    return hits_many([(limit, value)])[0]


def _in_redis(in_database: bool) -> bool:
    return bool(settings.REDIS_URL) and not in_database


def hits_many(pairs: list[tuple[Limit, str]], *, in_database: bool = False) -> list[int]:
    """The counts of several limits, read together (one round trip). ``in_database``
    counts in the table even when Redis is configured (the write limits while Redis
    is away: boards/limits.py)."""
    keys = [_key(limit, value) for limit, value in pairs]
    try:
        if _in_redis(in_database):
            found = cache.get_many(keys)
        else:
            now = timezone.now()
            found = dict(
                ThrottleCounter.objects.filter(key__in=keys, expires_at__gt=now).values_list(
                    "key", "count"
                )
            )
    except Exception as error:
        log.warning("throttle store unavailable: %s", type(error).__name__)
        raise ThrottleUnavailable from error
    return [int(found.get(key) or 0) for key in keys]


def first_over(pairs: list[tuple[Limit, str]]) -> Limit | None:
    """The first limit whose value has used up its count, read together; ThrottleUnavailable
    when the store cannot tell."""
    for (limit, _value), count in zip(pairs, hits_many(pairs), strict=True):
        if count >= limit.count:
            return limit
    return None


def is_over(limit: Limit, value: str) -> bool:
    """True when the value has used up its failures; ThrottleUnavailable when we cannot tell.

    For callers that answer "cannot check now" differently from "too many".
    """
    return hits(limit, value) >= limit.count


def is_blocked(limit: Limit, value: str) -> bool:
    """True when the value has used up its failures, or when we cannot tell."""
    try:
        return is_over(limit, value)
    except ThrottleUnavailable:
        return True


def record(limit: Limit, value: str) -> None:
    record_many([(limit, value)])


def record_many(pairs: list[tuple[Limit, str]], *, in_database: bool = False) -> None:
    """Count one more against each limit; with Redis, in one round trip."""
    windows = [(_key(limit, value), limit.window) for limit, value in pairs]
    try:
        if _in_redis(in_database):
            cache.count_in_windows(windows)  # type: ignore[attr-defined]  # BreakerRedisCache
        else:
            for key, window in windows:
                _record_in_database(key, window)
    except Exception as error:
        log.warning("throttle store unavailable: %s", type(error).__name__)


def _record_in_database(key: str, window: int) -> None:
    now = timezone.now()
    with transaction.atomic():
        updated = ThrottleCounter.objects.filter(key=key, expires_at__gt=now).update(
            count=F("count") + 1
        )
        if updated:
            return
        expires = now + timedelta(seconds=window)
        try:
            with transaction.atomic():
                ThrottleCounter.objects.update_or_create(
                    key=key, defaults={"count": 1, "expires_at": expires}
                )
        except IntegrityError:  # another process created it first
            ThrottleCounter.objects.filter(key=key).update(count=F("count") + 1)


def retry_after(limit: Limit, value: str, *, in_database: bool = False) -> int:
    """Seconds until the value's window ends (the whole window when unknown)."""
    key = _key(limit, value)
    if _in_redis(in_database):
        return limit.window  # Django's Redis cache does not expose the key's TTL
    try:
        row = ThrottleCounter.objects.filter(key=key).values("expires_at").first()
    except Exception:
        return limit.window
    if not row:
        return limit.window
    return max(1, int((row["expires_at"] - timezone.now()).total_seconds()))


def clear(limit: Limit, value: str) -> None:
    key = _key(limit, value)
    try:
        if settings.REDIS_URL:
            cache.delete(key)
        else:
            ThrottleCounter.objects.filter(key=key).delete()
    except Exception as error:
        log.warning("throttle store unavailable: %s", type(error).__name__)


def purge_expired() -> int:
    """Expired counters, and the other short-lived rows of login and sign-up: a login
    link's expiry, to the second, would tell when its member tried to log in."""
    from madang.accounts.models import LoginLink, PendingSignup

    now = timezone.now()
    deleted = 0
    for model in (ThrottleCounter, LoginLink, PendingSignup):
        count, _ = model.objects.filter(expires_at__lte=now).delete()
        deleted += count
    return deleted
