"""Every write to comments goes through these functions."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Post
from madang.comments.models import Comment


def create_comment(
    *,
    post: Post,
    author: Member,
    body: str,
    parent: Comment | None = None,
    created_at: datetime | None = None,
) -> Comment:
    comment = Comment(
        post=post,
        parent=parent,
        author_ref=author_ref_for(author.pk),
        body=body.strip(),
        created_at=created_at or timezone.now(),
    )
    comment.full_clean(exclude=["post", "parent"])
    with transaction.atomic():
        comment.save()
        Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
    post.comment_count += 1
    return comment
