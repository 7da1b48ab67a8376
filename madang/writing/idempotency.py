"""A retried submission is stored once.

Each write form carries a random token that the browser makes when the form is
shown (madang.js) and sends again with every retry of the same submission: a
reload after a 503, a connection that broke after the commit. The post or
comment keeps a key made from the writer and that token (``submission_key``,
unique), so a second insert of the same submission fails in the database and
the retry is answered with what the first one stored. The happy path costs no
query: the unique index is the check.

The key is a hash of the writer's author reference and the token, which is
never stored, so it ties nothing to anyone. A form without a token (no
JavaScript) is written as before, without the protection.
"""

from __future__ import annotations

import hashlib
import re

_TOKEN = re.compile(r"[0-9a-f]{32}")


def submission_key(author_ref: str, token: str) -> str | None:
    """The key of one writer's submission, or None for a missing or malformed token."""
    token = token.replace("-", "").lower()
    if not _TOKEN.fullmatch(token):
        return None
    return hashlib.blake2b(f"{author_ref}:{token}".encode(), digest_size=16).hexdigest()
