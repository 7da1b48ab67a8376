"""The hot board (/hot/): posts of every board ranked by what readers do with them,
for their age and for their board (docs/hot.md).

    engagement E = 0.05 viewers + comments + 2 scraps + 2 upvotes - downvotes  (at least 0)
    relative R   = E / (the median E of the board's posts of the last seven days, at least 1)
    score        = R / (age in hours + 2) ** 1.5

Viewers are the post's view count (one view per viewer per six hours,
boards/viewcounts.py). Dividing by the board's typical post lets a small board's
popular post stand beside a big board's; a post enters only with at least
MIN_ACTIONS comments, scraps and upvotes, so that one reader on a quiet board
does not make it hot.

``refresh_hot_scores`` is the periodic job (boards/apps.py): it walks the posts
of the last seven days in batches down the primary key, keeps the KEPT highest
scores in ``HotScore`` (written anew each run), sets each board's best
threshold and promotes what reached it (boards/best.py), and renews the pages
of no one board (the home page and /hot/). ``hot_posts`` reads them for one
reader, through the visibility rule.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from madang.boards import best, permissions, visibility
from madang.boards.models import Board, Category, HotScore, Post
from madang.boards.preferences import Filters
from madang.boards.visibility import Viewer
from madang.core import pagecache

WINDOW = timedelta(days=7)
EVERY = timedelta(minutes=5)
BATCH = 2000  # posts read at a time
KEPT = 1000  # scores kept: enough for every reader's filters to leave SHOWN
SHOWN = 100  # the most hot posts a reader is shown (five pages)
PER_PAGE = 20
ON_HOME = 10

VIEW_WEIGHT = 0.05
COMMENT_WEIGHT = 1.0
SCRAP_WEIGHT = 2.0
UP_WEIGHT = 2.0
DOWN_WEIGHT = 1.0
GRAVITY = 1.5
AGE_OFFSET_HOURS = 2.0
MIN_ACTIONS = 3
TYPICAL_FLOOR = 1.0

_COLUMNS = (
    "id",
    "board_id",
    "category_id",
    "status",
    "created_at",
    "view_count",
    "comment_count",
    "scrap_count",
    "up_count",
    "down_count",
    "best_number",
)


def engagement(*, views: int, comments: int, scraps: int, up: int, down: int) -> float:
    value = (
        VIEW_WEIGHT * views
        + COMMENT_WEIGHT * comments
        + SCRAP_WEIGHT * scraps
        + UP_WEIGHT * up
        - DOWN_WEIGHT * down
    )
    return max(0.0, value)


def score(engagement: float, typical: float, age_hours: float) -> float:
    relative = engagement / max(typical, TYPICAL_FLOOR)
    return relative / (max(0.0, age_hours) + AGE_OFFSET_HOURS) ** GRAVITY


def recent_posts(now: datetime) -> Iterator[list[tuple]]:
    """The posts written in the WINDOW before ``now``, newest first, BATCH at a time.

    Walked down the primary key, which grows with time, until a whole batch is
    older than the window: no index on the creation time, no scan of the table.
    """
    cutoff = now - WINDOW
    before: int | None = None
    while True:
        posts = Post.objects.order_by("-id")
        if before is not None:
            posts = posts.filter(id__lt=before)
        batch = list(posts.values_list(*_COLUMNS)[:BATCH])
        if not batch:
            return
        recent = [row for row in batch if row[4] >= cutoff]
        if not recent:
            return
        yield recent
        before = batch[-1][0]


@dataclass
class _Candidate:
    post_id: int
    board_id: int
    engagement: float
    age_hours: float


def hot_boards(boards: list[Board]) -> set[int]:
    """Boards whose posts may be hot: read by every member (a board for some members only
    keeps its posts to itself), and not left out by an admin."""
    return {board.pk for board in boards if permissions.shareable(board) and not board.hot_excluded}


def refresh_hot_scores(now: datetime | None = None) -> int:
    """Score the posts of the last seven days and keep the highest; how many were kept."""
    now = now or timezone.now()
    boards = {board.pk: board for board in Board.objects.all()}
    eligible = hot_boards(list(boards.values()))
    left_out = set(Category.objects.filter(hot_excluded=True).values_list("pk", flat=True))
    engaged: dict[int, list[float]] = defaultdict(list)
    nets: dict[int, list[int]] = defaultdict(list)
    candidates: list[_Candidate] = []
    reached: list[tuple[int, int]] = []
    for batch in recent_posts(now):
        for row in batch:
            post_id, board_id, category_id, status, created = row[:5]
            views, comments, scraps, up, down, best_number = row[5:]
            value = engagement(views=views, comments=comments, scraps=scraps, up=up, down=down)
            if status == Post.Status.PUBLISHED:
                engaged[board_id].append(value)
                nets[board_id].append(up - down)
                if best_number is None and up - down >= boards[board_id].best_min_votes:
                    reached.append((post_id, board_id))
            if (
                status in (Post.Status.PUBLISHED, Post.Status.SHADOWED)
                and board_id in eligible
                and category_id not in left_out
                and comments + scraps + up >= MIN_ACTIONS
            ):
                age = (now - created).total_seconds() / 3600
                candidates.append(_Candidate(post_id, board_id, value, age))
    typical = {board_id: statistics.median(values) for board_id, values in engaged.items()}
    scored = sorted(
        (
            (score(item.engagement, typical.get(item.board_id, 0.0), item.age_hours), item.post_id)
            for item in candidates
        ),
        reverse=True,
    )[:KEPT]
    with transaction.atomic():
        HotScore.objects.all().delete()
        HotScore.objects.bulk_create(
            [HotScore(post_id=post_id, score=value) for value, post_id in scored], batch_size=500
        )
    best.set_thresholds(nets)
    for post_id, board_id in reached:  # promote_if_due holds each to its new threshold
        best.promote_if_due(post_id=post_id, board_id=board_id)
    pagecache.touch(pagecache.DIRECTORY)  # the home page and /hot/ show the new order
    return len(scored)


def shown_boards(boards: list[Board], viewer: Viewer) -> list[Board]:
    """The boards whose hot posts this reader is shown: those they may read, of the boards
    whose posts may be hot."""
    eligible = hot_boards(boards)
    return [
        board for board in boards if board.pk in eligible and permissions.can_read(board, viewer)
    ]


def hot_posts(
    boards: list[Board], viewer: Viewer, filters: Filters, limit: int = SHOWN
) -> list[Post]:
    """The hot posts this reader may see, hottest first, from ``boards`` (``shown_boards``):
    the visibility rule, categories an admin left out, the reader's hidden categories
    and muted words. One query."""
    by_id = {board.pk: board for board in boards}
    extra = limit * 2 if filters.muted_words else limit
    found = (
        HotScore.objects.filter(
            visibility.listed(viewer, through="post__"), post__board_id__in=list(by_id)
        )
        .filter(Q(post__category__isnull=True) | Q(post__category__hot_excluded=False))
        .exclude(post__category_id__in=filters.excluded_category_ids)
        .select_related("post", "post__category")
        .defer("post__body_source", "post__body_html")
        .order_by("-score", "-post_id")[:extra]
    )
    posts = []
    for row in found:
        post = row.post
        if filters.mutes(post.title):
            continue
        post.board = by_id[post.board_id]
        posts.append(post)
        if len(posts) == limit:
            break
    return visibility.present(posts, viewer)
