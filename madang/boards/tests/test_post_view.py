from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from madang.boards import actions
from madang.boards.models import Post


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def news_post(board, make_post):
    news = board.categories.get(name="기사/뉴스")
    post = make_post(
        board,
        title="새 지하철 노선 개통",
        body=(
            "<p>첫 문단</p><script>alert(1)</script>"
            '<p onclick="x()">둘째 <a href="javascript:x()">링크</a></p>'
        ),
        category=news,
        source_url="https://news.example.com/article/1",
        created_at=datetime(2024, 5, 23, 5, 20, tzinfo=UTC),
    )
    Post.objects.filter(pk=post.pk).update(view_count=2282, scrap_count=3)
    return post


def test_post_header_shows_category_title_views_comments_and_time(client, news_post, make_comment):
    make_comment(news_post)
    page = soup(client.get("/square/1"))
    assert page.select_one(".post-category").get_text(strip=True) == "기사/뉴스"
    assert page.select_one("h1.post-title").get_text(strip=True) == "새 지하철 노선 개통"
    meta = page.select_one(".post-meta").get_text(" ", strip=True)
    assert "조회 2,282" in meta
    assert "댓글 1" in meta
    assert "2024.05.23 14:20" in meta


def test_body_is_sanitized(client, news_post):
    body = soup(client.get("/square/1")).select_one(".post-body")
    html = str(body)
    assert "<script" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert body.get_text(" ", strip=True) == "첫 문단 둘째 링크"


def test_source_link_list_link_and_scrap_count(client, news_post):
    page = soup(client.get("/square/1"))
    source = page.select_one(".post-source a")
    assert source["href"] == "https://news.example.com/article/1"
    assert "noopener" in source["rel"]
    actions_text = page.select_one(".post-actions").get_text(" ", strip=True)
    assert actions_text == "목록 스크랩 (3)"  # a guest sees neither edit nor delete
    assert page.select_one(".post-actions a")["href"] == "/square/"


def test_comments_are_numbered_with_the_post_author_marked(
    client, board, make_post, make_comment, make_member, member
):
    other = make_member()
    post = make_post(board, author=member)
    make_comment(post, body="첫 댓글", author=other)
    make_comment(post, body="글쓴이 답", author=member)
    make_comment(post, body="셋째", author=other)
    page = soup(client.get("/square/1"))
    lines = page.select("#comment-list .comment")
    assert [line.select_one(".ordinal").get_text() for line in lines] == ["1", "2", "3"]
    assert ["by-author" in line["class"] for line in lines] == [False, True, False]
    assert lines[1].select_one(".author-mark").get_text(strip=True) == "글쓴이"
    names = {line.select_one(".name").get_text(strip=True) for line in lines}
    assert names == {"익명의 마당발"}
    assert page.select_one("#comment-count").get_text() == "3"
    assert page.select_one("#newer-comments button").get_text(strip=True) == "새 댓글 확인하기"
    assert page.select_one("#comments-after")["value"] == str(
        post.comments.order_by("-id").first().pk
    )


def test_the_list_under_the_post_marks_its_row(client, board, make_post, settings):
    settings.MADANG_POSTS_PER_PAGE = 3
    for index in range(8):
        make_post(board, title=f"글 {index}")
    page = soup(client.get("/square/4"))  # page 1 holds 8, 7, 6; page 2 holds 5, 4, 3
    rows = page.select("tbody.rows tr")
    assert [row.select_one(".col-number").get_text() for row in rows] == ["5", "4", "3"]
    current = page.select_one("tbody.rows tr.current")
    assert current.select_one(".col-number").get_text() == "4"
    assert current["aria-current"] == "page"
    assert page.select_one(".post-actions a")["href"] == "/square/?page=2"


def test_hidden_missing_and_malformed_posts_are_404(client, board, make_post):
    post = make_post(board)
    actions.set_post_status(post=post, status=Post.Status.HIDDEN)
    assert client.get("/square/1").status_code == 404
    assert client.get("/square/2").status_code == 404
    assert client.get("/square/0").status_code == 404
    assert client.get("/square/abc").status_code == 404
    assert client.get("/square/" + "9" * 30).status_code == 404
    assert client.get("/square/999999999999999999").status_code == 404
    assert client.get("/nowhere/1").status_code == 404


def test_more_comments_button_appears_past_one_page(client, board, make_post, make_comment):
    board.comments_per_page = 5
    board.save()
    post = make_post(board)
    for index in range(7):
        make_comment(post, body=f"댓글 {index}")
    page = soup(client.get("/square/1"))
    ordinals = [line.get_text() for line in page.select("#comment-list .ordinal")]
    assert ordinals == ["3", "4", "5", "6", "7"]
    assert page.select_one("#older-comments button").get_text(strip=True) == "댓글 더 보기"
    assert page.select_one("#comments-from")["value"] == str(post.comments.order_by("id")[2].pk)


def test_post_page_with_100_comments_takes_nine_queries(
    client, board, make_post, make_comment, notice_kind, django_assert_num_queries
):
    posts = [make_post(board, title=f"글 {i}") for i in range(30)]
    actions.pin_notice(post=posts[0], kind=notice_kind, board=board)
    for index in range(100):
        make_comment(posts[10], body=f"댓글 {index}")
    # board, post, categories, notices, anchor, rank count, rows, the comments (their places
    # and lines in one query, for a post with no more comments than a page shows), and the
    # board's id for the page cache; the next guest is served from the cache
    with django_assert_num_queries(9):
        response = client.get("/square/11")
    page = soup(response)
    assert len(page.select("#comment-list .comment")) == 100
    with django_assert_num_queries(0):
        assert client.get("/square/11")["X-Madang-Cache"] == "hit"


@pytest.fixture
def busy_post(board, make_post, make_comment, make_member, notice_kind):
    posts = [make_post(board, title=f"글 {i}") for i in range(30)]
    actions.pin_notice(post=posts[0], kind=notice_kind, board=board)
    others = [make_member() for _ in range(5)]
    roots: list = []
    for index in range(300):
        if index % 3 == 2:
            make_comment(posts[10], body=f"답글 {index}", author=others[index % 5])
            from madang.comments.models import Comment

            Comment.objects.filter(body=f"답글 {index}").update(parent=roots[-1])
        else:
            roots.append(make_comment(posts[10], body=f"댓글 {index}", author=others[index % 5]))
    return posts[10]


def test_post_page_with_300_comments_takes_nine_queries(
    client, busy_post, django_assert_num_queries
):
    # the nine of the page above, and the board's id for the page cache
    with django_assert_num_queries(10):
        response = client.get("/square/11")
    page = soup(response)
    assert len(page.select("#comment-list > .thread")) == 100  # the newest 100 threads
    assert page.select_one("#comment-count").get_text() == "300"
    assert page.select_one("#older-comments button") is not None


def test_member_post_page_with_300_comments_costs_no_query_once_shared(
    client, busy_post, make_member, django_assert_num_queries
):
    client.force_login(make_member())
    # The first member: the board id, session, member, their overlay (reading preferences,
    # read notices, moderated boards, boards with their silently banned posts, their
    # votes, their unread notifications), the shared
    # render (board, post, categories, notices, anchor, rank count, rows, comment ids,
    # comment rows) and who commented on or scrapped the post (commenters, scrappers),
    # and the board's reading access, kept in the process until the site's generation moves.
    with django_assert_num_queries(21):
        client.get("/square/11")
    # Another member: their session, themselves, their overlay (6).
    other = Client()
    other.force_login(make_member())
    with django_assert_num_queries(8):
        assert other.get("/square/11")["X-Madang-Cache"] == "member"
    # The same member again: everything comes from the cache.
    with django_assert_num_queries(0):
        assert other.get("/square/11")["X-Madang-Cache"] == "member"
