"""Who calls the API: a personal access token, the site's session, or a guest.

A token (``Authorization: Bearer mdg_...``) works here and nowhere else: the
pages know only sessions. A session works too, for the site's own scripts, and
then every change needs the CSRF token, as a form does; a token needs none,
since a browser never adds one to a request by itself. A token that is unknown,
revoked or expired is refused with 401 rather than read as a guest, so that an
app learns at once that its token is gone. A read-only token asking to write
gets 403.

Each operation lists the ways it takes (``READ`` lets guests in, ``WRITE`` does
not); ninja tries them in order and keeps the first that answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from madang.accounts.models import Member
from madang.api.ratelimit import check_rate
from madang.api.tokens import find_token

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Caller:
    """Who made the request: ``member`` is None for a guest; ``token_id`` is set when a
    token let them in (its rate limit counts them)."""

    member: Member | None
    token_id: int | None = None

    def __bool__(self) -> bool:  # ninja keeps the first truthy answer
        return True


def _admitted(request: HttpRequest, caller: Caller) -> Caller:
    """The caller, once the request is counted against their rate limits (429 past them)."""
    check_rate(request, caller.token_id)
    return caller


def caller_of(request: HttpRequest) -> Caller:
    found = getattr(request, "auth", None)
    return found if isinstance(found, Caller) else Caller(None)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; ``write`` asks for a token that may write."""

    def __init__(self, *, write: bool) -> None:
        super().__init__()
        self.write = write

    def __call__(self, request: HttpRequest) -> Caller | None:
        header = request.headers.get("Authorization")
        if not header:
            return None
        scheme, _space, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise AuthenticationError(401, _("Authorization 헤더는 'Bearer <토큰>' 꼴입니다."))
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        found = find_token(token)
        if found is None:
            raise AuthenticationError(401, _("토큰이 맞지 않거나, 취소되었거나, 만료되었습니다."))
        if self.write and not found.can_write:
            raise AuthorizationError(403, _("읽기 전용 토큰으로는 쓸 수 없습니다."))
        return _admitted(request, Caller(found.member, found.pk))


class SessionAuth(APIKeyCookie):
    """The site's session cookie, with the CSRF token on every change."""

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Caller | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise AuthorizationError(403, _("CSRF 토큰이 없거나 맞지 않습니다."))
        assert isinstance(user, Member)
        return _admitted(request, Caller(user))

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        return self(request)


def guest(request: HttpRequest) -> Caller:
    """Anyone, for reads: the visibility rule shows a guest what it shows a guest."""
    return _admitted(request, Caller(None))


READ = [TokenAuth(write=False), SessionAuth(), guest]
WRITE = [TokenAuth(write=True), SessionAuth()]
MEMBER_READ = [TokenAuth(write=False), SessionAuth()]
# In the schema: a read may also be made with no credentials at all.
OPTIONAL_AUTH: dict[str, Any] = {"security": [{}]}
