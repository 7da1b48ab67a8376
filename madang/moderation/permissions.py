"""Who may moderate what. Plain functions; the check_* ones raise PermissionDenied.

Two roles: site admins (superusers) moderate every board and alone may reveal
authors, ban site-wide and keep site-wide banned words; board moderators act on
their own boards only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Board
from madang.boards.visibility import GUEST, Viewer
from madang.moderation.models import BoardModerator


def is_active_member(member: Any) -> bool:
    return bool(member.is_authenticated and member.is_active)


def is_site_admin(member: Any) -> bool:
    return is_active_member(member) and bool(member.is_superuser)


def moderated_board_ids(member: Any) -> set[int] | None:
    """The boards a member moderates: None means every board (a site admin)."""
    if is_site_admin(member):
        return None
    if not is_active_member(member):
        return set()
    return set(BoardModerator.objects.filter(member=member).values_list("board_id", flat=True))


def can_moderate(member: Any, board: Board | int) -> bool:
    board_id = board if isinstance(board, int) else board.pk
    boards = moderated_board_ids(member)
    return boards is None or board_id in boards


def is_moderator(member: Any) -> bool:
    boards = moderated_board_ids(member)
    return boards is None or bool(boards)


def check_moderate_permission(member: Any, board: Board | int) -> None:
    if not can_moderate(member, board):
        raise PermissionDenied


def check_desk_permission(member: Any) -> None:
    if not is_moderator(member):
        raise PermissionDenied


def check_site_admin_permission(member: Any) -> None:
    if not is_site_admin(member):
        raise PermissionDenied


def check_ban_permission(member: Any, board: Board | None) -> None:
    """Site-wide bans are for site admins; a board ban for that board's moderators."""
    if board is None:
        check_site_admin_permission(member)
    else:
        check_moderate_permission(member, board)


def check_banned_word_permission(member: Any, board: Board | None) -> None:
    check_ban_permission(member, board)


def check_reveal_permission(member: Any) -> None:
    """Only site admins may reveal an author."""
    check_site_admin_permission(member)


def check_audit_view_permission(member: Any) -> None:
    check_desk_permission(member)


def viewer_of(user: Any, moderated: frozenset[int] | bool | None = False) -> Viewer:
    """The reader as the visibility rule and the board permissions see them.

    ``moderated`` may come from somewhere that already knows it (a member's
    cached overlay: a set, or None for every board); otherwise the member's
    boards are looked up only if a rule asks.
    """
    if not is_active_member(user):
        return GUEST
    if is_site_admin(user):
        boards: Any = None
    elif moderated is False:
        boards = lambda: frozenset(moderated_board_ids(user) or ())  # noqa: E731
    else:
        boards = moderated
    return Viewer(
        author_ref=author_ref_for(user.pk),
        member_id=user.pk,
        moderated=boards,
        is_staff=bool(user.is_staff or user.is_superuser),
        joined_at=user.date_joined,
    )


def request_viewer(request: Any) -> Viewer:
    """``viewer_of`` the request's user, once per request."""
    viewer = getattr(request, "_madang_viewer", None)
    if viewer is None:
        viewer = viewer_of(request.user)
        request._madang_viewer = viewer
    return viewer
