"""Appointing and removing board moderators: by site admins only, audited, in force at once.

The admin and /mod/moderators/ both come here. Whether a member moderates a
board is read from the database on every check, except in one place: the
member's overlay (``boards.memberpages``), cached sealed for a few minutes,
which decides whether their pages are the shared render (no tools) or one of
their own. So every change forgets it, now and again once the change commits
(a page opened in between may have cached the member as they were). The member
row and the session cached with it hold no role beyond ``is_superuser``, which
changes with the member row and is forgotten with it.
"""

from __future__ import annotations

from django.db import transaction

from madang.accounts.models import Member
from madang.boards import overlays
from madang.boards.models import Board
from madang.moderation.audit import record
from madang.moderation.models import AuditEvent, BoardModerator
from madang.moderation.permissions import check_site_admin_permission


def _audit(
    actor: Member, action: AuditEvent.Action, board: Board, member: Member, reason: str
) -> None:
    record(
        actor=actor,
        action=action,
        target_type="member",
        target_id=member.pk,
        board=board,
        target_label=f"{member.get_username()} @ {board.slug}",
        reason=reason,
    )


def moderators_of(board: Board) -> list[BoardModerator]:
    """The board's moderators, by username (the admin's board page lists them)."""
    found = BoardModerator.objects.filter(board=board).select_related("member")
    return list(found.order_by("member__username"))


def appoint_moderator(
    *, actor: Member, board: Board, member: Member, reason: str = ""
) -> BoardModerator:
    """Make ``member`` a moderator of ``board``; one who already is stays as they are."""
    check_site_admin_permission(actor)
    with transaction.atomic():
        found = BoardModerator.objects.filter(board=board, member=member).first()
        if found is not None:
            return found
        _audit(actor, AuditEvent.Action.APPOINT_MODERATOR, board, member, reason)
        moderator = BoardModerator(board=board, member=member)
        moderator.full_clean()
        moderator.save()
        overlays.forget(member_id=member.pk)
    return moderator


def remove_moderator(*, actor: Member, board: Board, member: Member, reason: str = "") -> bool:
    """``member`` no longer moderates ``board``. False when they did not."""
    check_site_admin_permission(actor)
    with transaction.atomic():
        found = BoardModerator.objects.select_for_update().filter(board=board, member=member)
        moderator = found.first()
        if moderator is None:
            return False
        _audit(actor, AuditEvent.Action.REMOVE_MODERATOR, board, member, reason)
        moderator.delete()
        overlays.forget(member_id=member.pk)
    return True
