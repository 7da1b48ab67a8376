"""The session engine: Django's database sessions, indexed by member, timed by the day."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.utils import timezone


class SessionStore(DatabaseStore):
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

    deleted, _ = MemberSession.objects.filter(member_id=member_id).delete()
    return deleted
