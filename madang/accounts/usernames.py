import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_USERNAME = re.compile(r"\A[a-z0-9_]{4,30}\Z")
# Names that would let someone pass as the site or its staff on pages they control.
RESERVED_USERNAMES = frozenset(
    {"admin", "administrator", "root", "staff", "madang", "system", "mod"}
)


def validate_username(value: str) -> None:
    name = value.strip().lower()
    if not _USERNAME.match(name):
        raise ValidationError(
            _("아이디는 영문 소문자, 숫자, '_'로 된 4~30자여야 합니다."), code="invalid"
        )
    if name in RESERVED_USERNAMES:
        raise ValidationError(_("쓸 수 없는 아이디입니다."), code="reserved")
