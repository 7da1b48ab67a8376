"""Recounting the stored counters from the rows they count: posts on boards and
categories (with their page anchors), best posts (with the best list's anchors),
votes and comments on posts, so it lives here, above both (``madang repair_counters``).
The apps above hand down the repair of their own counters (``register_repair``)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from madang.boards import best, paging, votes
from madang.boards.models import Board, Post
from madang.comments.models import Comment


def repair_board_counters(board: Board) -> None:
    """Post counts and page anchors of the board and its categories, best counts and the
    best list's anchors, then comment and vote counts."""
    paging.refresh_page_anchors(board)
    best.repair_best(board)
    published_comments = (
        Comment.objects.filter(post=OuterRef("pk"), status=Comment.Status.PUBLISHED)
        .order_by()
        .values("post")
        .annotate(total=Count("pk"))
        .values("total")
    )
    Post.objects.filter(board=board).update(
        comment_count=Coalesce(Subquery(published_comments), 0), **votes.count_expressions()
    )


# The counters of the apps above, by plural name, each registered from its app's
# ``AppConfig.ready``: this app sits below them and may not import them.
_repairs: dict[str, Callable[[], int]] = {}


def register_repair(name: str, repair: Callable[[], int]) -> None:
    """``repair()`` recounts the counters called ``name`` and says how many were wrong."""
    _repairs[name] = repair


def repair_all_counters() -> dict[str, int]:
    """Every board's counters, then those the apps above registered: the boards, and how
    many of each registered counter were wrong."""
    boards = list(Board.objects.all())
    for board in boards:
        repair_board_counters(board)
    return {"boards": len(boards), **{name: repair() for name, repair in _repairs.items()}}
