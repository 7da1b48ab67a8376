"""The search pages: /search across boards, /<board>/?q= in one."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client

from madang.search import engine, searching
from madang.search.engine import SearchTimeout


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def row_titles(response) -> list[str]:
    return [a.get_text() for a in parse(response).select(".search-rows tbody a.title")]


@pytest.fixture
def posts(board, make_post, make_board):
    issue, news, _humor = board.categories.order_by("order")
    make_post(board, title="라인야후 지분 매각", body="<p>정부 요구</p>", category=news)
    make_post(board, title="라인 업데이트 후기", body="<p>배터리</p>", category=issue)
    free = make_board("free", name="자유게시판")
    make_post(free, title="라인 스티커 추천", body="<p>귀여움</p>")
    return board


def test_a_board_search_lists_its_matches_in_the_lists_look(client, posts):
    response = client.get("/square/", {"q": "라인"})
    assert response.status_code == 200
    page = parse(response)
    assert row_titles(response) == ["라인 업데이트 후기", "라인야후 지분 매각"]
    assert page.select_one(".search-rows mark").get_text() == "라인"
    assert page.select_one(".list-head .search-form input[name=q]")["value"] == "라인"
    assert "검색 결과 2건" in page.select_one(".search-count").get_text()


def test_the_board_list_has_a_search_field_in_its_head(client, posts):
    page = parse(client.get("/square/"))
    form = page.select_one(".list-head form.search-form")
    assert form["action"] == "/square/"
    assert form.select_one("input[name=q]") is not None
    assert [option["value"] for option in form.select("select[name=in] option")] == list(
        searching.FIELDS
    )


def test_an_empty_query_is_the_board_list(client, posts):
    response = client.get("/square/", {"q": "  "})
    assert response.status_code == 200
    assert parse(response).select_one(".search-rows") is None
    assert parse(response).select_one("table.posts tbody.rows") is not None


def test_the_category_filter_is_kept(client, posts):
    news = posts.categories.get(name="기사/뉴스")
    response = client.get("/square/", {"q": "라인", "category": news.slug})
    assert row_titles(response) == ["라인야후 지분 매각"]
    page = parse(response)
    assert page.select_one(".search-form input[name=category]")["value"] == news.slug
    links = [a["href"] for a in page.select(".category-filter a")]
    assert all("q=%EB%9D%BC%EC%9D%B8" in href for href in links)
    current = page.select_one(".category-filter a[aria-current]")
    assert current.get_text() == news.name


def test_searching_every_board_shows_the_board_of_each_row(client, posts):
    response = client.get("/search", {"q": "라인"})
    page = parse(response)
    assert row_titles(response) == ["라인 스티커 추천", "라인 업데이트 후기", "라인야후 지분 매각"]
    assert [cell.get_text() for cell in page.select(".search-rows td.col-board")] == [
        "자유게시판",
        "스퀘어",
        "스퀘어",
    ]


def test_searching_comments_links_to_the_comment(client, posts, make_comment):
    post = posts.posts.get(title="라인야후 지분 매각")
    comment = make_comment(post, body="정부가 왜 나서요")
    response = client.get("/search", {"q": "정부", "in": "comments"})
    page = parse(response)
    link = page.select_one(".search-rows a.title")
    assert link["href"] == f"/square/{post.number}#c{comment.pk}"
    assert "<mark>정부</mark>" in str(link)
    assert "라인야후 지분 매각" in page.select_one(".search-rows .excerpt").get_text()


def test_relevance_is_a_link_away_and_kept_by_the_form(client, posts):
    page = parse(client.get("/square/", {"q": "라인"}))
    relevance = page.select_one(".search-order a")
    assert "order=relevance" in relevance["href"]
    again = parse(client.get("/square/" + relevance["href"]))
    assert again.select_one(".search-form input[name=order]")["value"] == "relevance"


def test_numbered_pages_keep_the_query(client, board, make_post, settings):
    settings.MADANG_POSTS_PER_PAGE = 2
    for index in range(5):
        make_post(board, title=f"라인 소식 {index}")
    page = parse(client.get("/square/", {"q": "라인", "in": "title"}))
    links = [a["href"] for a in page.select(".pagination a")]
    assert links == [
        "?q=%EB%9D%BC%EC%9D%B8&in=title&page=2",
        "?q=%EB%9D%BC%EC%9D%B8&in=title&page=3",
    ]
    third = client.get("/square/" + links[-1])
    assert row_titles(third) == ["라인 소식 0"]
    assert client.get("/square/", {"q": "라인", "page": 9}).status_code == 302


def test_guests_may_be_kept_out(client, posts, settings, member):
    settings.MADANG_SEARCH_GUESTS = False
    response = client.get("/search", {"q": "라인"})
    assert response.status_code == 403
    assert "회원만" in response.content.decode()
    assert client.get("/square/", {"q": "라인"}).status_code == 403
    assert client.get("/square/").status_code == 200  # the list itself stays open
    client.force_login(member)
    assert client.get("/search", {"q": "라인"}).status_code == 200


def test_a_guest_searching_too_often_is_told_when_to_come_back(client, posts, settings, member):
    settings.MADANG_SEARCH_GUEST_LIMIT = 2
    assert client.get("/search", {"q": "라인"}).status_code == 200
    assert client.get("/square/", {"q": "정부"}).status_code == 200
    refused = client.get("/search", {"q": "스티커"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "너무 자주" in refused.content.decode()
    other = Client(REMOTE_ADDR="192.0.2.9")
    assert other.get("/search", {"q": "라인"}).status_code == 200
    client.force_login(member)
    assert client.get("/search", {"q": "라인"}).status_code == 200


BAD_INPUT = [
    '"라인',
    "'라인'",
    "라인 AND 정부 OR NOT 업데이트",
    "NEAR(라인 정부, 3)",
    "라인* ^정부 title:라인 {t b}:라인",
    "(((라인",
    "%",
    "_",
    "100%_",
    "\\",
    "라인\\\\정부",
    "\x00",
    "라인\x00정부",
    "가" * 10_000,
    "라인 " * 5_000,
    "ㄹ",
    "*",
    "-",
    "''''",
    "🙂🙂",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("typed", BAD_INPUT)
@pytest.mark.parametrize("path", ["/search", "/square/"])
def test_bad_input_gives_results_or_an_empty_page(client, posts, typed, path):
    for field in searching.FIELDS:
        for order in searching.ORDERS:
            response = client.get(path, {"q": typed, "in": field, "order": order})
            assert response.status_code == 200, (typed, field, order)
            assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "라인", "in": "nowhere"},
        {"q": "라인", "order": "random"},
        {"q": "라인", "page": "abc"},
        {"q": "라인", "page": "99999999999999999999"},
        {"q": "라인", "page": "-1"},
    ],
)
def test_bad_parameters_fall_back(client, posts, params):
    response = client.get("/search", params)
    assert response.status_code in (200, 302)


def test_a_search_that_runs_out_of_time_says_so(client, posts, monkeypatch):
    @contextmanager
    def out_of_time(using, seconds):
        raise SearchTimeout
        yield  # pragma: no cover

    monkeypatch.setattr(engine, "time_bound", out_of_time)
    response = client.get("/square/", {"q": "라인"})
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "너무 오래 걸려" in parse(response).select_one(".search-summary").get_text()
    assert client.get("/search", {"q": "라인"}).status_code == 503


def test_what_was_typed_is_shown_as_text(client, posts):
    response = client.get("/search", {"q": '<img src=x onerror=alert(1)> "라인'})
    html = response.content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_cached_guest_pages_are_kept_apart_by_query_and_renewed_by_writes(
    client, posts, make_post, django_capture_on_commit_callbacks
):
    assert row_titles(client.get("/search", {"q": "스티커"})) == ["라인 스티커 추천"]
    assert row_titles(client.get("/search", {"q": "업데이트"})) == ["라인 업데이트 후기"]
    assert client.get("/search", {"q": "스티커"})["X-Madang-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        make_post(posts, title="스티커 새로 나옴")
    assert row_titles(client.get("/search", {"q": "스티커"})) == [
        "스티커 새로 나옴",
        "라인 스티커 추천",
    ]


def test_the_page_asks_as_much_for_thirty_rows_as_for_three(
    client, board, make_post, settings, member, django_assert_num_queries
):
    """A member's search of a board: their filters, the board, its categories, the boards
    they moderate, the matches, their ranking, the rows shown (no query per row), and the
    header bell's unread count."""
    settings.MADANG_PAGE_CACHE = False
    client.force_login(member)
    for index in range(3):
        make_post(board, title=f"라인 소식 {index}")

    def search() -> None:
        assert client.get("/square/", {"q": "라인", "order": "relevance"}).status_code == 200

    # On PostgreSQL: the time bound (a savepoint here, its SET LOCAL, its release), where
    # the newest entries begin, the planner's switches (set, reset), and the candidates
    # and their visibility in two queries instead of one (search/newest.py).
    expected = 8 + (7 if connection.vendor == "postgresql" else 0)
    search()  # the session, the member and the board kept for the process
    with django_assert_num_queries(expected):
        search()
    for index in range(27):
        make_post(board, title=f"라인 소식 {index + 3}")
    with django_assert_num_queries(expected):
        search()


def test_title_placeholders_and_links(client, posts):
    html = client.get("/search", {"q": "라인"}).content.decode()
    assert re.search(r'href="/square/\d+"', html)


@pytest.mark.sqlite  # PostgreSQL's bound is run with pg_sleep (test_time_bound.py)
def test_the_time_bound_stops_a_real_search(client, posts, make_post, settings):
    for index in range(100):  # enough work to meet the progress handler
        make_post(posts, title=f"라인 소식 {index}", body="<p>라인 본문</p>")
    settings.MADANG_SEARCH_TIMEOUT = 0
    response = client.get("/search", {"q": "라인"})
    assert response.status_code == 503
    settings.MADANG_SEARCH_TIMEOUT = 3
    assert client.get("/search", {"q": "라인"}).status_code == 200  # the connection goes on
