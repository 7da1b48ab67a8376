"""A retried submission is stored once and answered with the first result."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connections
from django.test import Client

from madang.boards.models import Post, PostRevision
from madang.comments.models import Comment
from madang.writing import submit


def token() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def writer(client, make_member):
    member = make_member("writer")
    client.force_login(member)
    return member


@pytest.fixture
def post(board, make_post, make_member):
    return make_post(board, title="댓글 받을 글", author=make_member("poster"))


def test_a_comment_sent_twice_is_stored_once(client, writer, post):
    data = {"body": "한 번만 달릴 댓글", "submission": token()}
    first = client.post("/square/1/comments", data)
    again = client.post("/square/1/comments", data)  # the reply to the first was lost
    assert Comment.objects.filter(body="한 번만 달릴 댓글").count() == 1
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    post.refresh_from_db()
    assert post.comment_count == 1


def test_a_post_sent_twice_is_stored_once(client, writer, board):
    data = {
        "title": "한 번만 올라갈 글",
        "body": "<div>본문</div>",
        "category": board.categories.first().pk,
        "submission": token(),
    }
    first = client.post("/square/write", data)
    again = client.post("/square/write", data)
    assert Post.objects.filter(title="한 번만 올라갈 글").count() == 1
    assert first["Location"] == again["Location"] == "/square/1"
    board.refresh_from_db()
    assert (board.last_number, board.post_count) == (1, 1)


def test_a_masked_post_sent_twice_is_stored_once(client, writer, board):
    data = {
        "title": "연락처",
        "body": "<div>010-2345-6789</div>",
        "category": board.categories.first().pk,
        "personal_data": "mask",
        "submission": token(),
    }
    client.post("/square/write", data)
    client.post("/square/write", data)
    assert Post.objects.filter(title="연락처").count() == 1


def test_an_old_form_sent_with_new_text_is_a_new_submission(client, writer, post):
    shared = token()
    client.post("/square/1/comments", {"body": "처음 댓글", "submission": shared})
    client.post("/square/1/comments", {"body": "뒤로 가서 쓴 새 댓글", "submission": shared})
    assert Comment.objects.filter(post=post).count() == 2


def test_two_writers_with_the_same_token_write_two_comments(writer, post, make_member):
    shared = token()
    for name in ("one", "two"):
        client = Client()
        client.force_login(make_member(name))
        client.post("/square/1/comments", {"body": "같은 말", "submission": shared})
    assert Comment.objects.filter(post=post, body="같은 말").count() == 2


def test_an_edit_sent_twice_keeps_one_revision(client, writer, board, make_post):
    mine = make_post(board, title="고칠 글", author=writer)
    data = {
        "title": "고친 글",
        "body": "<div>고친 본문</div>",
        "category": board.categories.first().pk,
        "submission": token(),
    }
    client.post(f"/square/{mine.number}/edit", data)
    client.post(f"/square/{mine.number}/edit", data)
    assert PostRevision.objects.filter(post=mine).count() == 1


def test_a_form_without_a_token_is_written_as_before(client, writer, post):
    client.post("/square/1/comments", {"body": "토큰 없는 댓글 하나"})
    client.post("/square/1/comments", {"body": "토큰 없는 댓글 둘"})
    assert Comment.objects.filter(post=post).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_of_one_submission_store_one_comment(make_board, make_member, make_post):
    board = make_board("busy")
    target = make_post(board, title="붐비는 글", author=make_member())
    member = make_member("retrier")
    shared = token()
    results: list[int] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            comment, _cleared = submit.write_comment(
                member=member, post=target, body="한 번만", token=shared
            )
            results.append(comment.pk)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Comment.objects.filter(post=target).count() == 1
    assert set(results) == {Comment.objects.get(post=target).pk}
