"""Votes: 추천 and 비추천 on posts, one per member and post (docs/hot.md).

A vote names its member by their member key (``accounts.memberkeys``), never
their id nor their author reference, as scraps do. The same vote again takes it
back; the other one changes it. A post's counts (``up_count``, ``down_count``)
change in the vote's own transaction and count only the votes that count: one
cast under a silent ban is kept, so that its voter sees it, and counted for
nobody. ``madang repair_counters`` recounts them from the rows
(``count_expressions``). Votes pass the writing gate first
(``madang.writing.votes``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from madang.accounts.memberkeys import member_key, member_keys
from madang.accounts.models import Member
from madang.boards import overlays
from madang.boards.models import Post, Vote
from madang.core import pagecache

UP, DOWN = Vote.Value.UP.value, Vote.Value.DOWN.value
# The votes a member's overlay holds (boards/memberpages.py), on the newest posts they
# voted on: their buttons show pressed on those posts' shared pages.
REMEMBERED = 300


@dataclass(frozen=True)
class Tally:
    """A post's counts after a vote, and the voter's vote on it now (UP, DOWN or 0)."""

    value: int
    was: int
    up: int
    down: int

    def as_its_voter_sees_it(self) -> Tally:
        """The counts with the voter's own uncounted vote in them: a silently banned
        voter sees their vote counted, as they see their writing published."""
        up = self.up + (1 if self.value == UP else 0)
        down = self.down + (1 if self.value == DOWN else 0)
        return Tally(self.value, self.was, up, down)


def _step(value: int) -> tuple[int, int]:
    return (1 if value == UP else 0, 1 if value == DOWN else 0)


def cast_vote(*, member: Member, post: Post, value: int, counted: bool = True) -> Tally:
    """Vote ``value`` (UP or DOWN) on the post; the same vote again takes it back.

    The post's row is locked first, so that one member's double click and many
    members' votes on one post count each vote once. ``counted`` is False for a
    vote cast under a silent ban.
    """
    if value not in (UP, DOWN):
        raise ValueError("a vote is UP or DOWN")
    keys = member_keys(member.pk)
    with transaction.atomic():
        locked = Post.objects.select_for_update().only("up_count", "down_count").get(pk=post.pk)
        existing = Vote.objects.filter(member_key__in=keys, post=post).order_by("-id").first()
        was = existing.value if existing else 0
        now = 0 if was == value else value
        up, down = 0, 0
        if existing is not None and existing.counted:
            up, down = (-step for step in _step(was))
        if now and counted:
            more_up, more_down = _step(now)
            up, down = up + more_up, down + more_down
        if existing is None:
            Vote.objects.create(
                member_key=member_key(member.pk), post=post, value=now, counted=counted
            )
        elif now == 0:
            Vote.objects.filter(post=post, member_key__in=keys).delete()
        else:
            Vote.objects.filter(pk=existing.pk).update(
                value=now, counted=counted, member_key=member_key(member.pk)
            )
        if up or down:
            Post.objects.filter(pk=post.pk).update(
                up_count=F("up_count") + up, down_count=F("down_count") + down
            )
        pagecache.touch_board(post.board_id)  # the counts on its pages, on commit
        overlays.forget(member_id=member.pk)  # the buttons their pages show pressed
    post.up_count, post.down_count = locked.up_count + up, locked.down_count + down
    return Tally(now, was, post.up_count, post.down_count)


def vote_of(member: Member, post: Post) -> int:
    """The member's vote on the post: UP, DOWN or 0."""
    found = (
        Vote.objects.filter(member_key__in=member_keys(member.pk), post=post)
        .values_list("value", flat=True)
        .first()
    )
    return found or 0


def recent_votes(member_id: int) -> tuple[tuple[int, int], ...]:
    """(post id, vote) of the member's votes on the newest posts they voted on."""
    rows = (
        Vote.objects.filter(member_key__in=member_keys(member_id))
        .order_by("-post_id")
        .values_list("post_id", "value")[:REMEMBERED]
    )
    return tuple(rows)


def count_expressions() -> dict[str, Coalesce]:
    """``up_count`` and ``down_count`` of each post, recounted from its counted votes
    (for ``Post.objects.update``)."""

    def counted(value: int) -> Coalesce:
        votes = (
            Vote.objects.filter(post=OuterRef("pk"), counted=True, value=value)
            .order_by()
            .values("post")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return Coalesce(Subquery(votes), 0)

    return {"up_count": counted(UP), "down_count": counted(DOWN)}


def drop_votes_of(*, member_id: int) -> None:
    """A leaving member's votes go, and the counts they made with them."""
    with transaction.atomic():
        votes = Vote.objects.filter(member_key__in=member_keys(member_id))
        for post_id, board_id, value in votes.filter(counted=True).values_list(
            "post_id", "post__board_id", "value"
        ):
            field = "up_count" if value == UP else "down_count"
            Post.objects.filter(pk=post_id).update(**{field: F(field) - 1})
            pagecache.touch_board(board_id)
        votes.delete()
