"""Numbered pages through anchors agree with the plain newest-first list, after any change."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from madang.boards import paging
from madang.boards.actions import set_post_status
from madang.boards.models import Board, Category, PageAnchor, Post


@pytest.fixture
def small_pages(settings, monkeypatch):
    """Pages of 3 rows, an anchor every 4 posts, and anchors used from the second page on."""
    settings.MADANG_POSTS_PER_PAGE = 3
    monkeypatch.setattr(paging, "ANCHOR_SPACING", 4)
    monkeypatch.setattr(paging, "DIRECT_OFFSET_LIMIT", 0)


def expected_pages(board: Board, category: Category | None, per_page: int) -> list[list[int]]:
    numbers = list(
        paging.published_posts(board, category).order_by("-number").values_list("number", flat=True)
    )
    return [numbers[i : i + per_page] for i in range(0, len(numbers), per_page)] or [[]]


def shown_pages(board: Board, category: Category | None) -> list[list[int]]:
    board.refresh_from_db()
    if category is not None:
        category.refresh_from_db()
    last = paging.last_page_for(paging.count_for(board, category), paging.posts_per_page())
    return [
        [post.number for post in paging.list_page(board, category, page).rows]
        for page in range(1, last + 1)
    ]


def check_every_page_and_post(board: Board, category: Category | None = None) -> None:
    expected = expected_pages(board, category, paging.posts_per_page())
    assert shown_pages(board, category) == expected
    for page_number, numbers in enumerate(expected, start=1):
        for number in numbers:
            post = Post.objects.select_related("board").get(board=board, number=number)
            assert paging.page_holding(post, category) == page_number


def test_pages_through_anchors_match_the_plain_list(small_pages, board, make_post):
    for index in range(23):
        make_post(board, title=f"글 {index}")
    assert PageAnchor.objects.filter(board=board, scope=0).count() == 5  # ranks 4, 8, ..., 20
    check_every_page_and_post(board)


def test_hiding_and_restoring_posts_keeps_pages_right(small_pages, board, make_post):
    posts = [make_post(board, title=f"글 {index}") for index in range(30)]
    for index in (0, 3, 4, 7, 15, 29):  # an oldest, anchors themselves, the newest
        set_post_status(post=posts[index], status=Post.Status.HIDDEN)
        check_every_page_and_post(board)
    set_post_status(post=posts[4], status=Post.Status.PUBLISHED)
    set_post_status(post=posts[0], status=Post.Status.DELETED)
    check_every_page_and_post(board)
    for index in range(5):
        make_post(board, title=f"새 글 {index}")
    check_every_page_and_post(board)
    board.refresh_from_db()
    assert board.post_count == 35 - 5
    assert board.last_number == 35


def test_category_pages_have_their_own_anchors(small_pages, board, make_post):
    first, second, _ = board.categories.all()
    posts = [
        make_post(board, title=f"글 {index}", category=first if index % 3 else second)
        for index in range(40)
    ]
    set_post_status(post=posts[5], status=Post.Status.HIDDEN)
    set_post_status(post=posts[9], status=Post.Status.HIDDEN)
    for category in (None, first, second):
        check_every_page_and_post(board, category)


def test_refresh_lays_even_anchors_and_fixes_counts(small_pages, board, make_post):
    posts = [make_post(board, title=f"글 {index}") for index in range(20)]
    for post in posts[::3]:
        set_post_status(post=post, status=Post.Status.HIDDEN)
    Board.objects.filter(pk=board.pk).update(post_count=999)  # a drifted counter
    paging.refresh_page_anchors(board)
    board.refresh_from_db()
    assert board.post_count == 13
    ranks = list(
        PageAnchor.objects.filter(board=board, scope=0)
        .order_by("rank")
        .values_list("rank", flat=True)
    )
    assert ranks == [4, 8, 12]
    check_every_page_and_post(board)


def test_deep_page_reads_no_more_rows_than_the_anchor_spacing(settings, board, make_post):
    settings.MADANG_POSTS_PER_PAGE = 2
    for index in range(60):
        make_post(board, title=f"글 {index}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "ANCHOR_SPACING", 10)
        patch.setattr(paging, "DIRECT_OFFSET_LIMIT", 4)
        paging.refresh_page_anchors(board)
        board.refresh_from_db()
        with CaptureQueriesContext(connection) as queries:
            page = paging.list_page(board, None, 25)  # ranks 11 and 12
        assert [post.number for post in page.rows] == [12, 11]
    sql = [query["sql"] for query in queries.captured_queries]
    assert len(sql) == 2  # the anchor, then the rows after it
    assert "COUNT(" not in " ".join(sql).upper()
    assert "OFFSET 0" in sql[1] or "OFFSET" not in sql[1]  # starts right at the anchor


@pytest.mark.parametrize(
    ("raw", "page"),
    [
        (None, 1),
        ("", 1),
        ("1", 1),
        ("7", 7),
        ("0", None),
        ("-1", None),
        ("abc", None),
        ("1.5", None),
        ("99999999999", None),
        ("1000000000", 1_000_000_000),
        ("١٢", None),
    ],
)
def test_parse_page(raw, page):
    assert paging.parse_page(raw) == page


def test_page_links_come_in_blocks_of_ten(board, make_post, settings):
    settings.MADANG_POSTS_PER_PAGE = 1
    for index in range(25):
        make_post(board, title=f"글 {index}")
    board.refresh_from_db()
    page = paging.list_page(board, None, 12)
    assert page.links == list(range(11, 21))
    assert page.previous_block == 10
    assert page.next_block == 21
    last = paging.list_page(board, None, 25)
    assert last.links == [21, 22, 23, 24, 25]
    assert last.next_block is None
