"""What a screen reader is told on the list and post pages (docs/accessibility.md):
people's Korean writing marked as Korean on English pages, counts with a name."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from madang.comments.actions import create_comment

ENGLISH = {"Accept-Language": "en"}
HTMX = {"HX-Request": "true"}


@pytest.fixture
def post(board, make_post, make_member):
    issue = board.categories.get(name="이슈")
    post = make_post(board, title="마당의 첫 글", body="<p>본문입니다</p>", category=issue)
    for _ in range(9):
        create_comment(post=post, author=make_member(), body="좋은 글이네요")
    return post


def parse(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_an_english_post_page_marks_what_people_wrote_as_korean(client, post):
    page = parse(client.get("/square/1", headers=ENGLISH))
    assert page.html["lang"] == "en"
    assert page.select_one("h1.post-title")["lang"] == "ko"
    assert page.select_one(".post-body")["lang"] == "ko"
    assert page.select_one(".post-category a")["lang"] == "ko"
    assert {node["lang"] for node in page.select(".comment-body")} == {"ko"}
    assert page.select_one("tr.current .title")["lang"] == "ko"
    assert page.select_one("tr.current .col-category a")["lang"] == "ko"
    assert page.select_one(".brand-board")["lang"] == "ko"
    # The site's own words are English there.
    assert not page.select_one(".post-actions .button").has_attr("lang")


def test_an_english_list_marks_titles_and_categories_as_korean(client, post):
    page = parse(client.get("/square/", headers=ENGLISH))
    row = page.select_one("tbody.rows tr")
    assert row.select_one(".title")["lang"] == "ko"
    assert row.select_one(".col-category a")["lang"] == "ko"
    assert {node["lang"] for node in page.select(".category-filter a[href*=category]")} == {"ko"}


def test_a_korean_page_says_korean_once(client, post):
    page = parse(client.get("/square/1"))
    assert page.html["lang"] == "ko"
    assert page.select("main [lang]") == []


def test_the_post_header_names_its_comment_count(client, post):
    page = parse(client.get("/square/1"))
    count = page.select_one("#post-comment-count")
    assert count.get_text() == "9"
    assert count["aria-label"] == "댓글 9개"


def test_the_comment_count_keeps_its_name_after_a_comment(client, post, make_member):
    client.force_login(make_member())
    page = parse(client.post("/square/1/comments", {"body": "열 번째 댓글"}, headers=HTMX))
    count = page.select_one("#post-comment-count[data-hx-swap-oob]")
    assert (count.get_text(), count["aria-label"]) == ("10", "댓글 10개")
