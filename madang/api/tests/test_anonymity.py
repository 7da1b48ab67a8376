"""No API answer names a member: no id, username, e-mail, author reference or member key,
anywhere in its bytes, whoever asks and whatever they read."""

from __future__ import annotations

import json

import pytest

from madang.accounts.memberkeys import member_key
from madang.accounts.pseudonym import author_ref_for
from madang.boards import hot
from madang.boards.actions import pin_notice
from madang.boards.models import Post
from madang.comments import actions as comment_actions

NAMES = ("member", "user", "username", "email", "author_ref", "member_key", "member_id")


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in _keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in _keys(item)}
    return set()


@pytest.fixture
def writers(make_member):
    return [
        make_member("hong-gildong-77", email="gildong.hong@example.com"),
        make_member("kim-younghee-88", email="younghee.kim@example.net"),
    ]


@pytest.fixture
def written(board, writers, make_post, notice_kind):
    first, second = writers
    post = make_post(board, title="첫 글 본문", author=first)
    reply_to = comment_actions.create_comment(post=post, author=second, body="댓글 본문")
    comment_actions.create_comment(post=post, author=first, body="글쓴이 답글", parent=reply_to)
    pin_notice(post=post, kind=notice_kind, board=board)
    Post.objects.filter(pk=post.pk).update(comment_count=5, scrap_count=3)
    hot.refresh_hot_scores()
    return post


PATHS = [
    "/boards",
    "/boards/square",
    "/boards/square/notices",
    "/boards/square/posts",
    "/boards/square/posts?before=9",
    "/boards/square/posts/1",
    "/boards/square/posts/1/comments",
    "/boards/square/posts/1/comments?after=0",
    "/hot",
    "/search?q=본문",
    "/search?q=본문&in=comments",
]


def _secrets(members) -> list[str]:
    found = []
    for member in members:
        found += [
            member.username,
            member.email_address,
            author_ref_for(member.pk),
            member_key(member.pk),
        ]
    return found


@pytest.mark.parametrize("path", PATHS)
def test_no_answer_names_a_member_to_a_guest_or_to_the_writer(
    path, written, writers, guest, as_member
):
    for api in (guest, as_member(writers[0]), as_member(writers[1])):
        response = api.get(path)
        assert response.status_code == 200, (path, response.content)
        text = response.content.decode()
        for secret in _secrets(writers):
            assert secret not in text, (path, secret)
        assert not _keys(json.loads(text)) & set(NAMES), path


def test_writes_answer_without_naming_their_writer(board, writers, as_member):
    api = as_member(writers[0])
    posted = api.post("/boards/square/posts", {"title": "제목", "body": "본문", "category": "c0"})
    commented = api.post("/boards/square/posts/1/comments", {"body": "댓글"})
    scrapped = api.put("/boards/square/posts/1/scrap")
    for response in (posted, commented, scrapped):
        assert response.status_code in (200, 201), response.content
        for secret in _secrets(writers):
            assert secret not in response.content.decode()
        assert not _keys(response.json()) & set(NAMES)


def test_refusals_do_not_name_the_member(board, writers, as_member, make_member):
    api = as_member(writers[0])
    response = api.post("/boards/square/posts", {"title": "", "body": ""})
    assert response.status_code == 422
    for secret in _secrets(writers):
        assert secret not in response.content.decode()


def test_the_schema_has_no_field_for_a_member(guest):
    schema = guest.get("/openapi.json").json()
    fields = {
        name
        for model in schema["components"]["schemas"].values()
        for name in model.get("properties", {})
    }
    assert not fields & set(NAMES)
