"""The session engine: Django's database sessions, indexed by member, timed by the day.

Sessions are read on every page a member opens, so a loaded session is kept a
few minutes in the cache, sealed (``madang.accounts.sealed``). Every save and
delete goes through this store or ``end_member_sessions``, which drop the
cached copy; the short lifetime bounds what a write made while the cache was
unreachable can leave behind.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.utils import timezone

from madang.accounts import sealed
from madang.core.dbrouter import primary_reads

CACHED_FOR = 300  # seconds


class SessionStore(DatabaseStore):
    def load(self) -> dict[str, Any]:
        if self.session_key is not None:
            found = sealed.get("session", self.session_key)
            if found is not None:
                return found  # type: ignore[no-any-return]
        # None when missing or expired (the store then takes a new key), as in Django's load()
        with primary_reads():
            stored = self._get_session_from_db()  # type: ignore[attr-defined]
        data: dict[str, Any] = self.decode(stored.session_data) if stored else {}
        if stored is not None and data:
            left = (stored.expire_date - timezone.now()).total_seconds()
            sealed.put("session", stored.session_key, data, min(CACHED_FOR, left))
        return data

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
        member_id = data.get("_auth_user_id")
        instance.member_id = int(member_id) if member_id is not None else None
        local = timezone.localtime(instance.expire_date)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        instance.expire_date = midnight + timedelta(days=1)
        return instance


def end_member_sessions(member_id: int) -> int:
    from madang.accounts.models import MemberSession

    sessions = MemberSession.objects.filter(member_id=member_id)
    for key in sessions.values_list("session_key", flat=True):
        sealed.forget("session", key)
    deleted, _ = sessions.delete()
    return deleted
