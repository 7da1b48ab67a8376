"""Votes pass the same gate as writing, in the same order (docs/hot.md):

1. permission: a member who may read the board may vote on its published posts,
   where the board takes votes (and 비추천 only where it takes those);
2. not on one's own post;
3. bans: a visible ban refuses (403); a silent ban lets the vote through,
   stored and not counted, so that its voter cannot tell;
4. write limits of their own (``limits.Kind.VOTE``): 429 with Retry-After, 503
   when nothing can count them.

Then the action (``boards.votes.cast_vote``) and the limit's count in one
transaction, and, after it, the post becomes best if its votes took it there.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from madang.accounts.models import Member
from madang.boards import best, limits, permissions, visibility
from madang.boards.models import Board, Post
from madang.boards.votes import DOWN, UP, Tally, cast_vote
from madang.core import durations
from madang.moderation.bans import screening_ban_state
from madang.moderation.models import Ban
from madang.moderation.permissions import viewer_of
from madang.moderation.reasons import ban_reason
from madang.writing.gate import Refusal, ban_until

VALUES = {"up": UP, "down": DOWN}


def vote(*, member: Member, board: Board, post: Post, value: str, address: str = "") -> Tally:
    """Cast, change or take back the member's vote (``value``: "up" or "down"); raises
    ``Refusal``. The tally is as the voter sees it (their own vote in it)."""
    wanted = VALUES.get(value)
    if wanted is None:
        raise Refusal(_("추천인지 비추천인지 알 수 없습니다."), status=400)
    counted, counting = check_vote(
        member=member, board=board, post=post, value=wanted, address=address
    )
    with transaction.atomic():
        tally = cast_vote(member=member, post=post, value=wanted, counted=counted)
        limits.count_write(counting)
    if tally.value == UP and best.due(board, post):
        best.promote_if_due(post_id=post.pk, board_id=board.pk)
    return tally if counted else tally.as_its_voter_sees_it()


def check_vote(
    *, member: Member, board: Board, post: Post, value: int, address: str
) -> tuple[bool, limits.Counting]:
    """Every check, in order: whether the vote counts, and the limits it counts against."""
    viewer = viewer_of(member)
    try:
        permissions.check_read_permission(board, viewer)
    except permissions.BoardClosed as closed:
        raise Refusal(str(closed), status=403, login=closed.login) from None
    if not board.votes:
        raise Refusal(_("이 게시판은 추천을 받지 않습니다."), status=403)
    if value == DOWN and not board.downvotes:
        raise Refusal(_("이 게시판은 비추천을 받지 않습니다."), status=403)
    if post.status != Post.Status.PUBLISHED:
        raise Refusal(_("게시된 글에만 추천할 수 있습니다."), status=409)
    if visibility.is_own(post, viewer):
        raise Refusal(_("자기 글은 추천할 수 없습니다."), status=403)
    author_ref = viewer.author_ref or ""
    bans = screening_ban_state(author_ref, board)
    if bans.visible is not None:
        raise Refusal(_ban_message(bans.visible), status=403)
    return bans.silent is None, _check_limits(board, author_ref, address)


def _ban_message(ban: Ban) -> str:
    return _("활동이 정지되어 추천할 수 없습니다. 사유: %(reason)s · 기한: %(until)s") % {
        "reason": ban_reason(ban),
        "until": ban_until(ban),
    }


def _check_limits(board: Board, author_ref: str, address: str) -> limits.Counting:
    def build(away: bool) -> limits.Pairs:
        return limits.write_limits(limits.Kind.VOTE, board, author_ref, address, "", away=away)

    over, counting = limits.check(build)
    if over is None:
        return counting
    if over.unknown:
        message = _("지금은 추천을 받을 수 없습니다. %(seconds)s 뒤에 다시 눌러 주세요.")
        status = 503
    else:
        message = _("추천을 너무 자주 눌렀습니다. %(minutes)s 뒤에 다시 눌러 주세요.")
        status = 429
    minutes = max(1, over.retry_after // 60)
    text = message % {
        "seconds": durations.seconds(over.retry_after),
        "minutes": durations.minutes(minutes),
    }
    raise Refusal(text, status=status, retry_after=over.retry_after)
