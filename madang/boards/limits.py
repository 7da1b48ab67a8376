"""How often one member, or one address, may post and comment on a board."""

from __future__ import annotations

from dataclasses import dataclass

from madang.accounts import throttle
from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Board

HOUR = 3600
# Many people can share one address (mobile carriers, offices): it gets more room.
ADDRESS_FACTOR = 3


@dataclass(frozen=True)
class Over:
    retry_after: int
    unknown: bool = False  # the counters are away (Redis): the limit cannot be checked now


def _limits(
    kind: str, per_hour: int, board: Board, member: Member, address: str
) -> list[tuple[throttle.Limit, str]]:
    return [
        (throttle.Limit(f"{kind}-member-{board.pk}", per_hour, HOUR), author_ref_for(member.pk)),
        (throttle.Limit(f"{kind}-address-{board.pk}", per_hour * ADDRESS_FACTOR, HOUR), address),
    ]


def post_limits(board: Board, member: Member, address: str) -> list[tuple[throttle.Limit, str]]:
    return _limits("posts", board.posts_per_hour, board, member, address)


def comment_limits(board: Board, member: Member, address: str) -> list[tuple[throttle.Limit, str]]:
    return _limits("comments", board.comments_per_hour, board, member, address)


def over_limit(limits: list[tuple[throttle.Limit, str]]) -> Over | None:
    """Whether a limit is used up; one that cannot be checked refuses too (fails closed),
    and says so: the writer did nothing wrong, and may try again in a moment."""
    try:
        counts = throttle.hits_many(limits)
    except throttle.ThrottleUnavailable:
        return Over(throttle.RETRY_WHEN_UNAVAILABLE, unknown=True)
    for (limit, value), count in zip(limits, counts, strict=True):
        if count >= limit.count:
            return Over(throttle.retry_after(limit, value))
    return None


def count_write(limits: list[tuple[throttle.Limit, str]]) -> None:
    throttle.record_many(limits)
