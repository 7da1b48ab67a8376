"""One view per viewer per post per six hours, on a clock the test moves (nothing sleeps)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client

from madang.boards import viewcounts
from madang.boards.models import Post

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130 Safari/537.36"
JUST_INSIDE = timedelta(hours=5, minutes=59)
JUST_OUTSIDE = timedelta(hours=6, minutes=1)


class Clock:
    """Stands in for the ``time`` module where the window and the guest cookie read it."""

    def __init__(self) -> None:
        self.elapsed = 0.0

    def monotonic(self) -> float:
        return 10_000.0 + self.elapsed

    def time(self) -> float:
        return 1_750_000_000.0 + self.elapsed

    def at(self, offset: timedelta) -> None:
        self.elapsed = offset.total_seconds()

    def __getattr__(self, name: str) -> object:
        return getattr(time, name)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    frozen = Clock()
    monkeypatch.setattr(viewcounts, "time", frozen)
    monkeypatch.setattr(signing, "time", frozen)  # the guest cookie's six hours
    return frozen


@pytest.fixture
def in_process(settings, monkeypatch) -> viewcounts.InProcessCounter:
    """The embedded default's counter, whatever the run's REDIS_URL: its window is the
    process's clock, which the test can move (Redis keeps time of its own)."""
    settings.MADANG_VIEWS_MANUAL_FLUSH = True
    counter = viewcounts.InProcessCounter()
    monkeypatch.setattr(viewcounts, "counter", lambda: counter)
    return counter


def test_one_viewer_counts_once_within_six_hours_and_again_after(clock, in_process):
    counted = []
    for offset in (timedelta(0), JUST_INSIDE, JUST_OUTSIDE, JUST_OUTSIDE + JUST_INSIDE):
        clock.at(offset)
        counted.append(in_process.hit(7, "m-viewer"))
    assert counted == [True, False, True, False]  # a new window starts with the new count
    assert in_process.pending == {7: 2}


def test_the_window_is_six_hours_to_the_second(clock, in_process):
    in_process.hit(7, "m-viewer")
    clock.at(timedelta(hours=6) - timedelta(seconds=1))
    assert in_process.hit(7, "m-viewer") is False
    clock.at(timedelta(hours=6))
    assert in_process.hit(7, "m-viewer") is True


def test_each_viewer_and_each_post_has_a_window_of_its_own(clock, in_process):
    assert in_process.hit(7, "m-one") is True
    clock.at(timedelta(hours=3))
    assert in_process.hit(7, "m-two") is True
    assert in_process.hit(8, "m-one") is True
    clock.at(JUST_OUTSIDE)  # six hours and a minute after the first view, 3:01 after the others
    assert in_process.hit(7, "m-one") is True
    assert in_process.hit(7, "m-two") is False
    assert in_process.hit(8, "m-one") is False
    assert in_process.pending == {7: 3, 8: 1}


@pytest.mark.parametrize("who", ["member", "guest"])
def test_a_reader_opening_the_post_again_counts_after_six_hours(
    clock, in_process, board, make_post, make_member, who
):
    post = make_post(board)
    client = Client(HTTP_USER_AGENT=BROWSER)
    if who == "member":
        client.force_login(make_member("reader"))
    views = []
    for offset in (timedelta(0), timedelta(minutes=1), JUST_INSIDE, JUST_OUTSIDE):
        clock.at(offset)
        assert client.get(post.get_absolute_url()).status_code == 200
        in_process.flush()
        views.append(Post.objects.get(pk=post.pk).view_count)
    assert views == [1, 1, 1, 2]


@pytest.mark.redis
def test_redis_forgets_a_viewer_after_six_hours(counter, board, make_post):
    """Redis keeps the window by itself (a key that expires): the key's life is the window."""
    post = make_post(board)
    assert counter.hit(post.pk, "m-viewer") is True
    assert counter.hit(post.pk, "m-viewer") is False
    seen = f"{viewcounts._REDIS_PREFIX}seen:{post.pk}:m-viewer"
    assert viewcounts.WINDOW - 2 <= counter.redis.ttl(seen) <= viewcounts.WINDOW
    counter.redis.delete(seen)  # what six hours do to the key
    assert counter.hit(post.pk, "m-viewer") is True
    assert viewcounts.flush_views() == 2
