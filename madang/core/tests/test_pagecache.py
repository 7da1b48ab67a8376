"""Guests get whole pages from the cache; every write makes its board's pages stale at once."""

from __future__ import annotations

import threading
import time

from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory

from madang.comments.actions import create_comment
from madang.core import pagecache


def test_a_guest_page_is_rendered_once_then_served(client, board, make_post):
    make_post(board, title="캐시될 글")
    first = client.get("/square/")
    assert "X-Madang-Cache" not in first
    second = client.get("/square/")
    assert second["X-Madang-Cache"] == "hit"
    assert second.content == first.content


def test_members_and_one_time_messages_are_never_cached(client, board, make_post, member):
    make_post(board)
    client.get("/square/")
    client.force_login(member)
    # A member never gets the guest's copy (their own comes from memberpages).
    assert client.get("/square/")["X-Madang-Cache"] == "member-render"
    guest = Client()
    guest.cookies["messages"] = "x"
    assert "X-Madang-Cache" not in guest.get("/square/")


def test_a_new_comment_reaches_the_next_guest(
    client, board, make_post, make_member, django_capture_on_commit_callbacks
):
    post = make_post(board)
    assert "새로 달린 댓글" not in client.get(post.get_absolute_url()).content.decode()
    assert client.get(post.get_absolute_url())["X-Madang-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        create_comment(post=post, author=make_member(), body="새로 달린 댓글")
    fresh = client.get(post.get_absolute_url())
    assert "새로 달린 댓글" in fresh.content.decode()
    assert "X-Madang-Cache" not in fresh


def test_a_cached_post_page_still_counts_views(client, board, make_post, settings):
    from madang.boards import viewcounts
    from madang.boards.models import Post

    settings.MADANG_VIEWS_MANUAL_FLUSH = True
    viewcounts._counter_for.cache_clear()
    post = make_post(board)
    agent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130"
    client.get(post.get_absolute_url(), HTTP_USER_AGENT=agent)
    Client().get(
        post.get_absolute_url(), HTTP_USER_AGENT=agent + " other", REMOTE_ADDR="198.51.100.9"
    )
    viewcounts.flush_views()
    assert Post.objects.get(pk=post.pk).view_count == 2
    viewcounts._counter_for.cache_clear()


def test_one_render_per_key_while_others_wait(db):
    request = RequestFactory().get("/square/")
    key = pagecache.page_key(request, 1)
    cache.add(f"lock:{key}", 1, 10)  # someone else is rendering
    rendered: list[int] = []

    def render() -> HttpResponse:
        rendered.append(1)
        return HttpResponse("mine")

    def other_renderer() -> None:
        time.sleep(0.1)
        cache.set(key, (200, b"from the other", "text/html", None), 60)

    threading.Thread(target=other_renderer).start()
    response = pagecache.cached_page(request, 1, render)
    assert response.content == b"from the other"
    assert rendered == []


def test_pages_render_when_the_cache_is_away(db, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache away")

    monkeypatch.setattr(cache, "get", broken)
    request = RequestFactory().get("/square/")
    assert pagecache.cached_page(request, 1, lambda: HttpResponse("direct")).content == b"direct"


def test_a_page_read_a_moment_ago_comes_from_the_process(client, board, make_post, monkeypatch):
    make_post(board, title="자주 읽힐 글")
    client.get("/square/")  # rendered and stored
    reads: list[str] = []
    real_get = cache.get

    def counting_get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    assert client.get("/square/")["X-Madang-Cache"] == "hit"
    assert not [key for key in reads if key.startswith("page:")]  # no trip to the cache
    pagecache._bump(f"board:{board.pk}")  # a write: new generations, new keys
    assert client.get("/square/").status_code == 200
    assert [key for key in reads if key.startswith("page:")]


def test_a_page_read_every_moment_still_expires_with_its_ttl(client, board, make_post, monkeypatch):
    """The process keeps a page for a second after it fetched it, however often it is read
    meanwhile: a page read all the time is still fetched again, and so renewed after its TTL."""
    make_post(board)
    offset = [0.0]
    real_monotonic = time.monotonic
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: real_monotonic() + offset[0])
    client.get("/square/")  # rendered, stored, and kept in the process
    offset[0] = 0.5
    assert client.get("/square/")["X-Madang-Cache"] == "hit"  # from the process
    real_get = cache.get

    def expired_pages(key, *args, **kwargs):  # the stored page's TTL has passed
        return None if key.startswith("page:") else real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", expired_pages)
    offset[0] = pagecache.MEMO_TTL + 0.2  # a second after it was fetched, not after it was read
    assert "X-Madang-Cache" not in client.get("/square/")  # rendered again


def test_the_process_holds_only_the_pages_of_the_last_moment(monkeypatch):
    """Pages past their second are let go as new ones come, not when the byte budget
    is full: a worker reading a long tail of pages would otherwise hold the whole budget
    of pages it will never serve again."""
    now = [1000.0]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: now[0])
    local = pagecache._LocalPages(budget=10_000)
    local.put("old", (200, b"x" * 100))
    local.put("older", (200, b"y" * 100))
    now[0] += pagecache.MEMO_TTL + 0.1
    local.put("new", (200, b"z" * 100))
    assert list(local.pages) == ["new"]
    assert local.used == 100
    assert local.get("new") == (200, b"z" * 100)
