"""The session engine: Django's database sessions, indexed by member, timed by the day.

Sessions are read on every page a member opens, so a loaded session is kept a
few minutes in the cache, sealed (``madang.accounts.sealed``), together with
its member: one cache read gives both (``madang.accounts.backends``). Every
save and delete goes through this store or ``end_member_sessions``, and every
change of a member through ``forget_member_sessions``, which drop the cached
copies; the short lifetime bounds what a write made while the cache was
unreachable can leave behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.utils import timezone

from madang.accounts import sealed
from madang.core.dbrouter import primary_reads

CACHED_FOR = 300  # seconds


@dataclass(frozen=True)
class Kept:
    """A session as the cache keeps it."""

    data: dict[str, Any]
    member: Any  # the member it is logged in as, read with it; None for none


class SessionStore(DatabaseStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self.member: Any = None  # read with the session (see ``member_for``)

    def load(self) -> dict[str, Any]:
        if self.session_key is not None:
            found = sealed.get("session", self.session_key)
            if isinstance(found, Kept):
                self.member = found.member
                return found.data
        # None when missing or expired (the store then takes a new key), as in Django's load()
        with primary_reads():
            stored = self._get_session_from_db()  # type: ignore[attr-defined]
            data: dict[str, Any] = self.decode(stored.session_data) if stored else {}
            self.member = _member(data.get(SESSION_KEY))
        if stored is not None and data:
            left = (stored.expire_date - timezone.now()).total_seconds()
            kept = Kept(data, self.member)
            sealed.put("session", stored.session_key, kept, min(CACHED_FOR, left))
        return data

    def member_for(self, member_id: int) -> Any:
        """The member read with this session, if it is the one asked for."""
        self._get_session()  # type: ignore[attr-defined]
        member = self.member
        return member if member is not None and member.pk == member_id else None

    def save(self, must_create: bool = False) -> None:
        if self.session_key is not None:
            sealed.forget("session", self.session_key)
        super().save(must_create=must_create)

    def delete(self, session_key: str | None = None) -> None:
        key = session_key if session_key is not None else self.session_key
        if key is not None:
            sealed.forget("session", key)
        super().delete(session_key)

    @classmethod
    def get_model_class(cls) -> Any:
        from madang.accounts.models import MemberSession

        return MemberSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        instance: Any = super().create_model_instance(data)
        member_id = data.get(SESSION_KEY)
        instance.member_id = int(member_id) if member_id is not None else None
        local = timezone.localtime(instance.expire_date)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        instance.expire_date = midnight + timedelta(days=1)
        return instance


def _member(member_id: Any) -> Any:
    from madang.accounts.models import Member

    try:
        return Member._default_manager.get(pk=int(member_id))
    except (TypeError, ValueError, Member.DoesNotExist):
        return None


def forget_member_sessions(member_id: int) -> None:
    """Each of the member's sessions is read anew, with the member, on its next page."""
    from madang.accounts.models import MemberSession

    sessions = MemberSession.objects.filter(member_id=member_id)
    for key in sessions.values_list("session_key", flat=True):
        sealed.forget("session", key)


def end_member_sessions(member_id: int) -> int:
    from madang.accounts.models import MemberSession

    forget_member_sessions(member_id)
    deleted, _ = MemberSession.objects.filter(member_id=member_id).delete()
    return deleted
