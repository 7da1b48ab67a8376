"""Recounting the stored counters from the rows they count: posts on boards and
categories (with their page anchors), best posts (with the best list's anchors),
votes and comments on posts, so it lives here, above both (``madang repair_counters``)."""

from __future__ import annotations

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


def repair_all_counters() -> int:
    boards = list(Board.objects.all())
    for board in boards:
        repair_board_counters(board)
    return len(boards)
