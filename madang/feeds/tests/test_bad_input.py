"""Whatever the address holds, a feed is there or it is a 404: never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

ODD_CATEGORIES = [
    "nope",
    "C2",  # slugs are matched as stored
    "c2'",
    'c2"><script>alert(1)</script>',
    "%00",
    "\x00",
    "유머",
    "c" * 41,
    "c2 ",
    "../c2",
    "c2%",
    "x" * 10_000,
]


@pytest.mark.parametrize("value", ODD_CATEGORIES)
def test_an_odd_category_is_a_404(board, client, value):
    response = client.get("/feeds/square.atom", {"category": value})
    assert response.status_code == 404


def test_a_category_of_another_board_is_a_404(board, make_board, client):
    make_board("other", categories=("기타", "잡담", "질문", "여분"))
    assert client.get("/feeds/other.atom?category=c3").status_code == 200
    assert client.get("/feeds/square.atom?category=c3").status_code == 404


def test_an_empty_category_is_the_whole_board(board, read):
    assert read("/feeds/square.atom?category=").parsed.feed.title == "스퀘어 — 마당"


def test_a_huge_query_string_changes_nothing(board, client, read, settings):
    whole = read("/feeds/square.atom").response.content
    fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS - 1
    padded = client.get(
        "/feeds/square.atom?" + "&".join(f"p{n}={'가' * 500}" for n in range(fields))
    )
    assert padded.status_code == 200
    assert padded.content == whole
    assert client.get(f"/feeds/hot.atom?category={'x' * 10_000}").status_code == 200


def test_a_query_of_too_many_fields_is_refused(board, client, settings):
    fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1
    response = client.get("/feeds/square.atom?" + "&".join(f"p{n}=1" for n in range(fields)))
    assert response.status_code == 400  # Django's refusal (SECURITY.md), not a 500


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/스퀘어.atom",
        "/feeds/%EC%8A%A4%ED%80%98%EC%96%B4.atom",
        "/feeds/SQUARE.atom",
        "/feeds/square.ATOM",
        "/feeds/square.rss",
        "/feeds/square",
        "/feeds/square.atom/",
        "/feeds/.atom",
        "/feeds/%00.atom",
        "/feeds/square%00.atom",
        "/feeds/../square.atom",
        f"/feeds/{'s' * 41}.atom",
        "/feeds/nowhere.atom",
        "/feeds/feeds.atom",
        "/feeds/",
        "/feeds/hot",
    ],
)
def test_an_address_that_is_no_feed_is_a_404(board, path):
    assert Client(raise_request_exception=False).get(path).status_code == 404
