"""Reads of a member's own writing, found through their author reference.

What a writer sees of their own writing is the visibility rule's
(``boards.visibility.own_writing``): everything but what they deleted, and
writing shadowed by a silent ban exactly as if it were published.
"""

from __future__ import annotations

from django.db.models import QuerySet

from madang.accounts.models import Member
from madang.boards import visibility
from madang.boards.models import Post
from madang.comments.models import Comment


def posts_of(member: Member) -> QuerySet[Post]:
    return (
        visibility.own_writing(Post.objects.all(), visibility.as_writer(member.pk))
        .select_related("board", "category")
        .order_by("-created_at", "-id")
    )


def comments_of(member: Member) -> QuerySet[Comment]:
    return (
        visibility.own_writing(Comment.objects.all(), visibility.as_writer(member.pk))
        .select_related("post__board")
        .order_by("-created_at", "-id")
    )


def shown_posts(member: Member, posts: list[Post]) -> list[Post]:
    """The member's own posts as they are shown to them (titles and status notes)."""
    viewer = visibility.as_writer(member.pk)
    return visibility.present(visibility.present_own(posts), viewer)


def shown_comments(member: Member, comments: list[Comment]) -> list[Comment]:
    """The member's own comments, each with its post's title as the member may see it."""
    visibility.present([comment.post for comment in comments], visibility.as_writer(member.pk))
    return visibility.present_own(comments)
