"""Cache entries about one member, sealed.

Sessions, members and their reading overlays are read on every page a member
opens, so they are kept in the cache. A copy of the cache must tell no more
about who is who than a copy of the database: an entry named by a member id or
a session key, holding their settings, and living from their last page on,
would say who was active when, which lines up with when posts were written. So
every entry about a member is stored under a keyed hash of its name and sealed
(Fernet, under a key derived from ``MADANG_DATA_KEY``): without the keys, the
cache holds opaque names and opaque values. Sealing also authenticates, so a
value is only ever unpickled if madang wrote it.

Everything here is best effort: with the cache away, callers read the database.
"""

from __future__ import annotations

import logging
import pickle
from base64 import urlsafe_b64encode
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from madang.accounts.crypto import derive_key, keyed_hash

log = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet(
        [Fernet(urlsafe_b64encode(derive_key(key, "cache-sealing"))) for key in keys]
    )


def key(kind: str, name: object) -> str:
    """The cache key of an entry, for callers that read it along with others."""
    return f"sealed:{keyed_hash(f'{kind}:{name}', 'cache-name')}"


def get(kind: str, name: object) -> Any | None:
    try:
        token = cache.get(key(kind, name))
    except Exception as error:
        log.warning("cache away: %s", type(error).__name__)
        return None
    return unseal(token)


def unseal(token: bytes | None) -> Any | None:
    """The value of an entry read from the cache; None for none, or for one sealed
    under a key no longer configured."""
    if token is None:
        return None
    try:
        return pickle.loads(_cipher(tuple(settings.MADANG_DATA_KEYS)).decrypt(token))  # noqa: S301
    except InvalidToken:
        return None


def put(kind: str, name: object, value: object, timeout: float) -> None:
    if timeout <= 0:
        return
    sealed = _cipher(tuple(settings.MADANG_DATA_KEYS)).encrypt(pickle.dumps(value))
    try:
        cache.set(key(kind, name), sealed, timeout)
    except Exception as error:
        log.warning("cache away: %s", type(error).__name__)


def forget(kind: str, name: object) -> None:
    """Drop the entry now and again once the current transaction commits (a read
    in between may have cached what the transaction had not yet written)."""
    entry = key(kind, name)

    def drop() -> None:
        try:
            cache.delete(entry)
        except Exception as error:
            log.warning("cache entry not dropped: %s", type(error).__name__)

    drop()
    transaction.on_commit(drop)
