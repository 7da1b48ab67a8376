"""Reads of a member's own writing, found through their author reference."""

from __future__ import annotations

from django.db.models import QuerySet

from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Post
from madang.comments.models import Comment

OWN_POST_STATUSES = (Post.Status.PUBLISHED, Post.Status.HELD, Post.Status.HIDDEN)


def posts_of(member: Member) -> QuerySet[Post]:
    """The member's posts that still exist (deleted ones are gone for them too)."""
    return (
        Post.objects.filter(author_ref=author_ref_for(member.pk), status__in=OWN_POST_STATUSES)
        .select_related("board", "category")
        .order_by("-created_at", "-id")
    )


def comments_of(member: Member) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(author_ref=author_ref_for(member.pk))
        .exclude(status=Comment.Status.DELETED)
        .select_related("post__board")
        .order_by("-created_at", "-id")
    )
