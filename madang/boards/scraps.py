"""Scraps: posts a member keeps for later."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet

from madang.accounts.models import Member
from madang.boards import visibility
from madang.boards.models import Post, Scrap
from madang.core import pagecache


def toggle_scrap(*, member: Member, post: Post) -> bool:
    """Scrap the post, or unscrap it when it is scrapped already; True when scrapped now."""
    with transaction.atomic():
        pagecache.touch_board(post.board_id)  # the count on the post page changes, on commit
        removed, _ = Scrap.objects.filter(member=member, post=post).delete()
        if removed:
            Post.objects.filter(pk=post.pk).update(scrap_count=F("scrap_count") - 1)
            post.scrap_count -= 1
            return False
        try:
            with transaction.atomic():
                Scrap.objects.create(member=member, post=post)
        except IntegrityError:  # a double click raced us to it
            return True
        Post.objects.filter(pk=post.pk).update(scrap_count=F("scrap_count") + 1)
        post.scrap_count += 1
        return True


def has_scrapped(member: Member, post: Post) -> bool:
    return Scrap.objects.filter(member=member, post=post).exists()


def scraps_of(member: Member) -> QuerySet[Scrap]:
    return (
        Scrap.objects.filter(
            visibility.listed(visibility.as_writer(member.pk), through="post__"), member=member
        )
        .select_related("post__board", "post__category")
        .order_by("-id")
    )
