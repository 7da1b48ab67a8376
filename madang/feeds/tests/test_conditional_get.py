"""Feeds answer 304 to a reader who has them, from the page cache, renewed by writes."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from madang.boards.hot import refresh_hot_scores
from madang.boards.models import Post
from madang.core import pagecache
from madang.feeds.tests.conftest import read_feed


def test_a_feed_carries_both_validators(board, make_post, read):
    make_post(board)
    response = read("/feeds/square.atom").response
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    assert parse_http_date(response["Last-Modified"]) <= timezone.now().timestamp()


def test_a_matching_etag_answers_304(board, make_post, client, read):
    make_post(board)
    etag = read("/feeds/square.atom").response["ETag"]
    again = client.get("/feeds/square.atom", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_a_matching_date_answers_304(board, make_post, client, read):
    make_post(board)
    modified = read("/feeds/square.atom").response["Last-Modified"]
    again = client.get("/feeds/square.atom", headers={"if-modified-since": modified})
    assert again.status_code == 304
    later = http_date(parse_http_date(modified) + 60)
    assert client.get("/feeds/square.atom", headers={"if-modified-since": later}).status_code == 304
    earlier = http_date(parse_http_date(modified) - 1)
    before = client.get("/feeds/square.atom", headers={"if-modified-since": earlier})
    assert before.status_code == 200


def test_a_new_post_answers_200_with_new_validators(
    board, make_post, client, read, django_capture_on_commit_callbacks
):
    make_post(board, title="먼저 쓴 글")
    _last_written_a_minute_ago(board.pk)
    first = read("/feeds/square.atom").response
    with django_capture_on_commit_callbacks(execute=True):  # the page cache hears of it
        make_post(board, title="새 글")
    etag, modified = first["ETag"], first["Last-Modified"]
    by_etag = client.get("/feeds/square.atom", headers={"if-none-match": etag})
    by_date = client.get("/feeds/square.atom", headers={"if-modified-since": modified})
    for response in (by_etag, by_date):
        assert response.status_code == 200
        assert "새 글" in response.content.decode()
        assert response["ETag"] != etag
    assert parse_http_date(by_date["Last-Modified"]) > parse_http_date(modified)


def test_a_comment_renews_the_date_but_not_the_etag(
    board, make_post, make_comment, client, read, django_capture_on_commit_callbacks
):
    post = make_post(board)
    _last_written_a_minute_ago(board.pk)
    first = read("/feeds/square.atom").response
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post)  # renews the board's pages; the feed's bytes stay the same
    again = client.get("/feeds/square.atom", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    modified = first["Last-Modified"]
    by_date = client.get("/feeds/square.atom", headers={"if-modified-since": modified})
    assert by_date.status_code == 200  # never a 304 that could hide a change
    assert by_date["ETag"] == first["ETag"]


def test_the_feed_is_rendered_once_and_served_from_the_cache(
    board, make_post, client, django_assert_num_queries
):
    make_post(board)
    first = client.get("/feeds/square.atom")
    assert "X-Madang-Cache" not in first
    with django_assert_num_queries(0):
        again = client.get("/feeds/square.atom?utm_source=reader")  # a parameter it ignores
    assert again["X-Madang-Cache"] == "hit"
    assert again.content == first.content
    assert (again["ETag"], again["Last-Modified"]) == (first["ETag"], first["Last-Modified"])


def test_members_share_the_guests_copy(board, make_post, member, client):
    make_post(board)
    guest = client.get("/feeds/square.atom")
    reader = Client()
    reader.force_login(member)
    theirs = reader.get("/feeds/square.atom", headers={"if-none-match": guest["ETag"]})
    assert theirs.status_code == 304


def test_the_hot_feed_is_renewed_by_the_hot_job(
    board, make_post, client, read, django_capture_on_commit_callbacks
):
    post = make_post(board, title="뜨는 글")
    empty = read("/feeds/hot.atom").response
    assert empty.content.count(b"<entry>") == 0
    Post.objects.filter(pk=post.pk).update(comment_count=5)  # no action: no bump
    unchanged = client.get("/feeds/hot.atom", headers={"if-none-match": empty["ETag"]})
    assert unchanged.status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        refresh_hot_scores()
    renewed = client.get("/feeds/hot.atom", headers={"if-none-match": empty["ETag"]})
    assert renewed.status_code == 200
    assert read_feed(client, "/feeds/hot.atom").titles() == ["뜨는 글"]


def test_head_answers_like_get(board, make_post, client):
    make_post(board)
    got = client.get("/feeds/square.atom")
    head = client.head("/feeds/square.atom")
    assert head.status_code == 200
    assert head["ETag"] == got["ETag"]
    again = client.head("/feeds/square.atom", headers={"if-none-match": got["ETag"]})
    assert again.status_code == 304


def test_a_feed_is_only_read(board, client):
    assert client.post("/feeds/square.atom").status_code == 405
    assert client.post("/feeds/hot.atom").status_code == 405


def _last_written_a_minute_ago(board_id: int) -> None:
    """As if the board had last been written to a minute ago. HTTP dates count whole
    seconds, and a test writes within one: a write after this moves Last-Modified."""
    past = str(time.time_ns() - 60 * 10**9)
    names = [pagecache._generation_key(scope) for scope in pagecache.scopes(board_id)]
    cache.set_many(dict.fromkeys(names, past), None)
    pagecache.forget_memos()
