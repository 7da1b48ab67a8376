"""Best posts (베스트): the threshold, promotion once and for good, and the best list's
numbered pages, visibility and counts."""

from __future__ import annotations

import io
import random

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client

from madang.accounts.pseudonym import author_ref_for
from madang.boards import actions, best, paging
from madang.boards.hot import refresh_hot_scores
from madang.boards.models import Board, Category, PageAnchor, Post
from madang.boards.preferences import save_preferences
from madang.boards.votes import DOWN, UP, cast_vote
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban
from madang.writing.votes import vote


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def titles(response) -> list[str]:
    return [a.get_text() for a in soup(response).select("tbody.rows .title")]


def at_threshold(board: Board, threshold: int) -> Board:
    Board.objects.filter(pk=board.pk).update(best_min_votes=threshold, best_threshold=threshold)
    board.refresh_from_db()
    return board


def promote(post: Post) -> None:
    """Make the post best now, whatever its votes (for building lists)."""
    Post.objects.filter(pk=post.pk).update(up_count=10**6)
    assert best.promote_if_due(post_id=post.pk, board_id=post.board_id)
    Post.objects.filter(pk=post.pk).update(up_count=0)
    post.refresh_from_db()


@pytest.fixture
def writer(make_member):
    return make_member("writer")


def test_a_post_becomes_best_when_its_net_votes_reach_the_threshold(
    board, make_post, make_member, writer
):
    at_threshold(board, 2)
    issue = board.categories.first()
    post = make_post(board, title="좋은 글", category=issue, author=writer)
    vote(member=make_member(), board=board, post=post, value="up")
    board.downvotes = True
    board.save()
    vote(member=make_member(), board=board, post=post, value="down")
    vote(member=make_member(), board=board, post=post, value="up")
    post.refresh_from_db()
    assert post.best_number is None  # two up, one down: a net of one
    vote(member=make_member(), board=board, post=post, value="up")
    post.refresh_from_db()
    board.refresh_from_db()
    issue.refresh_from_db()
    assert post.best_number == 1
    assert (board.best_count, board.last_best_number, issue.best_count) == (1, 1, 1)


def test_a_best_post_stays_best_when_its_votes_are_taken_back(board, make_post, member, writer):
    at_threshold(board, 1)
    post = make_post(board, title="좋은 글", author=writer)
    vote(member=member, board=board, post=post, value="up")
    vote(member=member, board=board, post=post, value="up")  # taken back
    post.refresh_from_db()
    assert (post.up_count, post.best_number) == (0, 1)


def test_a_silently_banned_members_votes_raise_no_post_to_best(board, make_post, member, writer):
    at_threshold(board, 1)
    post = make_post(board, title="조작하려는 글", author=writer)
    ban_author(
        actor=None,
        author_ref=author_ref_for(member.pk),
        board=None,
        kind=Ban.Kind.SILENT,
        reason="조작",
        days=None,
    )
    vote(member=member, board=board, post=post, value="up")
    post.refresh_from_db()
    assert (post.up_count, post.best_number) == (0, None)


def test_the_threshold_is_the_floor_or_the_boards_98th_percentile():
    assert best.threshold_from([100] * 49, 10) == 10  # too few posts to say
    nets = list(range(100))  # 0..99: the 98th of 100 by rank is 97
    assert best.threshold_from(nets, 10) == 97
    assert best.threshold_from(nets, 150) == 150
    assert best.threshold_from([0] * 200, 10) == 10


def test_the_hot_job_sets_each_boards_threshold_and_promotes_what_reached_it(
    board, make_board, make_post, writer
):
    quiet = make_board("quiet")
    posts = [make_post(board, title=f"글 {n}", author=writer) for n in range(60)]
    for index, post in enumerate(posts):
        Post.objects.filter(pk=post.pk).update(up_count=index)  # nets 0..59: the 98th is 58
    lonely = make_post(quiet, title="조용한 곳의 글", author=writer)
    Post.objects.filter(pk=lonely.pk).update(up_count=12)
    refresh_hot_scores()
    board.refresh_from_db()
    quiet.refresh_from_db()
    assert (board.best_threshold, quiet.best_threshold) == (58, 10)
    assert set(Post.objects.exclude(best_number=None).values_list("title", flat=True)) == {
        "글 58",
        "글 59",
        "조용한 곳의 글",
    }


@pytest.fixture
def best_board(board, make_post, writer, monkeypatch, settings) -> list[Post]:
    """Eleven best posts, made best in an order of their own, anchors every three."""
    monkeypatch.setattr(paging, "ANCHOR_SPACING", 3)
    monkeypatch.setattr(paging, "DIRECT_OFFSET_LIMIT", 0)
    settings.MADANG_POSTS_PER_PAGE = 2
    choices = [None, *board.categories.order_by("order")]
    pick = random.Random(7)
    posts = [
        make_post(board, title=f"글 {n}", category=pick.choice(choices), author=writer)
        for n in range(1, 25)
    ]
    chosen = pick.sample(posts, 11)
    for post in chosen:
        promote(post)
    return chosen  # in the order they became best


def expected_pages(board: Board, per_page: int, hidden: tuple[int, ...] = ()) -> list[list[str]]:
    rows = list(
        Post.objects.filter(board=board, status="published", best_number__isnull=False)
        .exclude(category_id__in=hidden)
        .order_by("-best_number")
        .values_list("title", flat=True)
    )
    return [rows[start : start + per_page] for start in range(0, len(rows), per_page)] or [[]]


def anchors_hold_true_ranks(board: Board) -> bool:
    anchors = PageAnchor.objects.filter(board=board, scope=paging.BEST_SCOPE)
    listed = best.best_posts(board)
    return all(
        anchor.rank == listed.filter(best_number__lte=anchor.number).count() for anchor in anchors
    )


def shown_pages(client: Client, board: Board) -> list[list[str]]:
    """Every page of the best list, until a page past the end sends back to the last."""
    pages: list[list[str]] = []
    for number in range(1, 100):
        response = client.get(f"/square/?best=1&page={number}")
        if response.status_code == 302:
            assert response["Location"] == f"/square/?best=1&page={number - 1}"
            return pages
        pages.append(titles(response))
    raise AssertionError("no end to the best list")


def test_best_pages_follow_the_order_posts_became_best(client, board, best_board):
    board.refresh_from_db()
    assert board.best_count == 11
    assert PageAnchor.objects.filter(board=board, scope=paging.BEST_SCOPE).count() == 3
    assert titles(client.get("/square/?best=1")) == [best_board[-1].title, best_board[-2].title]
    assert shown_pages(client, board) == expected_pages(board, 2)


def test_best_pages_stay_exact_when_best_posts_leave_and_come_back(
    client, board, best_board, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.set_post_status(post=best_board[1], status=Post.Status.HIDDEN)
        actions.delete_post(post=best_board[8])
    board.refresh_from_db()
    assert board.best_count == 9
    assert anchors_hold_true_ranks(board)
    assert shown_pages(client, board) == expected_pages(board, 2)
    with django_capture_on_commit_callbacks(execute=True):
        actions.set_post_status(post=best_board[1], status=Post.Status.PUBLISHED)
    board.refresh_from_db()
    assert board.best_count == 10
    assert anchors_hold_true_ranks(board)
    assert shown_pages(client, board) == expected_pages(board, 2)


def test_repair_counters_recounts_the_best_list(client, board, best_board):
    Board.objects.filter(pk=board.pk).update(best_count=99, last_best_number=3)
    Category.objects.filter(board=board).update(best_count=99)
    PageAnchor.objects.filter(board=board, scope=paging.BEST_SCOPE).update(rank=1)
    call_command("repair_counters", stdout=io.StringIO())
    board.refresh_from_db()
    assert (board.best_count, board.last_best_number) == (11, 11)
    assert anchors_hold_true_ranks(board)
    for category in Category.objects.filter(board=board):
        assert category.best_count == len(
            [post for post in best_board if post.category_id == category.pk]
        )
    assert shown_pages(client, board) == expected_pages(board, 2)


def test_a_member_hiding_a_category_gets_the_best_list_without_it(
    client, board, best_board, member
):
    issue = board.categories.get(slug="c0")
    save_preferences(member=member, excluded_categories=[issue], muted_words="")
    client.force_login(member)
    pages = [titles(client.get(f"/square/?best=1&page={n}")) for n in range(1, 7)]
    expected = expected_pages(board, 2, hidden=(issue.pk,))
    assert pages[: len(expected)] == expected


def test_the_best_list_follows_the_visibility_rule(
    client, board, make_post, make_member, writer, django_capture_on_commit_callbacks
):
    at_threshold(board, 1)
    shown = make_post(board, title="보이는 글", author=writer)
    blinded = make_post(board, title="가린 글", author=writer)
    author = make_member("silenced")
    theirs = make_post(board, title="무통보 차단될 글", author=author)
    for post in (shown, blinded, theirs):
        promote(post)
    Post.objects.filter(pk=blinded.pk).update(blinded=True)
    with django_capture_on_commit_callbacks(execute=True):
        ban_author(
            actor=None,
            author_ref=author_ref_for(author.pk),
            board=None,
            kind=Ban.Kind.SILENT,
            reason="조작",
            days=None,
        )
    assert titles(client.get("/square/?best=1")) == ["가려진 글입니다", "보이는 글"]
    own = Client()
    own.force_login(author)
    assert titles(own.get("/square/?best=1")) == [
        "무통보 차단될 글",
        "가려진 글입니다",
        "보이는 글",
    ]


def test_the_best_list_is_one_list_per_board(client, board, best_board):
    response = client.get("/square/?best=1&category=c1&page=2")
    assert response.status_code == 302
    assert response["Location"] == "/square/?best=1&page=2"
    assert client.get("/square/?best=yes").status_code == 404
    board.votes = False
    board.save()
    assert client.get("/square/?best=1").status_code == 404


def test_a_post_opened_from_the_best_list_shows_the_best_page_that_holds_it(
    client, board, best_board
):
    post = best_board[0]  # the first to become best: on the last best page
    page = soup(client.get(f"/square/{post.number}?best=1"))
    assert page.select_one("tbody.rows tr.current .title").get_text() == post.title
    back = page.select_one(".post-actions a.button")["href"]
    assert back == "/square/?best=1&page=6"
    assert all(a["href"].endswith("?best=1") for a in page.select("tbody.rows .title"))


def test_the_best_list_takes_as_many_queries_as_the_board_list(
    client, board, best_board, django_assert_num_queries
):
    client.get("/square/?best=1")  # the board's id, remembered for the page cache
    # board, categories, notices, rows; a deep page adds the anchor lookup
    with django_assert_num_queries(5):
        client.get("/square/?best=1&page=2")
    with django_assert_num_queries(0):
        client.get("/square/?best=1&page=2")


def test_net_votes_count_downvotes_against(board, make_post, make_member, writer):
    board = at_threshold(board, 1)
    board.downvotes = True
    board.save()
    post = make_post(board, title="반반인 글", author=writer)
    cast_vote(member=make_member(), post=post, value=DOWN)
    cast_vote(member=make_member(), post=post, value=UP)
    post.refresh_from_db()
    assert not best.due(board, post)
