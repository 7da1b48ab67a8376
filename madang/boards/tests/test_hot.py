"""The hot board: the score, its per-board normalisation, the periodic refresh, and /hot/
and the home page as each reader may see them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from madang.accounts.pseudonym import author_ref_for
from madang.boards import actions, hot
from madang.boards.hot import engagement, refresh_hot_scores, score
from madang.boards.models import Access, Board, HotScore, Post
from madang.boards.preferences import save_preferences
from madang.core import scheduler
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def hot_titles(response) -> list[str]:
    return [a.get_text() for a in soup(response).select("tbody.rows .title")]


@pytest.fixture
def writer(make_member):
    return make_member("writer")


@pytest.fixture
def write(make_post, writer):
    """A post with its readers' doings, as the counters hold them."""

    def make(board: Board, title: str, *, comments: int = 5, views: int = 0, **extra) -> Post:
        hours = extra.pop("hours", 1)
        created = timezone.now() - timedelta(hours=hours)
        post = make_post(board, title=title, created_at=created, author=extra.pop("author", writer))
        Post.objects.filter(pk=post.pk).update(comment_count=comments, view_count=views, **extra)
        post.refresh_from_db()
        return post

    return make


def test_acts_weigh_more_than_reading():
    a_comment = engagement(views=0, comments=1, scraps=0, up=0, down=0)
    assert engagement(views=20, comments=0, scraps=0, up=0, down=0) == a_comment
    assert engagement(views=0, comments=0, scraps=1, up=0, down=0) == 2 * a_comment
    assert engagement(views=0, comments=0, scraps=0, up=1, down=0) == 2 * a_comment
    assert engagement(views=0, comments=0, scraps=0, up=1, down=1) == a_comment
    assert engagement(views=0, comments=0, scraps=0, up=0, down=5) == 0


def test_the_score_rises_with_engagement_and_falls_with_age():
    assert score(20, 10, 1) > score(10, 10, 1)
    assert score(10, 10, 1) > score(10, 10, 5)
    assert score(10, 10, 0) == pytest.approx(1 / 2**1.5)
    assert score(10, 5, 3) == score(20, 10, 3)  # relative to its board's typical post
    assert score(0.5, 0, 3) == score(0.5, 1, 3)  # a quiet board's typical post counts as 1


def test_a_small_boards_popular_post_outranks_a_big_boards_ordinary_one(board, make_board, write):
    small = make_board("small", name="작은 곳")
    for index in range(9):
        write(board, f"광장 글 {index}", comments=40)
    big_hit = write(board, "광장의 인기 글", comments=100)
    for index in range(5):
        write(small, f"작은 곳 글 {index}", comments=3)
    small_hit = write(small, "작은 곳의 인기 글", comments=30)
    assert big_hit.comment_count > small_hit.comment_count  # more doings, in absolute terms...
    refresh_hot_scores()
    order = list(HotScore.objects.order_by("-score").values_list("post__title", flat=True))
    assert order[:2] == ["작은 곳의 인기 글", "광장의 인기 글"]  # ...less than its board's


def test_newer_posts_beat_older_ones_with_the_same_doings(board, write):
    write(board, "어제 글", comments=10, hours=24)
    write(board, "방금 글", comments=10, hours=0)
    write(board, "아침 글", comments=10, hours=6)
    refresh_hot_scores()
    order = list(HotScore.objects.order_by("-score").values_list("post__title", flat=True))
    assert order == ["방금 글", "아침 글", "어제 글"]


def test_the_refresh_walks_the_last_seven_days_in_batches(board, write, monkeypatch):
    monkeypatch.setattr(hot, "BATCH", 3)
    for index in range(5):
        write(board, f"지난달 글 {index}", hours=24 * 30 - index)
    for index in range(8):
        write(board, f"이번 주 글 {index}", hours=140 - index * 20)
    with CaptureQueriesContext(connection) as queries:
        assert refresh_hot_scores() == 8
    assert not HotScore.objects.filter(post__title__startswith="지난달").exists()
    # Three batches hold this week's posts; the fourth, none of them: the walk stops there.
    walks = [query for query in queries if 'FROM "boards_post"' in query["sql"]]
    assert len(walks) == 4


def test_a_post_needs_a_few_doings_of_others_to_be_hot(board, write):
    write(board, "읽기만 한 글", comments=2, views=5000)
    write(board, "댓글 셋", comments=3)
    write(board, "스크랩과 추천", comments=0, scrap_count=1, up_count=2)
    refresh_hot_scores()
    assert set(HotScore.objects.values_list("post__title", flat=True)) == {
        "댓글 셋",
        "스크랩과 추천",
    }


def test_the_refresh_keeps_the_highest_scores_only(board, write, monkeypatch):
    monkeypatch.setattr(hot, "KEPT", 2)
    for comments in (10, 30, 20):
        write(board, f"댓글 {comments}", comments=comments)
    assert refresh_hot_scores() == 2
    assert set(HotScore.objects.values_list("post__title", flat=True)) == {"댓글 30", "댓글 20"}


def test_the_job_runs_from_the_scheduler():
    jobs = {job.name: job for job in scheduler.default_jobs()}
    assert jobs["hot-scores"].every == hot.EVERY
    assert jobs["hot-scores"].run is refresh_hot_scores


def test_each_row_shows_its_board_and_category(client, board, make_board, write):
    game = make_board("game", name="게임", categories=("PC",))
    write(board, "광장 글", category=board.categories.get(slug="c2"))
    write(game, "게임 글", category=game.categories.get())
    refresh_hot_scores()
    rows = soup(client.get("/hot/")).select("tbody.rows tr")
    cells = {
        row.select_one(".title").get_text(): [a.get_text() for a in row.select(".col-category a")]
        for row in rows
    }
    assert cells == {"광장 글": ["스퀘어", "유머"], "게임 글": ["게임", "PC"]}
    links = [a["href"] for a in rows[0].select(".col-category a")]
    assert links[0] in ("/square/", "/game/")


def test_the_hot_board_follows_the_visibility_rule(
    client, board, make_board, make_member, write, django_capture_on_commit_callbacks
):
    shown = write(board, "보이는 글", comments=50)
    blinded = write(board, "가린 글", comments=40)
    hidden = write(board, "숨긴 글", comments=30)
    deleted = write(board, "지운 글", comments=20)
    silenced = make_member("silenced")
    write(board, "무통보 차단될 글", comments=45, author=silenced)
    members_only = make_board("members", read_access=Access.MEMBERS)
    write(members_only, "회원 게시판 글", comments=35)
    staff_only = make_board("staff", read_access=Access.STAFF)
    write(staff_only, "운영진 게시판 글", comments=60)
    refresh_hot_scores()
    with django_capture_on_commit_callbacks(execute=True):
        Post.objects.filter(pk=blinded.pk).update(blinded=True)
        actions.set_post_status(post=hidden, status=Post.Status.HIDDEN)
        actions.delete_post(post=deleted)
        ban_author(
            actor=None,
            author_ref=author_ref_for(silenced.pk),
            board=None,
            kind=Ban.Kind.SILENT,
            reason="도배",
            days=None,
        )
    assert shown.pk  # before the next refresh, the page already leaves them out
    assert hot_titles(client.get("/hot/")) == ["보이는 글", "가려진 글입니다"]
    reader = Client()
    reader.force_login(make_member())
    assert set(hot_titles(reader.get("/hot/"))) == {
        "보이는 글",
        "가려진 글입니다",
        "회원 게시판 글",
    }
    own = Client()
    own.force_login(silenced)
    assert set(hot_titles(own.get("/hot/"))) == {
        "보이는 글",
        "무통보 차단될 글",
        "가려진 글입니다",
        "회원 게시판 글",
    }


def test_admins_leave_out_boards_and_categories(
    client, board, make_board, write, django_capture_on_commit_callbacks
):
    game = make_board("game", name="게임")
    write(board, "이슈 글", category=board.categories.get(slug="c0"))
    write(board, "유머 글", category=board.categories.get(slug="c2"))
    write(game, "게임 글")
    refresh_hot_scores()
    assert len(hot_titles(client.get("/hot/"))) == 3
    with django_capture_on_commit_callbacks(execute=True):  # the admin's saves: pages anew
        game.hot_excluded = True
        game.save()
        humor = board.categories.get(slug="c2")
        humor.hot_excluded = True
        humor.save()
    assert hot_titles(client.get("/hot/")) == ["이슈 글"]
    refresh_hot_scores()  # and the next refresh keeps no place for them
    assert list(HotScore.objects.values_list("post__title", flat=True)) == ["이슈 글"]


def test_a_members_hidden_categories_and_muted_words_apply(client, board, make_member, write):
    write(board, "이슈 글", comments=30, category=board.categories.get(slug="c0"))
    write(board, "광고 같은 글", comments=20, category=board.categories.get(slug="c2"))
    write(board, "유머 글", comments=10, category=board.categories.get(slug="c2"))
    refresh_hot_scores()
    reader = make_member()
    save_preferences(
        member=reader, excluded_categories=[board.categories.get(slug="c0")], muted_words="광고"
    )
    client.force_login(reader)
    response = client.get("/hot/")
    assert response["X-Madang-Cache"].startswith("member")  # the render members share
    assert hot_titles(response) == ["유머 글"]
    home = soup(client.get("/"))
    assert [a.get_text() for a in home.select(".hot-latest a")] == ["유머 글"]


def test_the_guests_page_is_cached_and_renewed_when_the_job_runs(
    client, board, write, django_capture_on_commit_callbacks
):
    first = write(board, "먼저 뜬 글", comments=10)
    refresh_hot_scores()
    assert hot_titles(client.get("/hot/")) == ["먼저 뜬 글"]
    assert client.get("/hot/")["X-Madang-Cache"] == "hit"
    write(board, "새로 뜬 글", comments=50)  # no bump of the board's pages here
    Post.objects.filter(pk=first.pk).update(comment_count=11)
    with django_capture_on_commit_callbacks(execute=True):  # as the worker runs it: no transaction
        refresh_hot_scores()
    assert hot_titles(client.get("/hot/")) == ["새로 뜬 글", "먼저 뜬 글"]


def test_the_home_page_shows_the_hottest_posts(client, board, make_board, write):
    game = make_board("game", name="게임", categories=("PC",))
    for index in range(12):
        write(board, f"광장 글 {index}", comments=10 + index)
    for index in range(5):
        write(game, f"게임 글 {index}", comments=3)
    write(
        game, "게임의 인기 글", comments=30, category=game.categories.get()
    )  # ten times its board's
    refresh_hot_scores()
    items = soup(client.get("/")).select(".hot-latest li")
    assert len(items) == hot.ON_HOME
    assert items[0].select_one(".hot-source").get_text() == "게임 · PC"
    assert items[0].select_one("a").get_text() == "게임의 인기 글"
    assert items[1].select_one("a").get_text() == "광장 글 11"


def test_hot_pages_are_numbered(client, board, write, monkeypatch):
    monkeypatch.setattr(hot, "PER_PAGE", 2)
    for comments in (10, 20, 30, 40, 50):
        write(board, f"댓글 {comments}", comments=comments)
    refresh_hot_scores()
    assert hot_titles(client.get("/hot/?page=2")) == ["댓글 30", "댓글 20"]
    assert hot_titles(client.get("/hot/?page=3")) == ["댓글 10"]
    assert client.get("/hot/?page=4")["Location"] == "/hot/?page=3"
    assert client.get("/hot/?page=zero").status_code == 404


def test_the_hot_board_takes_two_queries_and_none_once_cached(
    client, board, make_member, write, django_assert_num_queries
):
    for index in range(30):
        write(board, f"글 {index}", comments=5 + index)
    refresh_hot_scores()
    with django_assert_num_queries(2):  # the boards, the hot posts with their categories
        response = client.get("/hot/")
    assert len(soup(response).select("tbody.rows tr")) == hot.PER_PAGE
    with django_assert_num_queries(0):
        client.get("/hot/")
    reader = Client()
    reader.force_login(make_member())
    reader.get("/hot/")
    with django_assert_num_queries(0):  # the member's session, overlay and page: cached
        assert reader.get("/hot/")["X-Madang-Cache"] == "member"
