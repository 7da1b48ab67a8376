"""Pages point to their feeds with <link rel="alternate"> in their head."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.test import Client

from madang.boards.models import Access


def feed_links(response) -> list[tuple[str, str]]:
    assert response.status_code == 200, response.status_code
    head = BeautifulSoup(response.content.decode(), "html.parser").head
    return [
        (str(link["title"]), str(link["href"]))
        for link in head.select('link[rel="alternate"][type="application/atom+xml"]')
    ]


def test_a_board_list_points_to_the_boards_feed(board, client, read):
    assert feed_links(client.get("/square/")) == [("스퀘어 — 마당", "/feeds/square.atom")]
    assert feed_links(client.get("/square/?page=1&best=1")) == [
        ("스퀘어 — 마당", "/feeds/square.atom")
    ]
    read("/feeds/square.atom")


def test_a_category_list_points_to_the_categorys_feed(board, client, read):
    links = feed_links(client.get("/square/?category=c2"))
    assert links == [("스퀘어 · 유머 — 마당", "/feeds/square.atom?category=c2")]
    read(links[0][1])


def test_a_members_list_points_to_the_same_feed(board, member):
    reader = Client()
    reader.force_login(member)
    assert feed_links(reader.get("/square/")) == [("스퀘어 — 마당", "/feeds/square.atom")]


def test_a_board_guests_may_not_read_points_to_no_feed(make_board, member):
    make_board("closed", read_access=Access.MEMBERS)
    reader = Client()
    reader.force_login(member)
    assert feed_links(reader.get("/closed/")) == []


def test_the_hot_board_and_the_home_page_point_to_the_hot_feed(board, client, read):
    for page in ("/hot/", "/"):
        assert feed_links(client.get(page)) == [("핫 게시판 — 마당", "/feeds/hot.atom")]
    read("/feeds/hot.atom")
