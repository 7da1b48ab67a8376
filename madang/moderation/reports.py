"""Reports by members. Enough distinct reporters blind an item until a moderator looks."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from madang.accounts.models import Member
from madang.boards.models import Post
from madang.comments.models import Comment
from madang.moderation.models import Report


def report(*, reporter: Member, target: Post | Comment, reason: str, text: str = "") -> bool:
    """File a report; True when it is new (a member reports an item once)."""
    is_post = isinstance(target, Post)
    board = target.board if is_post else target.post.board  # type: ignore[union-attr]
    try:
        with transaction.atomic():
            Report.objects.create(
                reporter=reporter,
                post=target if is_post else None,
                comment=None if is_post else target,
                reason=reason,
                text=text.strip()[:1000],
            )
    except IntegrityError:
        return False
    open_reports = Report.objects.filter(
        resolved=False, **{"post" if is_post else "comment": target}
    )
    if open_reports.count() >= board.report_threshold and not target.blinded:
        type(target).objects.filter(pk=target.pk).update(blinded=True)
        target.blinded = True
    return True


def resolve_reports(target: Post | Comment) -> None:
    field = "post" if isinstance(target, Post) else "comment"
    Report.objects.filter(resolved=False, **{field: target}).update(resolved=True)
