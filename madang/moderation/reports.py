"""Reports by members. Enough distinct reporters blind an item until a moderator looks."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from madang.accounts.models import Member
from madang.boards.models import Post
from madang.comments.models import Comment
from madang.core import pagecache
from madang.moderation.models import Report


def report(*, reporter: Member, target: Post | Comment, reason: str, text: str = "") -> bool:
    """File a report; True when it is new (a member reports an item once)."""
    post: Post | None = None
    comment: Comment | None = None
    if isinstance(target, Post):
        post, board = target, target.board
    else:
        comment, board = target, target.post.board
    try:
        with transaction.atomic():
            Report.objects.create(
                reporter=reporter,
                post=post,
                comment=comment,
                reason=reason,
                text=text.strip()[:1000],
            )
    except IntegrityError:
        return False
    open_reports = Report.objects.filter(resolved=False, post=post, comment=comment)
    if open_reports.count() >= board.report_threshold and not target.blinded:
        type(target).objects.filter(pk=target.pk).update(blinded=True)
        target.blinded = True
        pagecache.touch_board(board.pk)
    return True


def resolve_reports(target: Post | Comment) -> None:
    field = "post" if isinstance(target, Post) else "comment"
    Report.objects.filter(resolved=False, **{field: target}).update(resolved=True)
