"""The box beside the numbered pages: type a page number, go there, with no script."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def submitted(form, page: str) -> dict[str, str]:
    """The query a browser sends for the form with ``page`` typed in its box."""
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    return {**fields, "page": page}


@pytest.fixture
def long_board(board, make_post, settings):
    settings.MADANG_POSTS_PER_PAGE = 2
    issue = board.categories.get(slug="c0")
    for index in range(9):
        make_post(board, title=f"라인 소식 {index}", category=issue if index % 2 else None)
    return board


def test_the_list_has_a_labelled_page_box_beside_its_pages(client, long_board):
    page = parse(client.get("/square/"))
    form = page.select_one("nav.pagination form.page-jump")
    assert form["method"] == "get" and form["action"] == "/square/"
    box = form.select_one("input[name=page]")
    assert (box["type"], box["min"], box["inputmode"]) == ("number", "1", "numeric")
    label = page.select_one(f"label[for={box['id']}]")
    assert label.get_text(strip=True) == "이동할 페이지"
    assert page.select_one(f"#{box['aria-describedby']}").get_text(strip=True) == "/ 5쪽"
    assert form.select("input[type=hidden]") == []
    assert form.select_one("button[type=submit]").get_text(strip=True) == "이동"


def test_typing_a_page_opens_it(client, long_board):
    form = parse(client.get("/square/")).select_one("form.page-jump")
    third = parse(client.get(form["action"], submitted(form, "3")))
    assert third.select_one(".pagination strong[aria-current=page]").get_text() == "3"


def test_a_page_past_the_last_lands_on_the_last_and_junk_is_not_found(client, long_board):
    form = parse(client.get("/square/")).select_one("form.page-jump")
    far = client.get(form["action"], submitted(form, "999"))
    assert (far.status_code, far["Location"]) == (302, "/square/?page=5")
    assert client.get(form["action"], submitted(form, "0")).status_code == 404
    assert client.get(form["action"], submitted(form, "셋")).status_code == 404
    assert client.get(form["action"], submitted(form, "")).status_code == 200  # page 1


def test_the_box_keeps_the_category(client, long_board):
    form = parse(client.get("/square/?category=c0")).select_one("form.page-jump")
    assert submitted(form, "9") == {"category": "c0", "page": "9"}
    far = client.get(form["action"], submitted(form, "9"))
    assert far["Location"] == "/square/?category=c0&page=2"


def test_no_box_for_a_single_page(client, board, make_post):
    make_post(board)
    assert parse(client.get("/square/")).select_one("form.page-jump") is None


def test_search_pages_have_the_box_with_their_query(client, long_board):
    page = parse(client.get("/square/", {"q": "라인", "in": "title"}))
    form = page.select_one("nav.pagination form.page-jump")
    assert form["action"] == "/square/"
    assert submitted(form, "2") == {"q": "라인", "in": "title", "page": "2"}
    second = parse(client.get(form["action"], submitted(form, "2")))
    assert second.select_one(".pagination strong[aria-current=page]").get_text() == "2"
    assert client.get(form["action"], submitted(form, "99")).status_code == 302
