"""How often one member, or one address, may write on a board.

Three kinds of limit, as the big boards keep them against flooding (도배):
an hourly count per member and per address, a minimum gap between one
member's writes, and the same text refused when it comes again within a
window. Each is a throttle counter (Redis, or a table on the embedded
default) under a keyed hash, so no key names a member or holds their text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from madang.accounts import throttle
from madang.boards.models import Board

HOUR = 3600
# Many people can share one address (mobile carriers, offices): it gets more room.
ADDRESS_FACTOR = 3
# Edits change no count a reader sees, but they are writes: an hourly count of their own.
EDITS_PER_HOUR = 60
# The same text from the same member is refused again within this window.
REPEAT_WINDOW = 600


class Kind(StrEnum):
    POST = "posts"
    COMMENT = "comments"
    EDIT = "edits"


class Why(StrEnum):
    HOURLY = "hourly"
    GAP = "gap"
    REPEAT = "repeat"
    UNKNOWN = "unknown"  # the counters are away: the limit cannot be checked now


@dataclass(frozen=True)
class Over:
    retry_after: int
    why: Why = Why.HOURLY

    @property
    def unknown(self) -> bool:
        return self.why == Why.UNKNOWN


Pairs = list[tuple[throttle.Limit, str]]


def _fingerprint(text: str) -> str:
    folded = "".join(text.split()).casefold()
    return hashlib.blake2b(folded.encode(), digest_size=16).hexdigest()


def write_limits(
    kind: Kind, board: Board, author_ref: str, address: str, text: str, place: str = ""
) -> Pairs:
    """The counters a write of ``kind`` counts against. ``text`` is what the reader
    will read (the gate's view of it); ``place`` narrows the repeat check, such
    as to one post for comments ("ㅋㅋㅋ" under two posts is no flood)."""
    per_hour = {
        Kind.POST: board.posts_per_hour,
        Kind.COMMENT: board.comments_per_hour,
        Kind.EDIT: EDITS_PER_HOUR,
    }[kind]
    pairs: Pairs = [
        (throttle.Limit(f"{kind}-member-{board.pk}", per_hour, HOUR), author_ref),
        (throttle.Limit(f"{kind}-address-{board.pk}", per_hour * ADDRESS_FACTOR, HOUR), address),
    ]
    gap = {Kind.POST: board.post_gap_seconds, Kind.COMMENT: board.comment_gap_seconds}.get(kind)
    if gap:
        pairs.append((throttle.Limit(f"{kind}-gap-{board.pk}", 1, gap), author_ref))
    if kind != Kind.EDIT and text.strip():
        repeat = throttle.Limit(f"{kind}-repeat-{board.pk}", 1, REPEAT_WINDOW)
        pairs.append((repeat, f"{author_ref}:{place}:{_fingerprint(text)}"))
    return pairs


def _why(limit: throttle.Limit) -> Why:
    if "-gap-" in limit.name:
        return Why.GAP
    if "-repeat-" in limit.name:
        return Why.REPEAT
    return Why.HOURLY


def over_limit(limits: Pairs) -> Over | None:
    """Whether a limit is used up; one that cannot be checked refuses too (fails closed),
    and says so: the writer did nothing wrong, and may try again in a moment."""
    try:
        counts = throttle.hits_many(limits)
    except throttle.ThrottleUnavailable:
        return Over(throttle.RETRY_WHEN_UNAVAILABLE, Why.UNKNOWN)
    for (limit, value), count in zip(limits, counts, strict=True):
        if count >= limit.count:
            return Over(throttle.retry_after(limit, value), _why(limit))
    return None


def count_write(limits: Pairs) -> None:
    throttle.record_many(limits)
