"""Scraps: posts a member keeps for later.

A scrap names its member by their member key (``accounts.memberkeys``), never their id.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, F, QuerySet

from madang.accounts.memberkeys import member_key, member_keys
from madang.accounts.models import Member
from madang.boards import visibility
from madang.boards.models import Post, Scrap
from madang.core import pagecache


def toggle_scrap(*, member: Member, post: Post) -> bool:
    """Scrap the post, or unscrap it when it is scrapped already; True when scrapped now."""
    with transaction.atomic():
        pagecache.touch_board(post.board_id)  # the count on the post page changes, on commit
        removed, _ = Scrap.objects.filter(member_key__in=member_keys(member.pk), post=post).delete()
        if removed:
            Post.objects.filter(pk=post.pk).update(scrap_count=F("scrap_count") - removed)
            post.scrap_count -= removed
            return False
        try:
            with transaction.atomic():
                Scrap.objects.create(member_key=member_key(member.pk), post=post)
        except IntegrityError:  # a double click raced us to it
            return True
        Post.objects.filter(pk=post.pk).update(scrap_count=F("scrap_count") + 1)
        post.scrap_count += 1
        return True


def has_scrapped(member: Member, post: Post) -> bool:
    return Scrap.objects.filter(member_key__in=member_keys(member.pk), post=post).exists()


def scraps_of(member: Member) -> QuerySet[Scrap]:
    return (
        Scrap.objects.filter(
            visibility.listed(visibility.as_writer(member.pk), through="post__"),
            member_key__in=member_keys(member.pk),
        )
        .select_related("post__board", "post__category")
        .order_by("-id")
    )


def scrapper_keys(post: Post) -> list[str]:
    """The member keys of whoever scrapped the post."""
    return list(Scrap.objects.filter(post=post).values_list("member_key", flat=True))


def drop_scraps_of(*, member_id: int) -> None:
    """A leaving member's scraps go, and the posts' counts with them."""
    with transaction.atomic():
        scraps = Scrap.objects.filter(member_key__in=member_keys(member_id))
        counts = scraps.values("post_id", "post__board_id").annotate(scraps=Count("id"))
        for row in counts:
            Post.objects.filter(pk=row["post_id"]).update(
                scrap_count=F("scrap_count") - row["scraps"]
            )
            pagecache.touch_board(row["post__board_id"])
        scraps.delete()
