"""The htmx fragments behind "댓글 더 보기" and "새 댓글 확인하기"."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from madang.comments.actions import create_comment


@pytest.fixture
def busy_post(board, make_post, make_comment):
    board.comments_per_page = 3
    board.save()
    post = make_post(board)
    comments = [make_comment(post, body=f"댓글 {index}") for index in range(8)]
    return post, comments


def parse(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def ordinals(page: BeautifulSoup) -> list[str]:
    return [node.get_text() for node in page.select(".comment .ordinal")]


def test_older_threads_come_with_their_numbers_and_a_new_button(client, busy_post):
    _, comments = busy_post
    page = parse(client.get(f"/square/1/comments?before={comments[5].pk}"))
    assert ordinals(page) == ["3", "4", "5"]
    button = page.select_one("#older-comments[data-hx-swap-oob] button")
    assert button["data-hx-get"] == f"/square/1/comments?before={comments[2].pk}"
    assert page.select_one("#comments-from[data-hx-swap-oob]")["value"] == str(comments[2].pk)


def test_oldest_page_leaves_no_more_button(client, busy_post):
    _, comments = busy_post
    page = parse(client.get(f"/square/1/comments?before={comments[2].pk}"))
    assert ordinals(page) == ["1", "2"]
    assert page.select_one("#older-comments button") is None


def test_newer_comments_update_the_count_and_the_cursor(client, busy_post, make_comment):
    post, comments = busy_post
    page = parse(client.get(f"/square/1/comments?after={comments[6].pk}"))
    assert [node.get_text() for node in page.select(".comment-body")] == ["댓글 7"]
    assert page.select_one("#comment-count[data-hx-swap-oob]").get_text() == "8"
    assert page.select_one("#comments-after[data-hx-swap-oob]")["value"] == str(comments[7].pk)
    newest = make_comment(post, body="새로 단 댓글")
    page = parse(client.get(f"/square/1/comments?after={comments[7].pk}"))
    assert ordinals(page) == ["9"]
    assert page.select_one("#comments-after")["value"] == str(newest.pk)


def test_new_replies_go_into_their_threads_when_shown(client, busy_post, member):
    post, comments = busy_post
    reply = create_comment(post=post, author=member, body="답글", parent=comments[6])
    old_reply = create_comment(post=post, author=member, body="옛 답글", parent=comments[1])
    page = parse(client.get(f"/square/1/comments?after={comments[7].pk}&from={comments[5].pk}"))
    swaps = page.select("[data-hx-swap-oob^='beforeend:#replies-']")
    assert [node["data-hx-swap-oob"] for node in swaps] == [f"beforeend:#replies-{comments[6].pk}"]
    assert swaps[0].select_one(".comment")["id"] == f"c{reply.pk}"
    assert f"c{old_reply.pk}" not in page.decode()  # its thread is not on the reader's page
    assert page.select_one("#comment-count").get_text() == "10"


def test_nothing_new_keeps_the_cursor(client, busy_post):
    _, comments = busy_post
    page = parse(client.get(f"/square/1/comments?after={comments[7].pk}"))
    assert page.select(".comment") == []
    assert page.select_one("#comments-after")["value"] == str(comments[7].pk)


@pytest.mark.parametrize(
    "query",
    ["", "?before=1&after=2", "?before=abc", "?after=-1", "?after=" + "9" * 25, "?before=\\u0661"],
)
def test_bad_comment_queries_are_404(client, busy_post, query):
    assert client.get(f"/square/1/comments{query}").status_code == 404


def test_comments_of_a_missing_post_are_404(client, busy_post):
    assert client.get("/square/2/comments?after=0").status_code == 404
