"""A cached page's key holds only the query parameters its view reads, in a fixed order."""

from __future__ import annotations

import pytest
from django.test import Client

HIT = "hit"


@pytest.fixture
def pages(board, make_post, settings):
    """Two pages of posts in category c1 (and a post to open), two rows a page."""
    settings.MADANG_POSTS_PER_PAGE = 2
    c1 = board.categories.get(slug="c1")
    return [make_post(board, title=f"글 {n}", category=c1) for n in range(1, 5)]


def cache_of(path: str) -> str:
    return Client().get(path).get("X-Madang-Cache", "rendered")


@pytest.mark.parametrize("bare", ["/", "/square/", "/square/1"])
@pytest.mark.parametrize("noise", ["utm_source=x", "x=1", "fbclid=IwAR0abc", "x=1&utm_source=y"])
def test_unknown_parameters_share_the_entry_of_the_page_without_them(pages, bare, noise):
    first = Client().get(bare)
    assert "X-Madang-Cache" not in first
    again = Client().get(f"{bare}?{noise}")
    assert again["X-Madang-Cache"] == HIT
    assert again.content == first.content


def test_a_page_rendered_for_an_address_with_unknown_parameters_does_not_show_them(pages):
    assert cache_of("/square/?utm_source=spam&page=2") == "rendered"
    shared = Client().get("/square/?page=2")
    assert shared["X-Madang-Cache"] == HIT
    assert b"utm_source" not in shared.content  # the login link's way back, for one


def test_the_order_of_the_parameters_does_not_matter(pages):
    assert cache_of("/square/?category=c1&page=2") == "rendered"
    assert cache_of("/square/?page=2&category=c1") == HIT


@pytest.mark.parametrize(
    ("path", "same_as"),
    [
        ("/square/?page=1", "/square/"),
        ("/square/?page=", "/square/"),
        ("/square/?page=01", "/square/"),
        ("/square/?page=002", "/square/?page=2"),
        ("/square/?category=", "/square/"),
        ("/square/?page=1&page=2", "/square/?page=2"),  # the view reads the last one
        ("/square/1?page=2", "/square/1"),  # the post page reads no page number
        ("/?category=c1", "/"),
    ],
)
def test_values_the_view_reads_alike_share_an_entry(pages, path, same_as):
    assert cache_of(same_as) == "rendered"
    assert cache_of(path) == HIT


@pytest.mark.parametrize(
    ("bare", "read"),
    [
        ("/square/", "/square/?page=2"),
        ("/square/", "/square/?category=c1"),
        ("/square/1", "/square/1?category=c1"),
    ],
)
def test_a_parameter_the_view_reads_has_an_entry_of_its_own(pages, bare, read):
    first = Client().get(bare)
    own = Client().get(read)
    assert "X-Madang-Cache" not in own
    assert own.content != first.content
    assert cache_of(read + "&utm_source=x") == HIT


def test_a_value_the_view_refuses_is_still_refused(pages):
    assert Client().get("/square/").status_code == 200
    assert Client().get("/square/?page=abc").status_code == 404
    assert Client().get("/square/?category=nope").status_code == 404
