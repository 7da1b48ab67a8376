"""A member's next page follows a change to their overlay at once: filters saved, a role given.

Each test first opens a page through the shared render, so that the member's
overlay is in the cache before the change; a page rendered for them alone would
prove nothing about the overlay.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db.models.signals import m2m_changed
from django.test import Client

from madang.accounts.models import Member
from madang.boards.models import Category, ReadingPreferences
from madang.boards.preferences import save_preferences
from madang.moderation.roles import appoint_moderator, remove_moderator

SHARED = ("member", "member-render")  # X-Madang-Cache of a page made from the shared render


@pytest.fixture
def square(board, make_post, make_member):
    """Twelve posts over the three categories; every fourth title says 광고."""
    writer = make_member("writer")
    categories = list(board.categories.order_by("order"))
    for n in range(1, 13):
        make_post(
            board,
            title=f"글 {n} {'광고' if n % 4 == 0 else '소식'}",
            author=writer,
            category=categories[n % 3],
        )
    Client().get("/square/")  # a guest's page is a render of its own
    first = Client()
    first.force_login(make_member("first"))
    first.get("/square/")
    first.get("/square/5")
    return categories


@pytest.fixture
def five_per_page(settings) -> None:
    """Before the pages are first rendered: a setting does not reach pages in the cache."""
    settings.MADANG_POSTS_PER_PAGE = 5


@pytest.fixture
def reader(make_member) -> tuple[Client, Member]:
    member = make_member("reader")
    client = Client()
    client.force_login(member)
    return client, member


def shared_page(client: Client, path: str) -> BeautifulSoup:
    """The page as the member gets it, insisting that it came from the shared render."""
    response = client.get(path)
    assert response.status_code == 200
    assert response.get("X-Madang-Cache") in SHARED
    return BeautifulSoup(response.content.decode(), "html.parser")


def listed(page: BeautifulSoup) -> list[tuple[str, str]]:
    """(number, category) of every row on the list."""
    return [
        (
            row.select_one(".col-number").get_text(),
            row.select_one(".col-category").get_text(strip=True),
        )
        for row in page.select("tbody.rows tr[data-number]")
    ]


def titles(page: BeautifulSoup) -> list[str]:
    return [a.get_text() for a in page.select("tbody.rows a.title")]


def save_settings(client: Client, *, hidden: list[Category], muted: str) -> None:
    response = client.post(
        "/me/settings/",
        {
            "form": "preferences",
            "excluded_categories": [category.pk for category in hidden],
            "muted_words": muted,
        },
    )
    assert response.status_code == 302
    shown = client.get(response["Location"])  # the one-time message, shown once
    assert shown.cookies["messages"]["max-age"] == 0
    del client.cookies["messages"]  # as a browser drops the cookie the answer expired


def test_muted_words_saved_in_settings_hide_rows_on_the_next_page(square, reader):
    client, _ = reader
    assert len([t for t in titles(shared_page(client, "/square/")) if "광고" in t]) == 3
    save_settings(client, hidden=[], muted="광고")
    page = shared_page(client, "/square/")
    assert titles(page) and not [t for t in titles(page) if "광고" in t]
    assert len(titles(page)) == 9
    save_settings(client, hidden=[], muted="")
    assert len(titles(shared_page(client, "/square/"))) == 12  # and back again


def test_a_category_hidden_in_settings_leaves_the_next_page(five_per_page, square, reader):
    client, _ = reader
    news = square[1]
    page = shared_page(client, "/square/")
    assert news.name in {name for _number, name in listed(page)}
    assert len(page.select(".pagination a, .pagination strong")) == 3  # 12 posts
    save_settings(client, hidden=[news], muted="")
    page = shared_page(client, "/square/")
    assert [number for number, _name in listed(page)] == ["12", "11", "9", "8", "6"]
    assert news.name not in {name for _number, name in listed(page)}
    assert len(page.select(".pagination a, .pagination strong")) == 2  # 8 posts
    post_page = shared_page(client, "/square/5")  # 5 is the 6th of the 8 left: page 2
    assert post_page.select_one("tbody.rows tr.current .col-number").get_text() == "5"
    assert news.name not in {name for _number, name in listed(post_page)}


def test_a_page_opened_while_filters_are_saved_does_not_keep_the_old_ones(square, reader):
    """Another tab of the member's asks for a page between the words and the categories
    being written: the overlay it caches must not outlive the save."""
    client, member = reader
    news = square[1]
    shared_page(client, "/square/")

    def open_a_page_meanwhile(action: str, **kwargs: object) -> None:
        if action == "pre_add":
            shared_page(client, "/square/")

    through = ReadingPreferences.excluded_categories.through
    m2m_changed.connect(open_a_page_meanwhile, sender=through, dispatch_uid="meanwhile")
    try:
        # No on_commit capture: outside a test every statement here commits on its own,
        # so what the words' save drops after its commit is gone before that page.
        save_preferences(member=member, excluded_categories=[news], muted_words="광고")
    finally:
        m2m_changed.disconnect(sender=through, dispatch_uid="meanwhile")
    page = shared_page(client, "/square/")
    assert news.name not in {name for _number, name in listed(page)}
    assert not [t for t in titles(page) if "광고" in t]


@pytest.fixture
def site_admin(make_member) -> Member:
    return make_member("site_admin", is_superuser=True)


def test_a_member_made_moderator_sees_the_tools_on_the_next_page(square, board, reader, site_admin):
    client, member = reader
    page = shared_page(client, "/square/5")
    assert page.select_one(".mod-panel") is None
    appoint_moderator(actor=site_admin, board=board, member=member)
    response = client.get("/square/5")
    assert response.status_code == 200
    assert "X-Madang-Cache" not in response  # a moderator's page is their own
    assert BeautifulSoup(response.content.decode(), "html.parser").select_one(".mod-panel")


def test_a_moderator_removed_loses_the_tools_on_the_next_page(square, board, reader, site_admin):
    client, member = reader
    appoint_moderator(actor=site_admin, board=board, member=member)
    response = client.get("/square/5")
    assert BeautifulSoup(response.content.decode(), "html.parser").select_one(".mod-panel")
    assert remove_moderator(actor=site_admin, board=board, member=member)
    page = shared_page(client, "/square/5")
    assert page.select_one(".mod-panel") is None
