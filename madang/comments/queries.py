"""Reads of a post's comments, numbered as the reader sees them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from madang.boards.models import Post
from madang.comments.models import Comment


@dataclass
class CommentLine:
    comment: Comment
    ordinal: int
    by_post_author: bool


@dataclass
class CommentWindow:
    lines: list[CommentLine]
    has_older: bool
    has_newer: bool

    @property
    def first_id(self) -> int | None:
        return self.lines[0].comment.pk if self.lines else None

    @property
    def last_id(self) -> int | None:
        return self.lines[-1].comment.pk if self.lines else None


def visible_comments(post: Post) -> QuerySet[Comment]:
    return Comment.objects.filter(post=post, status=Comment.Status.PUBLISHED)


def comment_window(
    post: Post, *, per_page: int, before: int | None = None, after: int | None = None
) -> CommentWindow:
    """A page of comments in reading order (oldest first).

    Without ``before`` or ``after`` it is the newest page, as the post page
    shows it; ``before`` gives the page older than a comment ("댓글 더 보기"),
    ``after`` the comments newer than one ("새 댓글 확인하기").
    """
    comments = visible_comments(post).only("id", "author_ref", "body", "created_at", "parent_id")
    if after is not None:
        rows = list(comments.filter(id__gt=after).order_by("id")[: per_page + 1])
        has_newer = len(rows) > per_page
        rows = rows[:per_page]
        has_older = True
    else:
        if before is not None:
            comments = comments.filter(id__lt=before)
        rows = list(comments.order_by("-id")[: per_page + 1])
        has_older = len(rows) > per_page
        rows = rows[:per_page]
        rows.reverse()
        has_newer = before is not None
    if not rows:
        return CommentWindow([], has_older=False, has_newer=False)
    first_ordinal = 1
    if has_older:
        first_ordinal = visible_comments(post).filter(id__lt=rows[0].pk).count() + 1
    lines = [
        CommentLine(
            comment=row,
            ordinal=first_ordinal + offset,
            by_post_author=row.author_ref == post.author_ref,
        )
        for offset, row in enumerate(rows)
    ]
    return CommentWindow(lines, has_older=has_older, has_newer=has_newer)
