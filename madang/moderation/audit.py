"""Writing the audit record that every staff action starts with, and reading the log."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from madang.boards.models import Board
from madang.moderation.models import AuditEvent, Reason
from madang.moderation.permissions import moderated_board_ids

SITE_ACTOR_NAME = "madang"  # with actor_id 0: the site acting on its own


def record(
    *,
    actor: Any,
    action: AuditEvent.Action,
    target_type: str,
    target_id: int,
    board: Board | int | None,
    target_label: str = "",
    reason: str = "",
    reason_code: str = Reason.TYPED,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """``actor`` None is the site itself (a banned word, a scheduled job). ``board`` is the
    board the target belongs to, None for a site-wide one: it decides who reads the record.
    What the site says on its own goes in ``reason_code`` and ``details``, as codes
    (``moderation.reasons``); ``reason`` is what a person typed, or the code's argument."""
    return AuditEvent.objects.create(
        actor_id=actor.pk if actor is not None else 0,
        actor_name=actor.get_username() if actor is not None else SITE_ACTOR_NAME,
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label[:300],
        board_id=board.pk if isinstance(board, Board) else board,
        reason=reason,
        reason_code=reason_code,
        details=details or {},
    )


def events_for(member: Any) -> QuerySet[AuditEvent]:
    """The records a member may read: all of them for a site admin, those of the boards
    they moderate for a board moderator."""
    boards = moderated_board_ids(member)
    events = AuditEvent.objects.all()
    return events if boards is None else events.filter(board_id__in=boards)
