from typing import Any

from madang.accounts.actions import note_login
from madang.accounts.models import Member


def note_login_day(sender: Any, user: Member, **kwargs: Any) -> None:
    note_login(member=user)
