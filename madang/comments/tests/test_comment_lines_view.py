from __future__ import annotations

import pytest
from bs4 import BeautifulSoup


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


def test_older_comments_come_with_their_numbers_and_a_new_button(client, busy_post):
    _, comments = busy_post
    page = parse(client.get(f"/square/1/comments?before={comments[5].pk}"))
    lines = page.select("li.comment")
    assert [line.select_one(".ordinal").get_text() for line in lines] == ["3", "4", "5"]
    button = page.select_one("#older-comments[hx-swap-oob] button")
    assert button["hx-get"] == f"/square/1/comments?before={comments[2].pk}"


def test_oldest_page_leaves_no_more_button(client, busy_post):
    _, comments = busy_post
    page = parse(client.get(f"/square/1/comments?before={comments[2].pk}"))
    assert [line.select_one(".ordinal").get_text() for line in page.select("li.comment")] == [
        "1",
        "2",
    ]
    assert page.select_one("#older-comments button") is None


def test_newer_comments_update_the_count_and_the_check_button(client, busy_post, make_comment):
    post, comments = busy_post
    page = parse(client.get(f"/square/1/comments?after={comments[6].pk}"))
    assert [line.select_one(".comment-body").get_text() for line in page.select("li.comment")] == [
        "댓글 7"
    ]
    assert page.select_one("#comment-count[hx-swap-oob]").get_text() == "8"
    newest = make_comment(post, body="새로 단 댓글")
    page = parse(client.get(f"/square/1/comments?after={comments[7].pk}"))
    line = page.select_one("li.comment")
    assert line.select_one(".ordinal").get_text() == "9"
    button = page.select_one("#newer-comments[hx-swap-oob] button")
    assert button["hx-get"] == f"/square/1/comments?after={newest.pk}"


def test_no_newer_comments_keeps_the_button_where_it_was(client, busy_post):
    _, comments = busy_post
    page = parse(client.get(f"/square/1/comments?after={comments[7].pk}"))
    assert page.select("li.comment") == []
    button = page.select_one("#newer-comments button")
    assert button["hx-get"] == f"/square/1/comments?after={comments[7].pk}"


@pytest.mark.parametrize(
    "query",
    ["", "?before=1&after=2", "?before=abc", "?after=-1", "?after=" + "9" * 25, "?before=\u0661"],
)
def test_bad_comment_queries_are_404(client, busy_post, query):
    assert client.get(f"/square/1/comments{query}").status_code == 404


def test_comments_of_a_missing_post_are_404(client, busy_post):
    assert client.get("/square/2/comments?after=0").status_code == 404
