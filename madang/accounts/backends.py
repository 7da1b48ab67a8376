"""Members for each request: Django's model backend, with the member kept in the cache.

The member row is read on every page a member opens; it is kept a few minutes
in the cache, sealed (``madang.accounts.sealed``), and dropped whenever the row
changes (``forget_member``, connected to the model's save and delete and called
after the few bulk updates). Django still checks the session against the
password hash of the member it gets, so a changed password ends other sessions
as before.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from madang.accounts import sealed
from madang.core.dbrouter import primary_reads

CACHED_FOR = 300  # seconds


class MemberBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        try:
            key = int(user_id)
        except (TypeError, ValueError):
            return None
        member = sealed.get("member", key)
        if member is None:
            with primary_reads():  # never cache a lagging replica's copy of a changed member
                member = super().get_user(key)
            if member is not None:
                sealed.put("member", key, member, CACHED_FOR)
        return member if member is not None and self.user_can_authenticate(member) else None


def forget_member(member_id: int) -> None:
    sealed.forget("member", member_id)
