"""Board slugs share the first path segment with the site's fixed paths."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Every first path segment the site uses itself, now or in the URL contract.
RESERVED_SLUGS = frozenset(
    {
        "about",
        "accounts",
        "admin",
        "api",
        "favicon.ico",
        "feeds",
        "healthz",
        "help",
        "hot",
        "i18n",
        "live",
        "login",
        "logout",
        "me",
        "media",
        "mod",
        "new",
        "robots.txt",
        "search",
        "signup",
        "static",
        "write",
    }
)

SLUG_PATTERN = r"[a-z0-9][a-z0-9_-]{0,39}"
_SLUG_RE = re.compile(rf"\A{SLUG_PATTERN}\Z")


def validate_board_slug(value: str) -> None:
    if not _SLUG_RE.match(value):
        raise ValidationError(
            _("주소는 영문 소문자·숫자·'-'·'_'로 된 1~40자로, 영문이나 숫자로 시작합니다."),
            code="invalid",
        )
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("'%(slug)s'은(는) 사이트가 쓰는 주소라서 게시판 주소로 쓸 수 없습니다."),
            code="reserved",
            params={"slug": value},
        )
