"""How often one member, or one address, may write on a board.

Three kinds of limit, as the big boards keep them against flooding (도배):
an hourly count per member and per address, a minimum gap between one
member's writes, and the same text refused when it comes again within a
window. Each is a throttle counter (Redis, or a table on the embedded
default) under a keyed hash, so no key names a member or holds their text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from madang.accounts import throttle
from madang.boards.models import Board

HOUR = 3600
# Many people can share one address (mobile carriers, offices): it gets more room.
ADDRESS_FACTOR = 3
# Edits change no count a reader sees, but they are writes: an hourly count of their own.
EDITS_PER_HOUR = 60
# Pictures and videos a member may upload for one board in an hour (a post may hold dozens).
UPLOADS_PER_HOUR = 120
# Votes (추천, 비추천, and taking one back) a member may cast on one board in an hour.
VOTES_PER_HOUR = 60
# The same text from the same member is refused again within this window.
REPEAT_WINDOW = 600


class Kind(StrEnum):
    POST = "posts"
    COMMENT = "comments"
    EDIT = "edits"
    UPLOAD = "uploads"
    VOTE = "votes"


# While Redis is away: hourly counts divided by this, and gaps of at least these (seconds).
AWAY_FACTOR = 4
AWAY_GAPS = {Kind.POST: 30, Kind.COMMENT: 5}


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
    kind: Kind,
    board: Board,
    author_ref: str,
    address: str,
    text: str,
    place: str = "",
    *,
    away: bool = False,
) -> Pairs:
    """The counters a write of ``kind`` counts against. ``text`` is what the reader
    will read (the gate's view of it); ``place`` narrows the repeat check, such
    as to one post for comments ("ㅋㅋㅋ" under two posts is no flood).

    ``away``: the stricter limits that hold while Redis is away, counted in the
    database under names of their own: a quarter of each hourly count (at least
    one), and a gap of at least AWAY_GAPS seconds between one member's writes.
    """
    per_hour = {
        Kind.POST: board.posts_per_hour,
        Kind.COMMENT: board.comments_per_hour,
        Kind.EDIT: EDITS_PER_HOUR,
        Kind.UPLOAD: UPLOADS_PER_HOUR,
        Kind.VOTE: VOTES_PER_HOUR,
    }[kind]
    gap = {Kind.POST: board.post_gap_seconds, Kind.COMMENT: board.comment_gap_seconds}.get(kind)
    prefix = f"{kind}"
    if away:
        per_hour = max(1, per_hour // AWAY_FACTOR)
        gap = max(gap or 0, AWAY_GAPS.get(kind, 0))
        prefix = f"away-{kind}"
    pairs: Pairs = [
        (throttle.Limit(f"{prefix}-member-{board.pk}", per_hour, HOUR), author_ref),
        (throttle.Limit(f"{prefix}-address-{board.pk}", per_hour * ADDRESS_FACTOR, HOUR), address),
    ]
    if gap:
        pairs.append((throttle.Limit(f"{prefix}-gap-{board.pk}", 1, gap), author_ref))
    if kind not in (Kind.EDIT, Kind.UPLOAD, Kind.VOTE) and text.strip():
        repeat = throttle.Limit(f"{prefix}-repeat-{board.pk}", 1, REPEAT_WINDOW)
        pairs.append((repeat, f"{author_ref}:{place}:{_fingerprint(text)}"))
    return pairs


def _why(limit: throttle.Limit) -> Why:
    if "-gap-" in limit.name:
        return Why.GAP
    if "-repeat-" in limit.name:
        return Why.REPEAT
    return Why.HOURLY


@dataclass(frozen=True)
class Counting:
    """The counters a write counts against, and where they are kept."""

    pairs: Pairs
    in_database: bool = False


def check(build: Callable[[bool], Pairs]) -> tuple[Over | None, Counting]:
    """Whether a limit is used up, and how the write will be counted. ``build(away)``
    makes the counters (``write_limits``).

    While Redis is away, members still write, under the stricter limits kept in
    the database; only when the database cannot count either does the check fail
    closed, and say so: the writer did nothing wrong, and may try again.
    """
    pairs = build(False)
    try:
        return _first_over(pairs, in_database=False), Counting(pairs)
    except throttle.ThrottleUnavailable:
        pass
    stricter = build(True)
    try:
        return _first_over(stricter, in_database=True), Counting(stricter, in_database=True)
    except throttle.ThrottleUnavailable:
        return Over(throttle.RETRY_WHEN_UNAVAILABLE, Why.UNKNOWN), Counting([])


def _first_over(pairs: Pairs, *, in_database: bool) -> Over | None:
    counts = throttle.hits_many(pairs, in_database=in_database)
    for (limit, value), count in zip(pairs, counts, strict=True):
        if count >= limit.count:
            retry = throttle.retry_after(limit, value, in_database=in_database)
            return Over(retry, _why(limit))
    return None


def count_write(counting: Counting) -> None:
    throttle.record_many(counting.pairs, in_database=counting.in_database)
