from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from madang.boards import actions
from madang.boards.models import Post


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def row_texts(page: BeautifulSoup, selector: str = "tbody.rows tr") -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in page.select(selector)
    ]


@pytest.fixture
def listed_board(board, make_post, make_comment, notice_kind, make_board):
    issue, news, _ = board.categories.all()
    now = timezone.now()
    old = make_post(board, title="몇 해 전 글", category=news, created_at=now - timedelta(days=900))
    make_post(board, title="올해 초 글", category=issue, created_at=now - timedelta(days=40))
    fresh = make_post(board, title="방금 쓴 <글>", category=issue)
    for _ in range(3):
        make_comment(fresh)
    Post.objects.filter(pk=fresh.pk).update(view_count=12345)
    actions.pin_notice(post=old, kind=notice_kind, board=board)
    other = make_board("elsewhere", name="다른 곳")
    site_wide = make_post(other, title="모든 게시판 공지")
    actions.pin_notice(post=site_wide, kind=actions.create_notice_kind(name="이벤트"), board=None)
    return board


def test_list_shows_the_columns_in_order(client, listed_board):
    page = soup(client.get("/square/"))
    headers = [th.get_text(strip=True) for th in page.select("table.posts thead th")]
    assert headers == ["번호", "카테고리", "제목", "날짜", "조회", "추천"]


def test_rows_show_number_category_title_comment_count_date_and_views(client, listed_board):
    rows = row_texts(soup(client.get("/square/")))
    assert rows[0][0] == "3"
    assert rows[0][1] == "이슈"
    assert rows[0][2] == "방금 쓴 <글> 3"  # the title is text, the count sits beside it
    assert rows[0][3].count(":") == 1  # HH:MM today
    assert rows[0][4] == "조회 12,345"
    assert rows[1][2] == "올해 초 글"  # no count when there are no comments
    assert rows[2][3].count(".") == 2  # YY.MM.DD for an older year


def test_title_markup_is_escaped(client, listed_board):
    body = client.get("/square/").content.decode()
    assert "방금 쓴 &lt;글&gt;" in body
    assert "<글>" not in body


def test_notices_sit_above_the_rows_with_site_wide_ones_on_every_board(client, listed_board):
    page = soup(client.get("/square/"))
    notices = row_texts(page, "tbody.notices tr")
    titles = [row[2] for row in notices]
    assert "몇 해 전 글" in titles
    assert "모든 게시판 공지" in titles
    kinds = {row[0] for row in notices}
    assert kinds == {"공지", "이벤트"}
    # Between the notices and the rows; a guest's folds are counted in their browser.
    bodies = [body["class"] for body in page.select("table.posts > tbody")]
    assert bodies == [["notices"], ["notice-toggle"], ["rows"]]
    toggle = page.select_one("tbody.notice-toggle")
    assert toggle.has_attr("hidden")
    assert toggle.get_text(strip=True) == "모든 공지 확인하기 (0)"
    elsewhere = soup(client.get("/elsewhere/"))
    assert [row[2] for row in row_texts(elsewhere, "tbody.notices tr")] == ["모든 게시판 공지"]


def test_category_filter_lists_only_that_category(client, listed_board):
    issue = listed_board.categories.get(name="이슈")
    page = soup(client.get(f"/square/?category={issue.slug}"))
    assert [row[2].split(" 3")[0] for row in row_texts(page)] == ["방금 쓴 <글>", "올해 초 글"]
    current = page.select_one(".category-filter [aria-current]")
    assert current.get_text(strip=True) == "이슈"


def test_unknown_category_is_404(client, listed_board):
    assert client.get("/square/?category=nope").status_code == 404


def test_numbered_pagination_and_page_past_the_end(client, board, make_post, settings):
    settings.MADANG_POSTS_PER_PAGE = 2
    for index in range(5):
        make_post(board, title=f"글 {index}")
    page = soup(client.get("/square/?page=2"))
    assert [row[0] for row in row_texts(page)] == ["3", "2"]
    links = page.select(".pagination a, .pagination strong")
    assert [link.get_text(strip=True) for link in links] == ["1", "2", "3"]
    assert page.select_one(".pagination [aria-current]").get_text(strip=True) == "2"
    past_end = client.get("/square/?page=40")
    assert past_end.status_code == 302
    assert past_end["Location"] == "/square/?page=3"


@pytest.mark.parametrize("value", ["0", "-3", "abc", "1e3", "99999999999999999999", "%00"])
def test_bad_page_numbers_are_404(client, board, value):
    assert client.get(f"/square/?page={value}").status_code == 404


def test_unknown_board_is_404(client, db):
    response = client.get("/nowhere/")
    assert response.status_code == 404


def test_empty_board_says_so(client, board):
    page = soup(client.get("/square/"))
    assert "아직 글이 없습니다." in page.get_text()


def test_every_page_starts_with_a_skip_link(client, listed_board):
    for url in ("/", "/square/", "/square/3"):
        page = soup(client.get(url))
        first_link = page.body.find("a")
        assert first_link["href"] == "#main"
        assert page.select_one("main#main") is not None


def test_list_page_of_20_rows_with_notices_takes_four_queries(
    client, board, make_post, notice_kind, django_assert_num_queries
):
    categories = list(board.categories.all())
    posts = [make_post(board, title=f"글 {i}", category=categories[i % 3]) for i in range(45)]
    for post in posts[:4]:
        actions.pin_notice(post=post, kind=notice_kind, board=board)
    actions.pin_notice(post=posts[5], kind=notice_kind, board=None)
    # board, categories, notices, rows; a deep page adds the anchor lookup. The first
    # guest also looks up the board's id for the page cache; the next is served from it.
    with django_assert_num_queries(5):
        response = client.get("/square/")
    assert len(soup(response).select("tbody.rows tr")) == 20
    with django_assert_num_queries(0):
        cached = client.get("/square/")
    assert cached.content == response.content and cached["X-Madang-Cache"] == "hit"
    with django_assert_num_queries(4):
        client.get(f"/square/?category={categories[0].slug}")


def test_not_found_page_is_friendly_korean(client, db):
    response = client.get("/nowhere/")
    assert response.status_code == 404
    page = soup(response)
    assert page.select_one("h1").get_text(strip=True) == "페이지를 찾을 수 없습니다"
    assert page.body.find("a")["href"] == "#main"
