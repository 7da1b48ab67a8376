"""Writing the audit record that every staff action starts with."""

from __future__ import annotations

from typing import Any

from madang.moderation.models import AuditEvent


def record(
    *,
    actor: Any,
    action: AuditEvent.Action,
    target_type: str,
    target_id: int,
    target_label: str = "",
    reason: str = "",
) -> AuditEvent:
    """``actor`` None is the site itself (a banned word acting on its own)."""
    return AuditEvent.objects.create(
        actor_id=actor.pk if actor is not None else 0,
        actor_name=actor.get_username() if actor is not None else "madang",
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label[:300],
        reason=reason,
    )
