"""/feeds/<board>.atom: the board's first list page, as a guest reads it, in Atom."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from madang.boards.actions import edit_post, pin_notice
from madang.feeds.tests.conftest import ATOM, read_feed

SEOUL = ZoneInfo("Asia/Seoul")


def test_the_feed_holds_the_newest_posts_newest_first(board, make_post, read):
    for title in ("하나", "둘", "셋"):
        make_post(board, title=title)
    feed = read("/feeds/square.atom")
    assert feed.titles() == ["셋", "둘", "하나"]
    assert [entry.link for entry in feed.parsed.entries] == [
        "http://testserver/square/3",
        "http://testserver/square/2",
        "http://testserver/square/1",
    ]


def test_the_feed_holds_what_the_first_list_page_holds(board, make_post, read, client, settings):
    settings.MADANG_POSTS_PER_PAGE = 3
    for index in range(5):
        make_post(board, title=f"글 {index}")
    feed = read("/feeds/square.atom")
    page = client.get("/square/").content.decode()
    assert feed.titles() == ["글 4", "글 3", "글 2"]
    assert all(title in page for title in feed.titles())
    assert "글 1" not in page


def test_notices_pinned_above_the_list_are_not_repeated(
    board, make_board, make_post, notice_kind, read, settings
):
    settings.MADANG_POSTS_PER_PAGE = 2
    old_notice = make_post(board, title="오래된 공지")
    elsewhere = make_post(make_board("other"), title="다른 게시판의 전체 공지")
    pin_notice(post=old_notice, kind=notice_kind, board=board)
    pin_notice(post=elsewhere, kind=notice_kind, board=None)
    make_post(board, title="새 글")
    recent_notice = make_post(board, title="새 공지")
    pin_notice(post=recent_notice, kind=notice_kind, board=board)
    assert read("/feeds/square.atom").titles() == ["새 공지", "새 글"]


def test_an_entry_says_what_the_post_page_says(board, make_post, read):
    humour = board.categories.get(name="유머")
    written = datetime(2024, 3, 1, 23, 30, 15, 123456, tzinfo=SEOUL)
    post = make_post(
        board,
        title="제목 <그대로>",
        body="<p>첫 줄 <b>굵게</b></p>",
        category=humour,
        created_at=written,
        source_url="https://example.com/news/1",
    )
    feed = read("/feeds/square.atom")
    entry = feed.parsed.entries[0]
    assert entry.title == "제목 <그대로>"
    assert entry.id == f"tag:testserver,2024-03-01:/square/{post.number}"
    assert entry.link == f"http://testserver/square/{post.number}"
    assert entry.published == "2024-03-01T23:30:15+09:00"
    assert entry.updated == "2024-03-01T23:30:15+09:00"
    assert entry.author == "익명의 마당발"
    assert [(tag.term, tag.label, tag.scheme) for tag in entry.tags] == [
        ("c2", "유머", "http://testserver/square/")
    ]
    assert entry.content[0].type == "text/html"
    html = feed.contents()[0]
    assert "<p>첫 줄 <b>굵게</b></p>" in html
    assert 'href="https://example.com/news/1"' in html


def test_an_edited_post_is_updated_at_its_edit(board, make_post, read):
    written = timezone.now() - timedelta(days=2)
    post = make_post(board, title="처음 제목", created_at=written)
    edit_post(post=post, title="고친 제목", body="<p>고친 본문</p>", category=None)
    feed = read("/feeds/square.atom")
    entry = feed.parsed.entries[0]
    assert entry.title == "고친 제목"
    assert entry.published_parsed < entry.updated_parsed
    assert entry.published == timezone.localtime(written).replace(microsecond=0).isoformat()
    assert feed.text("atom:updated") == entry.updated  # the feed's newest change


def test_the_feed_names_itself_and_its_page(board, make_post, read):
    board.description = "무엇이든 이야기하는 곳"
    board.save()
    make_post(board)
    feed = read("/feeds/square.atom")
    assert feed.parsed.feed.title == "스퀘어 — 마당"
    assert feed.parsed.feed.subtitle == "무엇이든 이야기하는 곳"
    assert feed.parsed.feed.id == "http://testserver/feeds/square.atom"
    links = {link.rel: link.href for link in feed.parsed.feed.links}
    assert links == {
        "alternate": "http://testserver/square/",
        "self": "http://testserver/feeds/square.atom",
    }
    assert feed.root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ko"


def test_a_category_has_a_feed_of_its_own(board, make_post, read):
    humour = board.categories.get(name="유머")
    make_post(board, title="유머 글", category=humour)
    make_post(board, title="이슈 글", category=board.categories.get(name="이슈"))
    make_post(board, title="말머리 없는 글")
    feed = read("/feeds/square.atom?category=c2")
    assert feed.titles() == ["유머 글"]
    assert feed.parsed.feed.title == "스퀘어 · 유머 — 마당"
    links = {link.rel: link.href for link in feed.parsed.feed.links}
    assert links == {
        "alternate": "http://testserver/square/?category=c2",
        "self": "http://testserver/feeds/square.atom?category=c2",
    }
    assert read("/feeds/square.atom").titles() == ["말머리 없는 글", "이슈 글", "유머 글"]


def test_an_empty_board_has_a_valid_feed_dated_by_the_board(board, read):
    feed = read("/feeds/square.atom")
    assert feed.entries() == []
    created = timezone.localtime(board.created_at).replace(microsecond=0).isoformat()
    assert feed.text("atom:updated") == created
    assert feed.text("atom:author/atom:name") == "마당"  # a feed without entries has an author


def test_links_and_ids_follow_the_host_the_feed_was_asked_from(board, make_post, settings):
    settings.ALLOWED_HOSTS = ["example.org", "mirror.example.net"]
    post = make_post(board, title="주소")
    day = timezone.localtime(post.created_at).date().isoformat()
    plain = read_feed(Client(HTTP_HOST="example.org"), "/feeds/square.atom")
    assert plain.parsed.entries[0].link == "http://example.org/square/1"
    secure = read_feed(Client(HTTP_HOST="mirror.example.net"), "/feeds/square.atom", secure=True)
    entry = secure.parsed.entries[0]
    assert entry.link == "https://mirror.example.net/square/1"
    assert entry.id == f"tag:mirror.example.net,{day}:/square/1"
    assert b"example.org" not in secure.response.content  # not the other host's stored copy


@pytest.mark.parametrize("posts", [3, 25])
def test_the_feed_costs_the_same_queries_however_many_posts(
    board, make_post, client, django_assert_num_queries, posts
):
    for index in range(posts):
        make_post(board, title=f"글 {index}", category=board.categories.get(name="유머"))
    # The board's id, the board, its categories, the page's posts with their categories,
    # and their bodies (which a list's rows leave out).
    with django_assert_num_queries(5):
        response = client.get("/feeds/square.atom?category=c2")
    assert response.status_code == 200
    assert response.content.count(b"<entry>") == min(posts, 20)
    assert ATOM.encode() in response.content
