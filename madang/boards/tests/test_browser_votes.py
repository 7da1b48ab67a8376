"""Votes, the best list and the hot board in a real browser: a member votes from the
keyboard and hears the result; a guest reads /hot/ and the best list at both widths."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from madang.boards import best
from madang.boards.hot import refresh_hot_scores
from madang.boards.models import Board, Post
from madang.boards.votes import UP, cast_vote
from madang.testing import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a quiet yard in autumn"


@pytest.fixture
def yard(board, make_board, make_post, make_member):
    """Two boards with posts of the last days, some voted on, one of them best."""
    Board.objects.filter(pk=board.pk).update(downvotes=True, best_min_votes=3, best_threshold=3)
    board.refresh_from_db()
    game = make_board("game", name="게임", categories=("PC", "콘솔"))
    writer = make_member("writer")
    voters = [make_member(f"voter{index}") for index in range(4)]
    now = timezone.now()
    categories = list(board.categories.all())
    for index in range(24):
        post = make_post(
            board,
            title=f"마당 이야기 {index + 1}",
            category=categories[index % 3],
            author=writer,
            created_at=now - timedelta(hours=30 - index),
        )
        Post.objects.filter(pk=post.pk).update(
            comment_count=index % 7 + 1, view_count=40 * index, scrap_count=index % 3
        )
        for voter in voters[: index % 5]:
            cast_vote(member=voter, post=post, value=UP)
    for index, name in enumerate(("PC", "콘솔")):
        post = make_post(
            game,
            title=f"게임 이야기 {index + 1}",
            category=game.categories.get(name=name),
            author=writer,
            created_at=now - timedelta(hours=3),
        )
        Post.objects.filter(pk=post.pk).update(comment_count=6 + index * 20)
    reader = make_member("reader")
    reader.set_password(PASSWORD)
    reader.save()
    for post in Post.objects.filter(board=board, up_count__gte=3):
        best.promote_if_due(post_id=post.pk, board_id=board.pk)
    refresh_hot_scores()
    return board


def test_a_member_votes_from_the_keyboard_and_hears_the_result(browser, live_server, yard):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("아이디").fill("reader")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("link", name="내 정보").wait_for()

    page.goto(f"{live_server.url}/square/24")
    up = page.locator("#votes button.vote-up")
    assert up.get_attribute("aria-pressed") == "false"
    up.focus()
    page.keyboard.press("Enter")
    page.locator("#vote-status").filter(has_text="추천했습니다.").wait_for()
    assert page.locator("#votes button.vote-up").get_attribute("aria-pressed") == "true"
    assert page.locator("#post-up-count").inner_text() == "4"
    assert page.get_by_role("status").filter(has_text="추천했습니다.").count() == 1
    shoot(page, "post-votes")

    page.locator("#votes button.vote-down").focus()
    page.keyboard.press("Space")
    page.locator("#vote-status").filter(has_text="비추천했습니다.").wait_for()
    assert page.locator("#post-up-count").inner_text() == "3"
    page.reload()  # the vote stays, on the page members share
    assert page.locator("#votes button.vote-down").get_attribute("aria-pressed") == "true"
    assert errors == []
    context.close()


def test_a_guest_reads_the_hot_board_the_best_list_and_the_home_page(page, live_server, yard):
    page.goto(f"{live_server.url}/hot/")
    rows = page.locator("tbody.rows tr")
    assert rows.count() == 20
    assert page.locator(".pagination a").inner_text() == "2"
    assert rows.first.locator(".col-category a").first.inner_text() in ("스퀘어", "게임")
    shoot(page, "hot-board")

    page.goto(f"{live_server.url}/square/?best=1")
    assert page.locator(".category-filter a[aria-current]").inner_text() == "베스트"
    best_rows = page.locator("tbody.rows tr")
    assert best_rows.count() == Board.objects.get(slug="square").best_count
    shoot(page, "best-list")

    page.goto(f"{live_server.url}/")
    assert page.locator(".hot-latest li").count() == 10
    shoot(page, "home-hot")
    page.get_by_role("link", name="핫 게시판 더 보기").click()
    page.wait_for_url(f"{live_server.url}/hot/")
