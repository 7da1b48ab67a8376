"""Device cookies: a browser that has logged in to an account before is trusted for it.

The cookie holds, signed, a random id for the browser and keyed hashes of the
accounts that logged in from it. A trusted browser skips the per-account and
per-address failure limits (it has its own, smaller one), so an attacker who
floods an account with wrong passwords cannot keep its owner out. The id lets
sign-up and password reset count one browser's requests wherever it connects
from; a browser that drops the cookie is still counted by its address.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from madang.accounts.crypto import keyed_hash

COOKIE = "madang_device"
SALT = "madang.accounts.devices"
MAX_AGE = 365 * 24 * 3600
MAX_ACCOUNTS = 5
_ISSUED = "_madang_device_issued"  # an id given to this request's browser just now


def account_token(username: str) -> str:
    return keyed_hash(username.strip().lower(), "device-account")


def _payload(request: HttpRequest) -> dict[str, Any]:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return {}
    try:
        payload = signing.loads(raw, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return {}
    if isinstance(payload, list):  # cookies from before browsers had an id
        return {"accounts": payload}
    return payload if isinstance(payload, dict) else {}


def trusted_tokens(request: HttpRequest) -> list[str]:
    tokens = _payload(request).get("accounts", [])
    if not isinstance(tokens, list):
        return []
    return [token for token in tokens if isinstance(token, str)][:MAX_ACCOUNTS]


def device_id(request: HttpRequest) -> str:
    """The browser's id, or "" when it has none (yet)."""
    issued = getattr(request, _ISSUED, "")
    if issued:
        return str(issued)
    found = _payload(request).get("id", "")
    return found if isinstance(found, str) else ""


def is_trusted(request: HttpRequest, username: str) -> bool:
    return account_token(username) in trusted_tokens(request)


def issue_device(request: HttpRequest) -> str:
    """The browser's id, or a new one for a browser without (``give_device`` then puts
    it in the answer's cookie)."""
    if not device_id(request):
        setattr(request, _ISSUED, secrets.token_urlsafe(16))
    return device_id(request)


def give_device(request: HttpRequest, response: HttpResponse) -> None:
    """Hand an id issued during this request to the browser, unless the answer already
    sets the cookie (``remember``)."""
    if getattr(request, _ISSUED, "") and COOKIE not in response.cookies:
        _set_cookie(response, device_id(request), trusted_tokens(request))


def remember(request: HttpRequest, response: HttpResponse, username: str) -> None:
    token = account_token(username)
    tokens = [t for t in trusted_tokens(request) if t != token]
    tokens = [token, *tokens][:MAX_ACCOUNTS]
    _set_cookie(response, device_id(request) or secrets.token_urlsafe(16), tokens)


def _set_cookie(response: HttpResponse, browser: str, tokens: list[str]) -> None:
    response.set_cookie(
        COOKIE,
        signing.dumps({"id": browser, "accounts": tokens}, salt=SALT),
        max_age=MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
