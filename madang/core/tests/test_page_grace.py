"""A guest's page may lag the board's last write by the grace (core/pagegrace.py):
rendered at most once per grace however often the board is written to; never so for
members, who see their own writing at once."""

from __future__ import annotations

import time

import pytest

from madang.core import pagegrace


@pytest.fixture
def grace(settings):
    settings.MADANG_PAGE_GRACE = 2


def later(monkeypatch, seconds: float) -> None:
    now = time.time()
    monkeypatch.setattr(pagegrace.time, "time", lambda: now + seconds)


def test_a_guest_gets_the_newest_render_for_the_grace_after_a_write(
    grace, client, board, make_post, django_capture_on_commit_callbacks, monkeypatch
):
    make_post(board, title="첫 글")
    first = client.get("/square/")
    with django_capture_on_commit_callbacks(execute=True):  # the board's generation moves
        make_post(board, title="둘째 글")
    again = client.get("/square/")
    assert again.content == first.content and again["X-Madang-Cache"] == "hit"
    later(monkeypatch, 2.5)
    fresh = client.get("/square/")
    assert "둘째 글" in fresh.content.decode() and "X-Madang-Cache" not in fresh


def test_a_member_sees_the_write_at_once(
    grace, client, member, board, make_post, django_capture_on_commit_callbacks
):
    make_post(board, title="첫 글")
    client.get("/square/")  # a guest's render, within the grace from here on
    client.force_login(member)
    assert "첫 글" in client.get("/square/").content.decode()  # the members' shared render
    with django_capture_on_commit_callbacks(execute=True):
        make_post(board, title="방금 쓴 글", author=member)
    assert "방금 쓴 글" in client.get("/square/").content.decode()


def test_without_a_grace_a_write_renews_the_guests_page_at_once(
    settings, client, board, make_post, django_capture_on_commit_callbacks
):
    settings.MADANG_PAGE_GRACE = 0
    make_post(board, title="첫 글")
    client.get("/square/")
    with django_capture_on_commit_callbacks(execute=True):
        make_post(board, title="둘째 글")
    assert "둘째 글" in client.get("/square/").content.decode()
