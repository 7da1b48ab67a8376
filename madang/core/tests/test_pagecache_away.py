"""The cache failing at any step of a page's way gives the page, rendered from the database.

Redis can die between any two calls a page makes: reading the generations,
taking the render lock, reading the stored copy, storing the render, releasing
the lock, and for members their session, member row and overlay. Each test
makes one kind of call fail (as a dead or hung Redis does, through the
breaker) and asks for guests' and members' list and post pages. The end-to-end
version, with a real Redis killed and frozen under load, is
``test_fault_redis_renders.py``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import redis
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory

from madang.core import pagecache

CALLS = ["get", "get_many", "add", "set", "set_many", "delete"]


def fail(monkeypatch: pytest.MonkeyPatch, *methods: str) -> None:
    def away(*args: object, **kwargs: object) -> None:
        raise redis.ConnectionError("Redis went away")

    for method in methods:
        monkeypatch.setattr(cache, method, away)


@pytest.fixture
def pages(board, make_post) -> list[str]:
    post = make_post(board, title="캐시가 없어도 보이는 글")
    return [board.get_absolute_url(), post.get_absolute_url(), "/"]


@pytest.mark.parametrize("method", CALLS)
def test_a_guest_page_renders_whichever_cache_call_fails(pages, monkeypatch, method):
    fail(monkeypatch, method)
    for path in pages:
        response = Client().get(path)
        assert response.status_code == 200, path
        assert "X-Madang-Cache" not in response


@pytest.mark.parametrize("method", CALLS)
def test_a_member_page_renders_whichever_cache_call_fails(pages, member, monkeypatch, method):
    reader = Client()
    reader.force_login(member)
    fail(monkeypatch, method)
    for path in pages:
        response = reader.get(path)
        assert response.status_code == 200, path
        assert "로그아웃" in response.content.decode()  # still logged in


def test_a_member_page_renders_with_every_cache_call_failing(pages, member, monkeypatch):
    reader = Client()
    reader.force_login(member)
    reader.get(pages[1])  # the session and the overlay are in the cache now
    fail(monkeypatch, *CALLS)
    for path in pages:
        response = reader.get(path)
        assert response.status_code == 200, path
        assert "로그아웃" in response.content.decode()


def render(text: str) -> Callable[[], HttpResponse]:
    return lambda: HttpResponse(text)


def test_the_cache_dying_during_a_render_still_gives_the_render(db, monkeypatch):
    """Storing the render fails, and so does releasing the lock in its ``finally``."""
    request = RequestFactory().get("/square/")
    fail(monkeypatch, "set", "delete")
    assert pagecache.cached_page(request, 1, render("rendered")).content == b"rendered"


def test_the_cache_dying_while_waiting_for_another_render_renders_it_here(db, monkeypatch):
    request = RequestFactory().get("/square/")
    key = pagecache.page_key(request, 1)
    cache.add(f"lock:{key}", 1, 10)  # someone else is rendering
    real_get = cache.get
    reads: list[str] = []

    def get_then_die(name: str, *args: object, **kwargs: object) -> object:
        reads.append(name)
        if len(reads) > 1:  # the stored copy was missing; Redis dies while we wait
            raise redis.TimeoutError("Redis stopped answering")
        return real_get(name, *args, **kwargs)

    monkeypatch.setattr(cache, "get", get_then_die)
    assert pagecache.cached_page(request, 1, render("mine")).content == b"mine"


def test_the_cache_dying_after_the_key_is_read_still_gives_a_page(db, monkeypatch):
    """With replicas, how long a render may be kept is read from the generations too."""
    from madang.core import dbrouter

    request = RequestFactory().get("/square/")
    pagecache.page_key(request, 1)  # the generations are in the process's memo now
    monkeypatch.setattr(dbrouter, "window", lambda: 10)
    monkeypatch.setattr(pagecache, "MEMO_TTL", 0.0)
    pagecache.forget_memos()
    real_get = cache.get
    reads: list[str] = []

    def die_after_two(name: str, *args: object, **kwargs: object) -> object:
        reads.append(name)
        if len(reads) > 3:  # two generations and the page were read; then Redis dies
            raise redis.ConnectionError("Redis went away")
        return real_get(name, *args, **kwargs)

    monkeypatch.setattr(cache, "get", die_after_two)
    assert pagecache.cached_page(request, 1, render("kept briefly")).content == b"kept briefly"


def test_the_cache_dying_before_the_render_lock_is_taken_renders(db, monkeypatch):
    request = RequestFactory().get("/square/")
    pagecache.page_key(request, 1)  # the generations are in the process's memo now
    fail(monkeypatch, "add")
    assert pagecache.cached_page(request, 1, render("unlocked")).content == b"unlocked"
