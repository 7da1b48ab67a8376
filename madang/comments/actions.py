"""Every write to comments goes through these functions."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.accounts.actions import record_client_trace
from madang.accounts.models import ClientTrace, Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Post
from madang.comments.models import Comment

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
) -> Comment:
    """Add a comment, or a reply; a reply to a reply joins its thread (one level only)."""
    with transaction.atomic():
        current = Post.objects.select_for_update().only("status").get(pk=post.pk)
        if current.status != Post.Status.PUBLISHED:
            raise CommentRefused(_("글이 지워져서 댓글을 달 수 없습니다."))
        if parent is not None:
            parent = _thread_root(post, parent)
        comment = Comment(
            post=post,
            parent=parent,
            author_ref=author_ref_for(author.pk),
            body=body.strip(),
            created_at=created_at or timezone.now(),
        )
        comment.full_clean(exclude=["post", "parent"])
        comment.save()
        Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
        if address:
            record_client_trace(
                kind=ClientTrace.Kind.COMMENT, object_id=comment.pk, address=address
            )
    post.comment_count += 1
    return comment


def _thread_root(post: Post, parent: Comment) -> Comment:
    parent = Comment.objects.select_related("parent").get(pk=parent.pk)
    if parent.post_id != post.pk:
        raise CommentRefused(_("이 글의 댓글이 아닙니다."))
    root = parent.parent or parent
    if parent.status != Comment.Status.PUBLISHED or root.status != Comment.Status.PUBLISHED:
        raise CommentRefused(_("지워진 댓글에는 답글을 달 수 없습니다."))
    return root


def edit_comment(*, comment: Comment, body: str) -> Comment:
    comment.body = body.strip()
    comment.edited_at = timezone.now()
    comment.full_clean(exclude=["post", "parent"])
    comment.save(update_fields=["body", "edited_at"])
    return comment


def delete_comment(*, comment: Comment) -> Comment:
    """Remove a comment. One that has replies stays as "삭제된 댓글입니다" above them."""
    with transaction.atomic():
        updated = Comment.objects.filter(pk=comment.pk, status=Comment.Status.PUBLISHED).update(
            status=Comment.Status.DELETED
        )
        if updated:
            Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") - 1)
    comment.status = Comment.Status.DELETED
    return comment
