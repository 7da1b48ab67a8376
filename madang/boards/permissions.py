"""Who may read a board, write posts in it and comment on them (a setting per board).

Plain functions over the request's ``Viewer``; the ``check_*`` ones raise
``BoardClosed``, whose message says in Korean who may do it.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from madang.boards.models import Access, Board
from madang.boards.visibility import Viewer


class BoardClosed(Exception):
    """The reader may not do this on this board; ``str(error)`` says who may."""

    def __init__(self, message: str, *, login: bool = False) -> None:
        super().__init__(message)
        self.login = login  # a guest who logs in may be let in


def allows(access: str, board: Board, viewer: Viewer) -> bool:
    if access == Access.EVERYONE:
        return True
    if not viewer.is_member:
        return False
    if access == Access.MEMBERS:
        return True
    if access == Access.SEASONED:
        if viewer.is_staff or viewer.moderates(board.pk):
            return True
        joined = viewer.joined_at
        if viewer.is_shared or joined is None:
            return False
        return timezone.now() - joined >= timedelta(days=board.seasoned_days)
    if access == Access.MODERATORS:
        return viewer.moderates(board.pk)
    return viewer.is_staff  # Access.STAFF


def _who(access: str, board: Board) -> str:
    who: dict[str, str] = {
        Access.EVERYONE: _("누구나"),
        Access.MEMBERS: _("회원만"),
        Access.SEASONED: _("가입한 지 %(days)s일이 지난 회원만") % {"days": board.seasoned_days},
        Access.MODERATORS: _("게시판 관리자만"),
        Access.STAFF: _("운영진만"),
    }
    return who.get(access, who[Access.STAFF])


def can_read(board: Board, viewer: Viewer) -> bool:
    return allows(board.read_access, board, viewer)


def can_post(board: Board, viewer: Viewer) -> bool:
    return can_read(board, viewer) and allows(board.post_access, board, viewer)


def can_comment(board: Board, viewer: Viewer) -> bool:
    return can_read(board, viewer) and allows(board.comment_access, board, viewer)


def _check(access: str, board: Board, viewer: Viewer, message: str) -> None:
    if not allows(access, board, viewer):
        who = _who(access, board)
        raise BoardClosed(message % {"who": who}, login=not viewer.is_member)


def check_read_permission(board: Board, viewer: Viewer) -> None:
    _check(board.read_access, board, viewer, _("이 게시판은 %(who)s 읽을 수 있습니다."))


def check_post_permission(board: Board, viewer: Viewer) -> None:
    check_read_permission(board, viewer)
    message = _("이 게시판에는 %(who)s 글을 쓸 수 있습니다.")
    _check(board.post_access, board, viewer, message)


def check_comment_permission(board: Board, viewer: Viewer) -> None:
    check_read_permission(board, viewer)
    message = _("이 게시판에는 %(who)s 댓글을 달 수 있습니다.")
    _check(board.comment_access, board, viewer, message)


def _offers(access: str, board: Board, viewer: Viewer) -> bool:
    """Whether a page shows the way in (글쓰기, the comment form): to guests and to
    the neutral member of a shared render wherever a member might be let in, and
    to everyone else where they are."""
    if not viewer.is_member or viewer.is_shared:
        return access in (Access.EVERYONE, Access.MEMBERS, Access.SEASONED)
    return allows(access, board, viewer)


def offers_posting(board: Board, viewer: Viewer) -> bool:
    return _offers(board.post_access, board, viewer)


def offers_commenting(board: Board, viewer: Viewer) -> bool:
    return _offers(board.comment_access, board, viewer)


def shareable(board: Board) -> bool:
    """Whether one render of a page can serve every member (boards/memberpages.py):
    only when reading does not depend on who the member is."""
    return board.read_access in (Access.EVERYONE, Access.MEMBERS)


def all_shareable(boards: list[Board]) -> bool:
    """Whether one render of a page of many boards (/hot/, /search) can serve every
    member: only when none of them is read by some members and not others."""
    return all(shareable(board) for board in boards)
