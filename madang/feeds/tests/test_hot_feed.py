"""/feeds/hot.atom: the first page of /hot/, as a guest reads it, in Atom."""

from __future__ import annotations

from datetime import timedelta

from bs4 import BeautifulSoup
from django.utils import timezone

from madang.boards import hot
from madang.boards.hot import refresh_hot_scores
from madang.boards.models import Post


def hot_post(make_post, board, title, *, comments=5, hours=1, **extra):
    created = timezone.now() - timedelta(hours=hours)
    post = make_post(board, title=title, created_at=created, **extra)
    Post.objects.filter(pk=post.pk).update(comment_count=comments)
    return post


def test_the_hot_feed_holds_the_hot_boards_first_page_in_its_order(
    board, make_board, make_post, read, client, monkeypatch
):
    monkeypatch.setattr(hot, "PER_PAGE", 3)
    small = make_board("small", name="작은 곳")
    for index, comments in enumerate((10, 40, 20, 30)):
        hot_post(make_post, board, f"광장 {index}", comments=comments)
    hot_post(make_post, small, "작은 곳의 글", comments=50)
    refresh_hot_scores()
    page = BeautifulSoup(client.get("/hot/").content.decode(), "html.parser")
    shown = [link.get_text() for link in page.select("tbody.rows .title")]
    feed = read("/feeds/hot.atom")
    assert feed.titles() == shown
    assert len(feed.titles()) == 3


def test_a_hot_entry_names_its_board_and_category(board, make_post, read):
    humour = board.categories.get(name="유머")
    post = hot_post(make_post, board, "웃긴 글", category=humour, body="<p>하하</p>")
    refresh_hot_scores()
    feed = read("/feeds/hot.atom")
    entry = feed.parsed.entries[0]
    assert entry.link == f"http://testserver/square/{post.number}"
    assert [(tag.term, tag.label, tag.scheme) for tag in entry.tags] == [
        ("square", "스퀘어", "http://testserver/"),
        ("c2", "유머", "http://testserver/square/"),
    ]
    assert feed.contents() == ["<p>하하</p>"]  # the body the hot list leaves out
    assert feed.parsed.feed.title == "핫 게시판 — 마당"
    links = {link.rel: link.href for link in feed.parsed.feed.links}
    assert links == {
        "alternate": "http://testserver/hot/",
        "self": "http://testserver/feeds/hot.atom",
    }


def test_a_blinded_hot_post_shows_its_placeholders(board, make_post, read):
    post = hot_post(make_post, board, "신고 받은 인기 글", body="<p>신고 받은 본문</p>")
    Post.objects.filter(pk=post.pk).update(blinded=True)
    refresh_hot_scores()
    feed = read("/feeds/hot.atom")
    assert feed.titles() == ["가려진 글입니다"]
    assert b"\xec\x8b\xa0\xea\xb3\xa0 \xeb\xb0\x9b\xec\x9d\x80" not in feed.response.content


def test_the_hot_feed_costs_three_queries(board, make_post, client, django_assert_num_queries):
    for index in range(25):
        hot_post(make_post, board, f"글 {index}", comments=5 + index)
    refresh_hot_scores()
    # The boards, the hot posts, their bodies.
    with django_assert_num_queries(3):
        response = client.get("/feeds/hot.atom")
    assert response.content.count(b"<entry>") == hot.PER_PAGE
