"""What changes on the lists for one member: notices they read, categories and words they hide."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from madang.accounts.memberkeys import member_key
from madang.boards import actions
from madang.boards.models import NoticeRead
from madang.boards.preferences import save_preferences


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def reader(client, make_member):
    member = make_member("reader")
    client.force_login(member)
    return member


def test_a_notice_folds_for_a_member_once_opened(client, reader, board, make_post, notice_kind):
    first = make_post(board, title="첫 공지")
    second = make_post(board, title="둘째 공지")
    actions.pin_notice(post=first, kind=notice_kind, board=board)
    actions.pin_notice(post=second, kind=notice_kind, board=None)
    page = parse(client.get("/square/"))
    assert page.select("tbody.notices tr.folded") == []
    assert page.select_one("tbody.notices").has_attr("data-guest") is False
    assert page.select_one("[data-notice-toggle]").has_attr("hidden")  # nothing folded
    client.get(first.get_absolute_url())
    assert NoticeRead.objects.filter(member_key=member_key(reader.pk)).count() == 1
    page = parse(client.get("/square/"))
    folded = [
        row.select_one("a.title").get_text() for row in page.select("tbody.notices tr.folded")
    ]
    assert folded == ["첫 공지"]
    toggle = page.select_one("[data-notice-toggle]")
    assert not toggle.has_attr("hidden")
    assert (
        toggle.select_one("[data-unfold-notices]").get_text(strip=True) == "모든 공지 확인하기 (1)"
    )


def test_guests_fold_notices_in_their_browser(client, board, make_post, notice_kind):
    actions.pin_notice(post=make_post(board), kind=notice_kind, board=board)
    assert parse(client.get("/square/")).select_one("tbody.notices").has_attr("data-guest")


def test_hidden_categories_leave_the_members_list_with_true_page_counts(
    client, reader, board, make_post, settings
):
    settings.MADANG_POSTS_PER_PAGE = 2
    issue, news, humor = board.categories.all()
    for index in range(9):
        make_post(board, title=f"글 {index}", category=(issue, news, humor)[index % 3])
    save_preferences(member=reader, excluded_categories=[news], muted_words="")
    page = parse(client.get("/square/"))
    assert [row.select_one(".col-number").get_text() for row in page.select("tbody.rows tr")] == [
        "9",
        "7",
    ]
    pages = [link.get_text(strip=True) for link in page.select(".pagination a, .pagination strong")]
    assert pages == ["1", "2", "3"]  # six posts left
    news_page = parse(client.get(f"/square/?category={news.slug}"))
    assert len(news_page.select("tbody.rows tr")) == 2  # picking the category shows it anyway
    post_page = parse(client.get("/square/3"))  # post 3 is the 4th of the filtered list: page 2
    assert post_page.select_one("tbody.rows tr.current .col-number").get_text() == "3"


def test_muted_words_hide_titles_for_that_member_only(client, reader, board, make_post):
    make_post(board, title="오늘 점심 메뉴")
    make_post(board, title="스포일러 있는 후기")
    save_preferences(member=reader, excluded_categories=[], muted_words="스포일러\n\n 광고 ")
    titles = [a.get_text() for a in parse(client.get("/square/")).select("tbody.rows a.title")]
    assert titles == ["오늘 점심 메뉴"]
    client.logout()
    titles = [a.get_text() for a in parse(client.get("/square/")).select("tbody.rows a.title")]
    assert titles == ["스포일러 있는 후기", "오늘 점심 메뉴"]


def test_settings_page_saves_filters(client, reader, board):
    news = board.categories.get(name="기사/뉴스")
    response = client.post(
        "/me/settings/",
        {"form": "preferences", "excluded_categories": [news.pk], "muted_words": "광고"},
    )
    assert response.status_code == 302
    page = parse(client.get("/me/settings/"))
    checked = page.select("input[name=excluded_categories][checked]")
    assert [box["value"] for box in checked] == [str(news.pk)]
    assert "스퀘어 · 기사/뉴스" in page.get_text()
    assert page.select_one("textarea[name=muted_words]").get_text().strip() == "광고"
