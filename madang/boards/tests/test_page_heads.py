"""What the head of each page says about it: a description, its one address, its feed."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag
from django.test import Client

from madang.boards import actions
from madang.boards.models import Post

SITE_DESCRIPTION = "마당: 누구나 익명으로 글을 쓰고 이야기를 나누는 게시판입니다."


def head(response) -> Tag:
    assert response.status_code == 200
    found = BeautifulSoup(response.content.decode(), "html.parser").head
    assert found is not None
    return found


def description(page: Tag) -> str:
    [meta] = page.select('meta[name="description"]')
    return str(meta["content"])


def canonical(page: Tag) -> str | None:
    links = page.select('link[rel="canonical"]')
    assert len(links) <= 1
    return str(links[0]["href"]) if links else None


def feeds(page: Tag) -> list[str]:
    return [str(link["href"]) for link in page.select('link[rel="alternate"]')]


@pytest.fixture
def posts(board, make_post, settings):
    settings.MADANG_POSTS_PER_PAGE = 2
    issue = board.categories.get(slug="c0")
    made = [
        make_post(
            board,
            title=f"글 {index}",
            category=issue,
            body=f"<p>첫 문단 <strong>{index}</strong> &amp; 이야기</p>"
            + "<p>긴 본문 문장.</p>" * 40,
        )
        for index in range(5)
    ]
    return made


def test_a_list_is_described_by_its_board_and_has_one_address(client, board, posts):
    page = head(client.get("/square/?page=1&utm_source=x&ref=y"))
    assert description(page) == "마당의 스퀘어: 새 글과 댓글이 오가는 게시판입니다."
    assert canonical(page) == "/square/"
    assert feeds(page) == ["/feeds/square.atom"]
    board.description = "광장에서 나누는 모든 이야기"
    board.save()
    Client().get("/")  # nothing cached is trusted here: a fresh client, a changed board
    second = head(client.get("/square/?category=c0&page=2&junk=1"))
    assert description(second) == "광장에서 나누는 모든 이야기"
    assert canonical(second) == "/square/?category=c0&page=2"


def test_a_post_is_described_by_the_start_of_its_body(client, board, posts):
    page = head(client.get("/square/3?category=c0&junk=1"))
    text = description(page)
    assert text.startswith("첫 문단 2 & 이야기 긴 본문 문장.")
    assert "<" not in text and len(text) <= 150 and text.endswith("…")
    assert canonical(page) == "/square/3"
    assert feeds(page) and feeds(page)[0].startswith("/feeds/square.atom")


def test_a_veiled_post_gives_away_nothing_of_its_body(client, board, posts):
    Post.objects.filter(pk=posts[1].pk).update(blinded=True)
    page = head(client.get("/square/2"))
    assert description(page) == "검토가 끝날 때까지 가려 둔 글입니다."
    assert "첫 문단" not in str(page)


def test_the_hot_board_and_home_have_theirs(client, posts):
    hot = head(client.get("/hot/"))
    assert description(hot) == "마당의 게시판에서 지금 많이 읽히고 추천받는 글을 모았습니다."
    assert canonical(hot) == "/hot/"
    assert feeds(hot) == ["/feeds/hot.atom"]
    home = head(client.get("/?from=somewhere"))
    assert description(home) == SITE_DESCRIPTION
    assert canonical(home) == "/"
    assert feeds(home) == ["/feeds/hot.atom"]


def test_search_pages_have_the_sites_description(client, posts, settings):
    page = head(client.get("/search", {"q": "글"}))
    assert description(page) == SITE_DESCRIPTION
    board_search = head(client.get("/square/", {"q": "글"}))
    assert description(board_search) == SITE_DESCRIPTION
    settings.MADANG_SITE_DESCRIPTION = "우리 동네 이야기"
    assert description(head(client.get("/search", {"q": "다른 글"}))) == "우리 동네 이야기"


def test_a_notice_of_every_board_is_described_on_its_own_page(client, board, posts, notice_kind):
    actions.pin_notice(post=posts[0], kind=notice_kind, board=None)
    assert description(head(client.get("/square/1"))).startswith("첫 문단 0")
