"""Uploads pass the same gate as writing: permission for the board (to post,
or to comment with a picture where the board allows it), bans, and write
limits; then the file itself (``madang.media.actions.receive``: its content,
its size, the writer's daily quota).

A silently banned member's uploads are taken as anyone's: the writing that
shows them is shadowed, so nobody else ever meets them.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from madang.accounts.models import Member
from madang.boards import limits
from madang.boards.models import Board
from madang.media import actions as media_actions
from madang.media.limits import current
from madang.media.messages import message
from madang.media.models import Media
from madang.media.probe import Unacceptable
from madang.moderation.bans import screening_ban_state
from madang.moderation.permissions import viewer_of
from madang.writing.gate import (
    Refusal,
    Submission,
    WriteKind,
    check_limits,
    check_permission,
    visible_ban_message,
)

# Refused files answer 400; too large, 413; over the day's quota, 429.
STATUS = {"too_large": 413, "quota": 429}


def check_upload(submission: Submission) -> limits.Counting:
    viewer = viewer_of(submission.member)
    check_permission(submission, viewer)
    if submission.kind == WriteKind.COMMENT_UPLOAD and not submission.board.comment_pictures:
        raise Refusal(_("이 게시판은 댓글에 사진을 붙일 수 없습니다."), status=403)
    author_ref = viewer.author_ref or ""
    bans = screening_ban_state(author_ref, submission.board)
    if bans.visible is not None:
        raise Refusal(visible_ban_message(bans.visible), status=403)
    return check_limits(submission, author_ref)


def upload(
    *,
    member: Member,
    board: Board,
    file: UploadedFile,
    for_comment: bool = False,
    keep_gif: bool = False,
    address: str = "",
) -> Media:
    """Take a picture or video for writing on ``board``; raises ``Refusal``."""
    kind = WriteKind.COMMENT_UPLOAD if for_comment else WriteKind.POST_UPLOAD
    counting = check_upload(Submission(kind, member, board, address=address))
    viewer = viewer_of(member)
    try:
        media = media_actions.receive(
            author_ref=viewer.author_ref or "", upload=file, keep_gif=keep_gif
        )
    except Unacceptable as refused:
        if refused.code != "quota":  # a refused file cost a probe: it counts as an upload
            with transaction.atomic():
                limits.count_write(counting)
        status = STATUS.get(refused.code, 400)
        text = message(refused.code, current())
        raise Refusal(text, status=status, retry_after=refused.retry_after) from None
    with transaction.atomic():
        limits.count_write(counting)
    return media
