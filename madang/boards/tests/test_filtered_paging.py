"""Pages of a member who hides categories, checked row by row against every post in Python."""

from __future__ import annotations

import random

import pytest
from bs4 import BeautifulSoup
from django.db.models import QuerySet
from django.test import Client

from madang.boards import actions, paging
from madang.boards.models import Board, Category, Post
from madang.boards.preferences import save_preferences

SIZES = (1, 2, 3, 4, 5, 7, 10, 20, 50)
# The page holding a post is a count of the posts above it, divided: at one post a page the
# count itself shows, at a few more the division's edges.
HOLDING_SIZES = (1, 3, 7)


@pytest.fixture
def anchors_every_four(monkeypatch) -> None:
    """Anchors close together, so that ranks come from anchors and counts between them."""
    monkeypatch.setattr(paging, "ANCHOR_SPACING", 4)


@pytest.fixture
def spread(anchors_every_four, board, make_post) -> list[Post]:
    """43 posts over the three categories and none, in no pattern, four of them withdrawn
    (one of 기사/뉴스 among them)."""
    choices = [None, *board.categories.order_by("order")]
    pick = random.Random(11)
    posts = [make_post(board, title=f"글 {n}", category=pick.choice(choices)) for n in range(1, 44)]
    for index in (4, 17, 28, 30):
        actions.set_post_status(post=posts[index], status=Post.Status.HIDDEN)
    return posts


def hidden(board: Board, *names: str) -> list[Category]:
    """The categories as a request reads them: with their counts as they are now."""
    return list(board.categories.filter(name__in=names).order_by("order"))


def published(board: Board) -> QuerySet[Post]:
    return Post.objects.filter(board=board, status=Post.Status.PUBLISHED)


def reference(board: Board, excluded: list[Category]) -> list[int]:
    """The filtered list, newest first, from every row of the board."""
    left_out = {category.pk for category in excluded}
    return [
        post.number
        for post in Post.objects.filter(board=board).order_by("-number")
        if post.status == Post.Status.PUBLISHED and post.category_id not in left_out
    ]


def check_pages(board: Board, excluded: list[Category], per_page: int) -> None:
    board.refresh_from_db()
    expected = reference(board, excluded)
    last = max(1, -(-len(expected) // per_page))
    assert paging.count_without(board, excluded) == len(expected)
    for number in range(1, last + 2):
        page = paging.filtered_list_page(board, excluded, number)
        assert (page.total, page.last_page) == (len(expected), last)
        rows = [post.number for post in page.rows]
        assert rows == expected[(number - 1) * per_page : number * per_page], f"page {number}"
        assert all(row.category_id not in {c.pk for c in excluded} for row in page.rows)
    if per_page not in HOLDING_SIZES:
        return
    for post in published(board).select_related("board"):
        # A post of a hidden category (opened from elsewhere) sits where it would be listed.
        above = sum(1 for number in expected if number > post.number)
        assert paging.filtered_page_holding(post, excluded) == above // per_page + 1, post.number


def check_all_sizes(board: Board, *names: str, settings) -> None:
    for per_page in SIZES:
        settings.MADANG_POSTS_PER_PAGE = per_page
        check_pages(board, hidden(board, *names), per_page)


@pytest.mark.parametrize(
    "names",
    [("기사/뉴스",), ("이슈", "유머"), ("이슈", "기사/뉴스", "유머")],
    ids=["news", "issue-and-humor", "all-three"],
)
def test_filtered_pages_hold_exactly_the_posts_left(spread, board, settings, names):
    check_all_sizes(board, *names, settings=settings)


def test_filtered_pages_stay_exact_after_a_hidden_post_is_deleted(spread, board, settings):
    news = hidden(board, "기사/뉴스")[0]
    in_news = list(published(board).filter(category=news).order_by("number"))
    actions.delete_post(post=in_news[len(in_news) // 2])
    check_all_sizes(board, "기사/뉴스", settings=settings)
    actions.delete_post(post=in_news[-1])  # the newest of the hidden ones
    check_all_sizes(board, "기사/뉴스", settings=settings)


def test_filtered_pages_stay_exact_after_posts_move_between_categories(spread, board, settings):
    issue, news, _humor = board.categories.order_by("order")
    shown = published(board).filter(category=issue, number__gt=10).order_by("number")[0]
    kept_out = published(board).filter(category=news, number__gt=20).order_by("number")[0]
    actions.edit_post(post=shown, title=shown.title, body=shown.body_source, category=news)
    check_all_sizes(board, "기사/뉴스", settings=settings)
    actions.edit_post(post=kept_out, title=kept_out.title, body=kept_out.body_source, category=None)
    check_all_sizes(board, "기사/뉴스", settings=settings)


def test_filtered_pages_stay_exact_after_posts_leave_and_come_back(spread, board, settings):
    actions.set_post_status(post=spread[4], status=Post.Status.PUBLISHED)  # withdrawn at first
    actions.set_post_status(post=spread[0], status=Post.Status.DELETED)  # the oldest
    actions.set_post_status(post=spread[-1], status=Post.Status.HIDDEN)  # the newest
    check_all_sizes(board, "이슈", settings=settings)


def test_the_members_list_and_post_pages_follow_the_reference(spread, board, settings, member):
    settings.MADANG_POSTS_PER_PAGE = 4
    excluded = hidden(board, "기사/뉴스")
    save_preferences(member=member, excluded_categories=excluded, muted_words="")
    client = Client()
    client.force_login(member)
    expected = reference(board, excluded)
    last = -(-len(expected) // 4)
    for number in range(1, last + 1):
        page = BeautifulSoup(client.get(f"/square/?page={number}").content.decode(), "html.parser")
        rows = [int(row["data-number"]) for row in page.select("tbody.rows tr[data-number]")]
        assert rows == expected[(number - 1) * 4 : number * 4]
    assert client.get(f"/square/?page={last + 1}")["Location"] == f"/square/?page={last}"
    for index in (0, 5, len(expected) - 1):
        html = client.get(f"/square/{expected[index]}").content.decode()
        current = BeautifulSoup(html, "html.parser").select_one("tbody.rows tr.current")
        assert int(current["data-number"]) == expected[index]
