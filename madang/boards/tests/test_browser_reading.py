"""A reader in a real browser: board, post, comments, back through 목록, notices.

Screenshots at phone and desktop widths land in test-artifacts/screenshots/.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from madang.boards import actions
from madang.testing import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def square(board, make_post, make_comment, make_member, notice_kind, member):
    issue, news, humor = board.categories.all()
    now = timezone.now()
    others = [make_member() for _ in range(3)]
    posts = []
    for index in range(45):
        category = (issue, news, humor)[index % 3]
        posts.append(
            make_post(
                board,
                title=f"마당 소식 {index + 1}번째 이야기",
                body=f"<p>{index + 1}번째 글의 본문입니다.</p><p>둘째 문단.</p>",
                category=category,
                source_url="https://news.example.com/a/1" if category == news else "",
                created_at=now - timedelta(days=(45 - index) * 20, minutes=index),
            )
        )
    for index in range(12):
        make_comment(posts[-1], body=f"{index + 1}번째 댓글", author=others[index % 3])
    make_comment(posts[-1], body="글쓴이의 답글", author=member)
    actions.pin_notice(post=posts[0], kind=notice_kind, board=board)
    actions.pin_notice(post=posts[1], kind=notice_kind, board=None)
    return board, posts


def test_reader_opens_a_board_and_a_post_and_returns_through_the_list(page, live_server, square):
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on(
        "response", lambda response: errors.append(response.url) if response.status >= 400 else None
    )

    page.goto(f"{live_server.url}/square/?page=2")
    assert page.locator("tbody.rows tr").count() == 20
    assert page.locator("table.posts thead th").all_inner_texts() == [
        "번호",
        "카테고리",
        "제목",
        "날짜",
        "조회",
        "추천",
    ]
    shoot(page, "board-list")

    page.get_by_role("link", name="마당 소식 25번째 이야기").click()
    page.wait_for_url(f"{live_server.url}/square/25")
    assert page.locator("h1.post-title").inner_text() == "마당 소식 25번째 이야기"
    assert page.locator("tbody.rows tr.current .col-number").inner_text() == "25"

    page.goto(f"{live_server.url}/square/45")
    assert page.locator("#comment-list .comment").count() == 13
    assert page.locator("#comment-list .by-author .author-mark").inner_text() == "글쓴이"
    shoot(page, "post")

    page.get_by_role("link", name="목록", exact=True).click()
    page.wait_for_url(f"{live_server.url}/square/")
    assert page.locator("tbody.rows tr").first.locator(".col-number").inner_text() == "45"
    assert errors == []


def test_new_comments_arrive_without_reloading(
    page, live_server, square, make_comment, make_member
):
    _, posts = square
    page.goto(f"{live_server.url}/square/45")
    page.evaluate("window.__same_page = true")
    make_comment(posts[-1], body="방금 달린 댓글", author=make_member())
    page.get_by_role("button", name="새 댓글 확인하기").click()
    page.locator("#comment-list .comment", has_text="방금 달린 댓글").wait_for()
    assert page.locator("#comment-count").inner_text() == "14"
    assert page.locator("#comment-list .comment").last.locator(".ordinal").inner_text() == "14"
    assert page.evaluate("window.__same_page") is True


def test_more_comments_load_older_ones_in_place(page, live_server, square):
    board, _ = square
    board.comments_per_page = 5
    board.save()
    page.goto(f"{live_server.url}/square/45")
    assert page.locator("#comment-list .ordinal").all_inner_texts() == ["9", "10", "11", "12", "13"]
    page.get_by_role("button", name="댓글 더 보기").click()
    page.locator("#comment-list .comment").nth(9).wait_for()
    assert page.locator("#comment-list .ordinal").all_inner_texts() == [
        str(n) for n in range(4, 14)
    ]
    page.get_by_role("button", name="댓글 더 보기").click()
    page.locator("#comment-list .comment").nth(12).wait_for()
    assert page.get_by_role("button", name="댓글 더 보기").count() == 0


def test_a_read_notice_folds_and_all_notices_unfold(page, live_server, square):
    page.goto(f"{live_server.url}/square/")
    notices = page.locator("tbody.notices tr")
    assert notices.count() == 2
    assert page.locator("tbody.notice-toggle").is_hidden()  # nothing folded yet
    notices.first.locator("a.title").click()
    page.go_back()
    page.wait_for_load_state()
    assert page.locator("tbody.notices tr:visible").count() == 1
    toggle = page.get_by_role("button", name="모든 공지 확인하기 (1)")
    above, below = (
        page.locator("tbody.notices tr:visible").bounding_box(),
        page.locator("tbody.rows tr").first.bounding_box(),
    )
    box = toggle.bounding_box()
    assert above["y"] < box["y"] < below["y"]  # between the notices and the rows
    toggle.click()
    assert page.locator("tbody.notices tr:visible").count() == 2
    assert page.locator("tbody.notice-toggle").is_hidden()
    assert page.evaluate("document.activeElement.hasAttribute('data-notice-link')")


def test_a_guest_opening_a_notice_anywhere_folds_it(page, live_server, square):
    _board, posts = square
    page.goto(f"{live_server.url}{posts[1].get_absolute_url()}")  # a link from elsewhere
    page.goto(f"{live_server.url}/square/")
    visible = page.locator("tbody.notices tr:visible a.title").all_inner_texts()
    assert visible == [posts[0].title]
    assert page.get_by_role("button", name="모든 공지 확인하기 (1)").is_visible()
