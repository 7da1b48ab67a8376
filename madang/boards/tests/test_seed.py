from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from madang.boards import paging
from madang.boards.models import Board, PageAnchor, Post
from madang.comments.models import Comment


@pytest.mark.django_db(transaction=True)
def test_seed_bulk_loads_numbered_posts_with_counts_and_anchors(monkeypatch):
    monkeypatch.setattr(paging, "ANCHOR_SPACING", 100)
    out = io.StringIO()
    call_command(
        "seed", "--board", "bulk", "--posts", "1234", "--comments-per-post", "2", stdout=out
    )
    assert "seeded 1,234 posts and 2,468 comments on /bulk/" in out.getvalue()
    board = Board.objects.get(slug="bulk")
    assert (board.post_count, board.last_number) == (1234, 1234)
    numbers = list(
        Post.objects.filter(board=board).order_by("number").values_list("number", flat=True)
    )
    assert numbers == list(range(1, 1235))
    dates = list(
        Post.objects.filter(board=board).order_by("number").values_list("created_at", flat=True)
    )
    assert dates == sorted(dates)
    assert PageAnchor.objects.filter(board=board, scope=0).count() == 12
    assert Comment.objects.filter(post__board=board).count() == 2468
    assert sum(c.post_count for c in board.categories.all()) == 1234
    deep = paging.list_page(board, None, 50)  # through an anchor
    expected = list(
        Post.objects.filter(board=board)
        .order_by("-number")
        .values_list("number", flat=True)[980:1000]
    )
    assert [post.number for post in deep.rows] == expected
    call_command("seed", "--board", "bulk", "--posts", "10", stdout=io.StringIO())
    board.refresh_from_db()
    assert (board.post_count, board.last_number) == (1244, 1244)  # numbers go on from the last
