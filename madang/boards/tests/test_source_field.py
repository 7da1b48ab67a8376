"""The source field (출처) says 필수 where the chosen category requires a source."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup


@pytest.fixture
def writer(client, make_member):
    member = make_member("writer")
    client.force_login(member)
    return member


@pytest.fixture
def news(board):
    category = board.categories.get(name="기사/뉴스")
    category.requires_source = True
    category.save()
    return category


def source_field(response):
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return page.select_one("[data-source-field]")


def shown_marks(box) -> list[str]:
    """The marks beside the label a reader sees: the box's class picks one (madang.css)."""
    required = "is-required" in box["class"]
    marks = box.select("label .optional, label .required-mark")
    return [
        mark.get_text(strip=True)
        for mark in marks
        if ("required-mark" in mark["class"]) == required
    ]


def test_the_source_is_marked_required_for_a_category_that_needs_it(client, writer, board, news):
    box = source_field(client.get(f"/square/write?category={news.slug}"))
    assert "is-required" in box["class"]
    assert box.select_one("input[name=source_url]").has_attr("required")
    assert shown_marks(box) == ["(필수)"]


def test_the_source_is_optional_elsewhere(client, writer, board, news):
    box = source_field(client.get("/square/write?category=c0"))
    assert "is-required" not in box["class"]
    assert not box.select_one("input[name=source_url]").has_attr("required")
    assert shown_marks(box) == ["(선택)"]
    # The page carries both marks, so the editor's script can switch them as the category changes.
    assert box.select_one("label .required-mark").get_text(strip=True) == "(필수)"


def test_a_refused_post_keeps_the_mark(client, writer, board, news):
    answer = client.post(
        "/square/write", {"title": "기사", "body": "<p>본문</p>", "category": news.pk}
    )
    box = source_field(answer)
    assert "is-required" in box["class"] and shown_marks(box) == ["(필수)"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_mark_follows_the_category_in_the_browser(browser, live_server, board, make_member):
    member = make_member("source_writer")
    member.set_password("source-test-password")
    member.save()
    context = browser.new_context(locale="ko-KR", viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("아이디").fill("source_writer")
    page.get_by_label("비밀번호").fill("source-test-password")
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("link", name="내 정보").wait_for()
    source = page.locator("[data-source-field]")
    source_box = page.locator("input[name=source_url]")

    def mark() -> str:
        return source.locator("label").inner_text().strip()

    page.goto(f"{live_server.url}/square/write")  # no category of the board needs a source
    assert mark() == "출처 (선택)"
    assert source_box.evaluate("input => input.required") is False
    category = board.categories.get(name="기사/뉴스")
    category.requires_source = True
    category.save()
    page.goto(f"{live_server.url}/square/write")
    assert mark() == "출처 (선택)"  # no category chosen yet
    assert source_box.evaluate("input => input.required") is False
    page.get_by_label("카테고리").select_option(label="기사/뉴스")
    assert mark() == "출처 (필수)"
    assert source_box.evaluate("input => input.required") is True
    page.get_by_label("카테고리").select_option(label="이슈")
    assert mark() == "출처 (선택)"
    context.close()
