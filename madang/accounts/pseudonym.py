"""Author references: the only link between a member and their writing.

``author_ref = HMAC-SHA256(MADANG_PSEUDONYM_KEY, member id)``. The key lives in
the environment or in a file under var/, never in the database, so a copy of
the database alone cannot tell who wrote what.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db.models import Model

AUTHOR_REF_LENGTH = 64  # hex digits of a SHA-256 digest

# The columns that hold author references, by plural name, each registered by the app
# that owns it (``AppConfig.ready``): ``rotation.rotate_pseudonym_key`` rewrites them all.
_holders: dict[str, tuple[type[Model], str]] = {}


def author_ref_for(member_id: int) -> str:
    key = settings.MADANG_PSEUDONYM_KEY.encode()
    return hmac.new(key, str(member_id).encode(), hashlib.sha256).hexdigest()


def register_holder(name: str, model: type[Model], field: str = "author_ref") -> None:
    """``model.field`` holds author references (``name``, plural, for reports)."""
    _holders[name] = (model, field)


def holders() -> dict[str, tuple[type[Model], str]]:
    return dict(_holders)
