"""One view per viewer per post per six hours, buffered and flushed exactly once."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import Client

from madang.boards import viewcounts
from madang.boards.models import Post, ViewBatch
from madang.core import pagecache

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130 Safari/537.36"


def test_10000_requests_from_100_viewers_count_100(counter, board, make_post):
    post = make_post(board)
    for request in range(10_000):
        counter.hit(post.pk, f"viewer-{request % 100}")
    assert Post.objects.get(pk=post.pk).view_count == 0  # buffered until the flush
    assert viewcounts.flush_views() == 100
    assert Post.objects.get(pk=post.pk).view_count == 100
    assert viewcounts.flush_views() == 0


def test_a_flush_killed_halfway_loses_and_doubles_nothing(counter, board, make_post, monkeypatch):
    posts = [make_post(board) for _ in range(3)]
    for request in range(3_000):
        counter.hit(posts[request % 3].pk, f"viewer-{request % 100}")
    real = viewcounts._apply_batch

    def dies_midway(batch_id, counts):
        real(batch_id, dict(list(counts.items())[:1]))  # one post updated...
        raise DatabaseError("worker killed")  # ...then the transaction is torn down

    monkeypatch.setattr(viewcounts, "_apply_batch", dies_midway)
    with pytest.raises(DatabaseError):
        viewcounts.flush_views()
    assert sum(Post.objects.values_list("view_count", flat=True)) == 0  # rolled back
    monkeypatch.setattr(viewcounts, "_apply_batch", real)
    viewcounts.flush_views()
    assert sorted(Post.objects.values_list("view_count", flat=True)) == [100, 100, 100]


@pytest.mark.redis
def test_a_flush_killed_after_commit_is_not_applied_twice(counter, board, make_post, monkeypatch):
    post = make_post(board)
    for viewer in range(50):
        counter.hit(post.pk, f"viewer-{viewer}")
    real_lrem = counter.redis.lrem

    def dies_before_cleanup(*args):
        raise ConnectionError("killed after the commit")

    monkeypatch.setattr(counter.redis, "lrem", dies_before_cleanup)
    with pytest.raises(ConnectionError):
        viewcounts.flush_views()
    assert Post.objects.get(pk=post.pk).view_count == 50
    monkeypatch.setattr(counter.redis, "lrem", real_lrem)
    viewcounts.flush_views()  # finds the batch again, sees it applied, cleans up
    assert Post.objects.get(pk=post.pk).view_count == 50
    assert ViewBatch.objects.count() == 1
    assert counter.redis.llen(f"{viewcounts._REDIS_PREFIX}batches") == 0


def test_refreshing_a_post_counts_one_view_per_viewer(
    counter, client, board, make_post, make_member
):
    post = make_post(board)
    for _ in range(20):
        client.get("/square/1", HTTP_USER_AGENT=BROWSER)
    member = Client()
    member.force_login(make_member())
    for _ in range(5):
        member.get("/square/1", HTTP_USER_AGENT=BROWSER)
    other_guest = Client()
    other_guest.get("/square/1", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.7")
    viewcounts.flush_views()
    assert Post.objects.get(pk=post.pk).view_count == 3


def test_a_flush_leaves_the_cached_pages_in_place(
    counter, board, make_post, django_capture_on_commit_callbacks
):
    """The counts on cached pages lag by up to the page's TTL (pagecache.PAGE_TTL): a
    flush, every few seconds on a read board, would otherwise renew all its pages."""
    post = make_post(board)
    Client().get("/")
    Client().get("/square/")
    Client().get(post.get_absolute_url(), HTTP_USER_AGENT=BROWSER)  # stored, and counted
    with django_capture_on_commit_callbacks(execute=True):
        assert viewcounts.flush_views() == 1
    assert Post.objects.get(pk=post.pk).view_count == 1
    pagecache.forget_memos()  # what the other processes see a second later
    for path in ("/", "/square/", post.get_absolute_url()):
        assert Client().get(path)["X-Madang-Cache"] == "hit"


def test_a_guest_keeps_one_identity_across_addresses(counter, client, board, make_post):
    post = make_post(board)
    client.get("/square/1", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.1")
    assert viewcounts.COOKIE in client.cookies
    client.get("/square/1", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.2")  # a phone moving
    viewcounts.flush_views()
    assert Post.objects.get(pk=post.pk).view_count == 1


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; Yeti/1.1; +https://naver.me/spd)",
        "facebookexternalhit/1.1",
        "kakaotalk-scrap/1.0",
        "curl/8.0",
        "python-requests/2.32",
    ],
)
def test_known_bots_are_not_counted(counter, client, board, make_post, agent):
    post = make_post(board)
    client.get("/square/1", HTTP_USER_AGENT=agent)
    viewcounts.flush_views()
    assert Post.objects.get(pk=post.pk).view_count == 0


def test_a_view_is_not_counted_when_the_store_fails(counter, client, board, make_post, monkeypatch):
    post = make_post(board)

    def down(*args):
        raise ConnectionError("redis away")

    monkeypatch.setattr(counter, "hit", down)
    assert client.get("/square/1", HTTP_USER_AGENT=BROWSER).status_code == 200
    viewcounts.flush_views()
    assert Post.objects.get(pk=post.pk).view_count == 0


def test_the_worker_flushes_views_at_least_every_10_seconds():
    from madang.core.scheduler import default_jobs

    jobs = {job.name: job for job in default_jobs()}
    assert jobs["flush-views"].every.total_seconds() <= 10
    assert viewcounts.FLUSH_EVERY <= 10
