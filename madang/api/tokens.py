"""Making, finding and revoking personal access tokens (``models.ApiToken``).

``make_token`` returns the token itself once; afterwards only its digest exists.
Revoking deletes the row: a token nobody can use is nothing worth keeping.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from madang.accounts.models import Member
from madang.api.models import ApiToken

PREFIX = "mdg_"  # tells a madang token at sight (and to secret scanners)
TOKENS_PER_MEMBER = 20
# The lifetimes a member may choose on /me/tokens/, in days; None: until revoked.
LIFETIMES = (30, 90, 365, None)


class TokenRefused(Exception):
    """The member may not make this token; the message says why, in Korean."""


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def make_token(*, member: Member, name: str, scope: str, days: int | None) -> tuple[ApiToken, str]:
    """A new token for the member: its row, and the token, to show once."""
    if scope not in ApiToken.Scope.values:
        raise TokenRefused(_("권한은 읽기, 또는 읽기와 쓰기입니다."))
    if days not in LIFETIMES:
        raise TokenRefused(_("기한은 30일, 90일, 1년, 또는 기한 없음입니다."))
    if ApiToken.objects.filter(member=member).count() >= TOKENS_PER_MEMBER:
        raise TokenRefused(
            _("토큰은 %(count)s개까지 만들 수 있습니다. 쓰지 않는 토큰을 먼저 취소해 주세요.")
            % {"count": TOKENS_PER_MEMBER}
        )
    raw = PREFIX + secrets.token_urlsafe(32)
    expires = timezone.localdate() + timedelta(days=days) if days is not None else None
    token = ApiToken.objects.create(
        member=member,
        name=name.strip()[:60] or _("이름 없는 토큰"),
        scope=scope,
        digest=digest_of(raw),
        expires_on=expires,
    )
    return token, raw


def revoke_token(*, member: Member, token_id: int) -> bool:
    """Revoke one of the member's tokens; False when they have no such token."""
    deleted, _ = ApiToken.objects.filter(member=member, pk=token_id).delete()
    return bool(deleted)


def tokens_of(member: Member) -> list[ApiToken]:
    return list(ApiToken.objects.filter(member=member))


def find_token(raw: str, today: date | None = None) -> ApiToken | None:
    """The live token ``raw`` names, with its member; None for an unknown, revoked or
    expired token, or one whose member can no longer log in."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("member").filter(digest=digest_of(raw)).first()
    today = today or timezone.localdate()
    if token is None or token.expired(today) or not token.member.is_active:
        return None
    if token.last_used_on != today:
        _note_use(token, today)
    return token


def _note_use(token: ApiToken, today: date) -> None:
    """One write a day per token at most; a database that takes no writes just now
    (read-only, full) does not stop a read."""
    try:
        ApiToken.objects.filter(pk=token.pk).update(last_used_on=today)
    except DatabaseError:
        return
    token.last_used_on = today
