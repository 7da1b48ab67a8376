"""Author references: the only link between a member and their writing.

``author_ref = HMAC-SHA256(MADANG_PSEUDONYM_KEY, member id)``. The key lives in
the environment or in a file under var/, never in the database, so a copy of
the database alone cannot tell who wrote what.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

AUTHOR_REF_LENGTH = 64  # hex digits of a SHA-256 digest


def author_ref_for(member_id: int) -> str:
    key = settings.MADANG_PSEUDONYM_KEY.encode()
    return hmac.new(key, str(member_id).encode(), hashlib.sha256).hexdigest()
