"""Every write to comments goes through these functions."""

from __future__ import annotations

from datetime import datetime

from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.accounts.actions import record_client_trace
from madang.accounts.models import ClientTrace, Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards import limits
from madang.boards.models import Post
from madang.comments.models import Comment
from madang.core import pagecache
from madang.media import actions as media_actions
from madang.media import render as media_render
from madang.media.models import Media

MAX_COMMENT_LENGTH = 3000


class CommentRefused(Exception):
    """The post or the comment replied to is gone; the message says so in Korean."""


def create_comment(
    *,
    post: Post,
    author: Member,
    body: str,
    parent: Comment | None = None,
    created_at: datetime | None = None,
    address: str | None = None,
    status: Comment.Status = Comment.Status.PUBLISHED,
    counts_against: limits.Counting | None = None,
    submission_key: str | None = None,
    picture: Media | None = None,
) -> Comment:
    """Add a comment, or a reply; a reply to a reply joins its thread (one level only).

    The post's row is locked last, by the update of its comment count, so that
    many writers on one busy post wait for each other only for the commit. The
    update checks the post again under that lock: a post deleted or locked in
    the meantime refuses the comment, and the transaction leaves nothing.
    ``counts_against`` are the write limits the comment counts against, counted
    in the same transaction (on SQLite they are rows: one write, not two).
    """
    counted = 1 if status == Comment.Status.PUBLISHED else 0
    # No savepoint of its own: inside the gate's transaction it would cost two more
    # statements on the busiest write, and a refusal rolls back the caller's whole
    # transaction anyway (a caller inside one must not go on using it).
    with transaction.atomic(savepoint=False):
        if parent is not None:
            parent = _thread_root(post, parent)
        comment = Comment(
            post=post,
            parent=parent,
            author_ref=author_ref_for(author.pk),
            body=body.strip(),
            created_at=created_at or timezone.now(),
            status=status,
            submission_key=submission_key,
            picture=picture,
            picture_html=media_render.figure(picture) if picture else "",
        )
        comment.full_clean(exclude=["post", "parent", "picture"], validate_unique=False)
        comment.save()
        if picture is not None:
            media_actions.attach([picture.pk])
        if counts_against:  # after the insert: a submission sent twice fails there, uncounted
            limits.count_write(counts_against)
        if address:
            record_client_trace(
                kind=ClientTrace.Kind.COMMENT, object_id=comment.pk, address=address
            )
        number = _count_on_open_post(post, counted)
        if number is None:
            raise CommentRefused(_why_closed(post))
        if counted:
            _set_number(comment, number)
        pagecache.touch_board(post.board_id)
    post.comment_count += counted
    return comment


def _count_on_open_post(post: Post, counted: int) -> int | None:
    """Add to the post's comment count, and take the next comment number, if the post
    still takes comments (a silently banned writer keeps commenting on their own
    shadowed post); the post's last comment number, or None when it does not.

    Plain SQL: the ORM spent more time building this update than the database
    spent running it, on the busiest write there is.
    """
    with connections[router.db_for_write(Post)].cursor() as cursor:
        cursor.execute(
            "UPDATE boards_post SET comment_count = comment_count + %s,"
            " last_comment_number = last_comment_number + %s"
            " WHERE id = %s AND status IN (%s, %s) AND NOT comments_locked"
            " RETURNING last_comment_number",
            [counted, counted, post.pk, Post.Status.PUBLISHED, Post.Status.SHADOWED],
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def _set_number(comment: Comment, number: int) -> None:
    with connections[router.db_for_write(Comment)].cursor() as cursor:
        cursor.execute(
            "UPDATE comments_comment SET number = %s WHERE id = %s", [number, comment.pk]
        )
    comment.number = number


def _next_number(post_id: int) -> int:
    """The next comment number of a post, for a comment published after it was written."""
    Post.objects.filter(pk=post_id).update(last_comment_number=F("last_comment_number") + 1)
    return Post.objects.values_list("last_comment_number", flat=True).get(pk=post_id)


def _why_closed(post: Post) -> str:
    current = Post.objects.only("status", "comments_locked").get(pk=post.pk)
    if current.status in (Post.Status.PUBLISHED, Post.Status.SHADOWED):
        return str(_("댓글이 잠긴 글입니다."))
    return str(_("글이 지워져서 댓글을 달 수 없습니다."))


def _thread_root(post: Post, parent: Comment) -> Comment:
    parent = Comment.objects.select_related("parent").get(pk=parent.pk)
    if parent.post_id != post.pk:
        raise CommentRefused(_("이 글의 댓글이 아닙니다."))
    root = parent.parent or parent
    if parent.status != Comment.Status.PUBLISHED or root.status != Comment.Status.PUBLISHED:
        raise CommentRefused(_("지워진 댓글에는 답글을 달 수 없습니다."))
    return root


def edit_comment(
    *,
    comment: Comment,
    body: str,
    counts_against: limits.Counting | None = None,
    submission_key: str | None = None,
) -> Comment:
    comment.body = body.strip()
    comment.edited_at = timezone.now()
    comment.submission_key = submission_key
    comment.full_clean(exclude=["post", "parent"], validate_unique=False)
    with transaction.atomic(savepoint=False):
        if counts_against:
            limits.count_write(counts_against)
        comment.save(update_fields=["body", "edited_at", "submission_key"])
        pagecache.touch_board(
            Post.objects.values_list("board_id", flat=True).get(pk=comment.post_id)
        )
    return comment


def set_comment_status(*, comment: Comment, status: Comment.Status) -> Comment:
    """Move a comment between statuses, keeping the post's comment count true."""
    with transaction.atomic():
        current = Comment.objects.select_for_update().get(pk=comment.pk)
        was = current.status
        was_counted = was == Comment.Status.PUBLISHED
        counted = status == Comment.Status.PUBLISHED
        current.status = status
        # A save, not an update: its post_save tells the apps that follow comments (live).
        current.save(update_fields=["status"])
        if current.picture_id is not None and Comment.Status.DELETED in (status, was):
            # A deleted comment's picture is removed after a grace period, unless restored.
            if status == Comment.Status.DELETED:
                media_actions.release([current.picture_id])
            else:
                media_actions.attach([current.picture_id])
        if counted and current.number is None:
            # Held or silently banned until now: numbered as it is first shown.
            Comment.objects.filter(pk=comment.pk).update(number=_next_number(current.post_id))
        pagecache.touch_board(
            Post.objects.values_list("board_id", flat=True).get(pk=comment.post_id)
        )
        if was_counted != counted:
            step = 1 if counted else -1
            Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") + step)
    comment.status = status
    return comment


def delete_comment(*, comment: Comment) -> Comment:
    """Remove a comment. One that has replies stays as "삭제된 댓글입니다" above them."""
    return set_comment_status(comment=comment, status=Comment.Status.DELETED)


def refresh_pictures(media: Media) -> None:
    """Show ``media`` anew in the comments holding it (it became ready, or failed)."""
    html = media_render.figure(media)
    boards = set(Comment.objects.filter(picture=media).values_list("post__board_id", flat=True))
    Comment.objects.filter(picture=media).update(picture_html=html)
    for board_id in boards:
        pagecache.touch_board(board_id)
