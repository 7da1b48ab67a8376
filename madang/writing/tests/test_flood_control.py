"""Flood control (도배 방지): a gap between one member's writes, and no repeated text."""

from __future__ import annotations

import pytest

from madang.boards.models import Post
from madang.comments.models import Comment

HTMX = {"HX-Request": "true"}


@pytest.fixture
def writer(client, make_member):
    member = make_member("writer")
    client.force_login(member)
    return member


@pytest.fixture
def post(board, make_post, make_member):
    return make_post(board, title="댓글 받을 글", author=make_member("poster"))


def _write(client, board, title: str, body: str = "<div>본문</div>"):
    data = {"title": title, "body": body, "category": board.categories.first().pk}
    return client.post("/square/write", data)


def test_posts_wait_the_boards_gap(client, writer, board):
    board.post_gap_seconds = 30
    board.save()
    assert _write(client, board, "첫 글").status_code == 302
    response = _write(client, board, "바로 다음 글", "<div>다른 본문</div>")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 30
    assert "글을 너무 빨리 이어서 올렸습니다." in response.content.decode()
    assert "바로 다음 글" in response.content.decode()
    assert not Post.objects.filter(title="바로 다음 글").exists()


def test_comments_wait_the_boards_gap(client, writer, board, post):
    board.comment_gap_seconds = 5
    board.save()
    assert client.post("/square/1/comments", {"body": "하나"}).status_code == 302
    response = client.post("/square/1/comments", {"body": "둘"}, headers=HTMX)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 5
    assert "댓글을 너무 빨리 이어서 달았습니다." in response.content.decode()
    assert "둘" in response.content.decode()  # the text stays in the form
    assert Comment.objects.count() == 1


def test_the_same_comment_again_is_refused(client, writer, post):
    assert client.post("/square/1/comments", {"body": "도배 댓글"}).status_code == 302
    response = client.post("/square/1/comments", {"body": "도배  댓글 "})
    assert response.status_code == 429
    assert "같은 댓글을 방금 달았습니다." in response.content.decode()
    assert Comment.objects.count() == 1


def test_the_same_post_again_is_refused(client, writer, board):
    assert _write(client, board, "같은 글").status_code == 302
    response = _write(client, board, "같은 글")
    assert response.status_code == 429
    assert "같은 글을 방금 올렸습니다." in response.content.decode()
    assert Post.objects.filter(title="같은 글").count() == 1


def test_the_same_short_comment_under_another_post_is_no_flood(
    client, writer, board, post, make_post, make_member
):
    other = make_post(board, title="다른 글", author=make_member("other"))
    assert client.post("/square/1/comments", {"body": "ㅋㅋㅋ"}).status_code == 302
    assert client.post(f"/square/{other.number}/comments", {"body": "ㅋㅋㅋ"}).status_code == 302
