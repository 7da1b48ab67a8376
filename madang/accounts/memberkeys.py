"""Member keys: how the rows of one member's reading name them without their id.

Scraps, read notices and reading filters belong to one member, and sit next to
posts and notices whose pages the cache holds. A row naming the member id there
would let a copy of the database, with a copy of the cache, tell who keeps and
reads what. Such rows hold ``member_key = HMAC(k, member id)`` instead, k
derived from the data key (``MADANG_DATA_KEY``) for this use alone. Without the
key, nothing computes a member's key from their id; and it is not their author
reference (which comes from the pseudonym key), so their scraps cannot be
matched with their writing either.

While the data key is being rotated (``MADANG_DATA_KEY=new,old``), a member has
a key under each; reads ask for all of them (``member_keys``), writes use the
newest (``member_key``), and ``madang rotate_data_key`` moves every row to the
newest, in each column the apps registered (``register_holder``).
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Model

from madang.accounts.crypto import derive_key

MEMBER_KEY_LENGTH = 32  # hex digits: 128 bits
PURPOSE = "member-rows"

# The columns holding member keys, by plural name, each registered by the app that owns
# it (``AppConfig.ready``): ``rotation.rotate_data_key`` moves them all to the newest key.
_holders: dict[str, tuple[type[Model], str]] = {}


@lru_cache(maxsize=8)
def _key(secret: str) -> bytes:
    return derive_key(secret, PURPOSE)


def member_key_under(secret: str, member_id: int) -> str:
    digest = hmac.new(_key(secret), str(member_id).encode(), hashlib.sha256)
    return digest.hexdigest()[:MEMBER_KEY_LENGTH]


def member_key(member_id: int) -> str:
    """The key new rows of this member are written under (the newest data key's)."""
    return member_key_under(settings.MADANG_DATA_KEYS[0], member_id)


def member_keys(member_id: int) -> list[str]:
    """Every key this member's rows may be under, the newest first."""
    return [member_key_under(secret, member_id) for secret in settings.MADANG_DATA_KEYS]


def register_holder(name: str, model: type[Model], field: str = "member_key") -> None:
    """``model.field`` holds member keys (``name``, plural, for reports)."""
    _holders[name] = (model, field)


def holders() -> dict[str, tuple[type[Model], str]]:
    return dict(_holders)


def move_to_newest_key(member_id: int) -> dict[str, int]:
    """Rows of the member under an older data key, moved to the newest: how many, by name.

    A row that exists under both (written during the rotation) keeps the newer one."""
    newest, *older = member_keys(member_id)
    moved = dict.fromkeys(_holders, 0)
    if not older:
        return moved
    with transaction.atomic():
        for name, (model, field) in _holders.items():
            rows = model._default_manager.filter(**{f"{field}__in": older})
            for pk in rows.values_list("pk", flat=True):
                try:
                    with transaction.atomic():
                        model._default_manager.filter(pk=pk).update(**{field: newest})
                    moved[name] += 1
                except IntegrityError:
                    model._default_manager.filter(pk=pk).delete()
    return moved
