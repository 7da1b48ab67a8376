"""Device cookies: a browser that has logged in to an account before is trusted for it.

The cookie holds, signed, keyed hashes of the accounts that logged in from this
browser. A trusted browser skips the per-account failure limit (it has its own,
smaller one), so an attacker who floods an account with wrong passwords cannot
keep its owner out.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from madang.accounts.crypto import keyed_hash

COOKIE = "madang_device"
SALT = "madang.accounts.devices"
MAX_AGE = 365 * 24 * 3600
MAX_ACCOUNTS = 5


def account_token(username: str) -> str:
    return keyed_hash(username.strip().lower(), "device-account")


def trusted_tokens(request: HttpRequest) -> list[str]:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return []
    try:
        tokens = signing.loads(raw, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return []
    return [token for token in tokens if isinstance(token, str)][:MAX_ACCOUNTS]


def is_trusted(request: HttpRequest, username: str) -> bool:
    return account_token(username) in trusted_tokens(request)


def remember(request: HttpRequest, response: HttpResponse, username: str) -> None:
    token = account_token(username)
    tokens = [t for t in trusted_tokens(request) if t != token]
    tokens = [token, *tokens][:MAX_ACCOUNTS]
    response.set_cookie(
        COOKIE,
        signing.dumps(tokens, salt=SALT),
        max_age=MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
