"""Best posts (베스트): the posts whose votes passed their board's threshold.

A post becomes best once, the first time its net votes (추천 minus 비추천) reach
its board's threshold, and stays best: votes taken back later do not move it out
of the list readers have seen it in. The threshold is the board's setting
(``best_min_votes``), raised to the 98th percentile of the net votes of the
board's posts of the last seven days when it has at least BEST_SAMPLE of them
(``threshold_from``; the hot-score job recomputes it, boards/hot.py). Rule and
reasons: docs/hot.md.

The best list (``/<board>/?best=1``) is numbered as the board's list is
(boards/paging.py): ``best_number`` is given from ``Board.last_best_number``
under the board's row lock, in the order posts became best; ``Board.best_count``
and ``Category.best_count`` count the published ones, and page anchors under
``paging.BEST_SCOPE`` start deep pages near their rows. A best post that leaves
the list (held, hidden, deleted) or comes back keeps these true in the same
transaction (``note_withdrawn``, ``note_restored``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import Count, F, Max, QuerySet

from madang.boards import paging
from madang.boards.models import Board, Category, PageAnchor, Post
from madang.boards.visibility import Viewer
from madang.core import pagecache

BEST_SAMPLE = 50  # recent posts a board needs before their votes raise its threshold
BEST_PERCENTILE = 0.98


def threshold_from(nets: list[int], floor: int) -> int:
    """The board's threshold: its floor, or the 98th percentile (nearest rank) of the
    net votes of its recent posts when it has enough of them, whichever is higher."""
    if len(nets) < BEST_SAMPLE:
        return floor
    ordered = sorted(nets)
    at = ordered[math.ceil(BEST_PERCENTILE * len(ordered)) - 1]
    return max(floor, at)


def set_thresholds(nets_by_board: dict[int, list[int]]) -> None:
    """Each board's threshold from the net votes of its recent published posts."""
    for board in Board.objects.only("pk", "best_min_votes", "best_threshold"):
        threshold = threshold_from(nets_by_board.get(board.pk, []), board.best_min_votes)
        if threshold != board.best_threshold:
            Board.objects.filter(pk=board.pk).update(best_threshold=threshold)
            pagecache.touch_board(board.pk)  # the best list says what it takes


def due(board: Board, post: Post) -> bool:
    """Whether the post has reached the threshold and is not best yet (a cheap first
    look, from the board as this process keeps it; ``promote_if_due`` decides)."""
    net = post.up_count - post.down_count
    return board.votes and post.best_number is None and net >= board.best_threshold


def promote_if_due(*, post_id: int, board_id: int) -> bool:
    """Make the post best when it is published, not best yet, and at its board's
    threshold; True when it became best now. Board row first, then the post's, as
    every action that moves posts in or out of a list locks them."""
    with transaction.atomic():
        board = (
            Board.objects.select_for_update()
            .only("votes", "best_threshold", "last_best_number", "best_count")
            .get(pk=board_id)
        )
        post = (
            Post.objects.select_for_update()
            .only("board_id", "category_id", "status", "up_count", "down_count", "best_number")
            .get(pk=post_id)
        )
        if post.status != Post.Status.PUBLISHED or not due(board, post):
            return False
        number = board.last_best_number + 1
        Post.objects.filter(pk=post_id).update(best_number=number)
        Board.objects.filter(pk=board_id).update(
            last_best_number=number, best_count=F("best_count") + 1
        )
        if post.category_id is not None:
            Category.objects.filter(pk=post.category_id).update(best_count=F("best_count") + 1)
        count = board.best_count + 1
        if count % paging.ANCHOR_SPACING == 0:
            PageAnchor.objects.create(
                board_id=board_id, scope=paging.BEST_SCOPE, rank=count, number=number
            )
        pagecache.touch_board(board_id)
    return True


# --- upkeep, called by the actions inside their transactions ----------------------------------


def _count(post: Post, step: int) -> None:
    Board.objects.filter(pk=post.board_id).update(best_count=F("best_count") + step)
    if post.category_id is not None:
        Category.objects.filter(pk=post.category_id).update(best_count=F("best_count") + step)


def note_withdrawn(post: Post) -> None:
    """A best post left the list (held, hidden, deleted, shadowed)."""
    if post.best_number is None:
        return
    _count(post, -1)
    anchors = PageAnchor.objects.filter(board_id=post.board_id, scope=paging.BEST_SCOPE)
    anchors.filter(number=post.best_number).delete()
    anchors.filter(number__gt=post.best_number).update(rank=F("rank") - 1)


def note_restored(post: Post) -> None:
    """A best post came back to the list: the anchors above it move up one place."""
    if post.best_number is None:
        return
    _count(post, 1)
    PageAnchor.objects.filter(
        board_id=post.board_id, scope=paging.BEST_SCOPE, number__gt=post.best_number
    ).update(rank=F("rank") + 1)


def note_category_change(post: Post, new_category: Category | None) -> None:
    """A published best post moves to another category (or to none)."""
    if post.best_number is None:
        return
    if post.category_id is not None:
        Category.objects.filter(pk=post.category_id).update(best_count=F("best_count") - 1)
    if new_category is not None:
        Category.objects.filter(pk=new_category.pk).update(best_count=F("best_count") + 1)


def repair_best(board: Board) -> None:
    """The best counts of the board and its categories, and the best list's anchors,
    recounted from the posts, under the board's row lock."""
    with transaction.atomic():
        board = Board.objects.select_for_update().get(pk=board.pk)
        posts = best_posts(board)
        PageAnchor.objects.filter(board=board, scope=paging.BEST_SCOPE).delete()
        PageAnchor.objects.bulk_create(
            [
                PageAnchor(board=board, scope=paging.BEST_SCOPE, rank=rank, number=position)
                for position, rank in paging.every_nth(posts, paging.ANCHOR_SPACING, "best_number")
            ],
            batch_size=2000,
        )
        highest = Post.objects.filter(board=board).aggregate(top=Max("best_number"))["top"]
        Board.objects.filter(pk=board.pk).update(
            best_count=posts.count(), last_best_number=max(board.last_best_number, highest or 0)
        )
        by_category = dict(
            posts.exclude(category=None)
            .order_by()
            .values_list("category")
            .annotate(total=Count("pk"))
            .values_list("category", "total")
        )
        for category in Category.objects.filter(board=board):
            total = by_category.get(category.pk, 0)
            if category.best_count != total:
                Category.objects.filter(pk=category.pk).update(best_count=total)


# --- the best list ---------------------------------------------------------------------------


def best_posts(board: Board) -> QuerySet[Post]:
    return paging.published_posts(board).filter(best_number__isnull=False)


def best_walk(board: Board) -> paging.Walk:
    posts = partial(best_posts, board)
    return paging.Walk(board, posts, "best_number", paging.BEST_SCOPE, board.best_count)


def count_without(board: Board, excluded: Iterable[Category]) -> int:
    return max(0, board.best_count - sum(category.best_count for category in excluded))


def best_page(board: Board, excluded: list[Category], number: int) -> paging.ListPage:
    """Page ``number`` of the board's best list; without the reader's hidden categories
    by a plain OFFSET, as the board's own filtered list (paging.filtered_list_page)."""
    if not excluded:
        return paging.walk_page(best_walk(board), number)
    per_page = paging.posts_per_page()
    total = count_without(board, excluded)
    last_page = paging.last_page_for(total, per_page)
    skip = (number - 1) * per_page
    rows = list(
        paging.listed(best_posts(board).exclude(category__in=excluded)).order_by("-best_number")[
            skip : skip + per_page
        ]
    )
    links = paging.page_links(number, last_page)
    return paging.ListPage(rows, number, last_page, total, per_page, links)


def page_holding(post: Post, excluded: list[Category]) -> int:
    """The page of the best list that holds the (best) post."""
    assert post.best_number is not None
    board = post.board
    rank = paging.rank_in(best_walk(board), post.best_number)
    if not excluded:
        return paging.page_of_rank(board.best_count, rank)
    above = board.best_count - rank
    above -= (
        best_posts(board).filter(category__in=excluded, best_number__gt=post.best_number).count()
    )
    return max(1, above // paging.posts_per_page() + 1)


def own_shadowed_best(
    board: Board, viewer: Viewer, rows: list[Post], first_page: bool, excluded: list[Category]
) -> list[Post]:
    """``queries.own_shadowed_posts`` for the best list: a silently banned member's own
    best posts stay in the place they held."""
    if not viewer.is_member or viewer.is_shared or (not rows and not first_page):
        return rows
    mine = Post.objects.filter(
        board=board,
        author_ref=viewer.author_ref,
        status=Post.Status.SHADOWED,
        best_number__isnull=False,
    ).select_related("category")
    if excluded:
        mine = mine.exclude(category__in=excluded)
    if rows:
        mine = mine.filter(best_number__gte=rows[-1].best_number)
        if not first_page:
            mine = mine.filter(best_number__lte=rows[0].best_number)
    extra = list(mine)
    if not extra:
        return rows
    return sorted([*rows, *extra], key=lambda post: post.best_number or 0, reverse=True)
