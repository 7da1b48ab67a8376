"""The header's bell: the unread count on pages rendered for one member and on the render
every member shares, where it comes from the overlay and costs no query."""

from __future__ import annotations

import pickle
import re

import pytest
from bs4 import BeautifulSoup, Tag
from django.test import Client

from madang.boards import memberpages, overlays
from madang.boards.preferences import NO_FILTERS
from madang.comments.actions import create_comment
from madang.core import pagecache
from madang.notifications.actions import mark_all_read
from madang.notifications.tests.conftest import client_of

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def bell_of(html: str) -> Tag | None:
    return BeautifulSoup(html, "html.parser").select_one("header a.nav-bell")


def shared_page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Madang-Cache"] in ("member", "member-render")
    return response.content.decode()


def own_render(client: Client, path: str, settings) -> str:
    settings.MADANG_PAGE_CACHE = False
    try:
        return client.get(path).content.decode()
    finally:
        settings.MADANG_PAGE_CACHE = True


@pytest.fixture
def told(board, make_post, make_member, writer, commenter):
    """The writer has two unread notifications, of comments on a post of theirs."""
    post = make_post(board, title="알림 받을 글", author=writer)
    create_comment(post=post, author=commenter, body="하나")
    create_comment(post=post, author=commenter, body="둘")
    make_post(board, title="다른 사람의 글", author=make_member("someone"))
    return post


def test_a_page_rendered_for_the_member_shows_their_count(told, writer):
    bell = bell_of(client_of(writer).get("/me/").content.decode())
    assert bell["aria-label"] == "알림 2개"
    assert bell["href"] == "/me/notifications/"
    assert bell.select_one(".bell-count").get_text() == "2"
    assert not bell.select_one(".bell-count").has_attr("hidden")


def test_no_unread_notification_hides_the_count(told, commenter):
    bell = bell_of(client_of(commenter).get("/me/").content.decode())
    assert bell["aria-label"] == "알림"
    assert bell.select_one(".bell-count").has_attr("hidden")
    assert bell.select_one(".bell-count").get_text() == ""


def test_guests_have_no_bell(told):
    assert bell_of(Client().get("/square/").content.decode()) is None


def test_past_ninety_nine_the_bell_says_so_and_its_name_keeps_the_number(settings):
    from madang.notifications.bell import markup

    bell = BeautifulSoup(markup(120), "html.parser").select_one("a")
    assert bell.select_one(".bell-count").get_text() == "99+"
    assert bell["aria-label"] == "알림 120개"


@pytest.mark.parametrize("path", ["/square/", "/square/2"])
def test_the_shared_render_shows_each_member_their_own_count(
    told, writer, commenter, make_member, settings, path
):
    shared_page(client_of(make_member("first")), path)  # someone else rendered it
    client = client_of(writer)
    html = shared_page(client, path)
    assert bell_of(html)["aria-label"] == "알림 2개"
    assert overlays.BELL_PLACEHOLDER not in html
    same = TOKEN.sub("", html) == TOKEN.sub("", own_render(client, path, settings))
    assert same
    assert bell_of(shared_page(client_of(commenter), path))["aria-label"] == "알림"


def test_the_shared_page_in_the_cache_holds_the_placeholder_and_no_count(told, writer, monkeypatch):
    keys: list[str] = []
    page_key = pagecache.page_key

    def noted_key(*args, **kwargs):
        keys.append(page_key(*args, **kwargs))
        return keys[-1]

    monkeypatch.setattr(pagecache, "page_key", noted_key)
    shared_page(client_of(writer), "/square/")
    stored = pagecache.cache.get(keys[-1])[1]
    assert stored.count(overlays.BELL_PLACEHOLDER.encode()) == 1
    assert b"nav-bell" not in stored


def test_a_cached_member_page_costs_no_query_for_the_bell(
    told, writer, make_member, django_assert_num_queries
):
    client = client_of(writer)
    shared_page(client, "/square/")  # the session, the member, the overlay and the page
    with django_assert_num_queries(0):
        html = shared_page(client, "/square/")
    assert bell_of(html)["aria-label"] == "알림 2개"


def test_a_new_notification_reaches_the_bell_on_the_next_shared_page(
    told, writer, commenter, django_capture_on_commit_callbacks
):
    client = client_of(writer)
    assert bell_of(shared_page(client, "/square/"))["aria-label"] == "알림 2개"
    with django_capture_on_commit_callbacks(execute=True):
        create_comment(post=told, author=commenter, body="셋")
    assert bell_of(shared_page(client, "/square/"))["aria-label"] == "알림 3개"


def test_reading_them_empties_the_bell_on_the_next_shared_page(
    told, writer, django_capture_on_commit_callbacks
):
    client = client_of(writer)
    assert bell_of(shared_page(client, "/square/"))["aria-label"] == "알림 2개"
    with django_capture_on_commit_callbacks(execute=True):
        mark_all_read(member=writer)
    assert bell_of(shared_page(client, "/square/"))["aria-label"] == "알림"


def test_an_overlay_sealed_before_the_bell_still_reads():
    legacy = memberpages.Overlay.__new__(memberpages.Overlay)
    for name, value in {
        "filters": NO_FILTERS,
        "read_notice_ids": frozenset(),
        "moderated_board_ids": frozenset(),
        "shadowed_board_ids": frozenset(),
    }.items():
        object.__setattr__(legacy, name, value)
    assert pickle.loads(pickle.dumps(legacy)).unread_notifications == 0  # noqa: S301 - our own


def test_the_bell_reads_in_the_language_of_each_request():
    from django.utils import translation

    from madang.notifications.bell import markup

    def label(language: str) -> str:
        with translation.override(language):
            return str(BeautifulSoup(markup(3), "html.parser").select_one("a")["aria-label"])

    korean = label("ko")
    english = label("en")
    assert korean == "알림 3개"
    assert english != korean and "3" in english
    assert label("ko") == korean
