"""Comment numbers are what readers quote ("3번 댓글"): once shown, they never change."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from madang.accounts.pseudonym import author_ref_for
from madang.comments.actions import create_comment, delete_comment, set_comment_status
from madang.comments.models import Comment
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban


def numbered(client: Client, path: str = "/square/1") -> list[tuple[str, str]]:
    """(number, text) of every line on the post page, placeholders included."""
    page = BeautifulSoup(client.get(path).content.decode(), "html.parser")
    lines = []
    for line in page.select("#comment-list .comment"):
        ordinal = line.select_one(".ordinal")
        body = line.select_one(".comment-body")
        lines.append((ordinal.get_text() if ordinal else "", body.get_text().strip()))
    return lines


@pytest.fixture
def post(board, make_post, make_member):
    return make_post(board, title="번호를 매길 글", author=make_member("poster"))


@pytest.fixture
def people(make_member):
    return [make_member(f"reader{n}") for n in range(4)]


def test_numbers_are_stored_once_and_survive_deletion_and_hiding(post, people):
    first, second, third = (
        create_comment(post=post, author=people[n], body=f"댓글 {n + 1}") for n in range(3)
    )
    assert [first.number, second.number, third.number] == [1, 2, 3]
    delete_comment(comment=first)
    set_comment_status(comment=second, status=Comment.Status.HIDDEN)
    fourth = create_comment(post=post, author=people[3], body="댓글 4")
    assert fourth.number == 4  # never reused
    assert numbered(Client()) == [
        ("1", "삭제된 댓글입니다."),
        ("2", "가려진 댓글입니다."),
        ("3", "댓글 3"),
        ("4", "댓글 4"),
    ]


def test_a_silently_banned_writer_leaves_no_gap_and_sees_their_comment_numbered(
    post, people, client
):
    banned = people[0]
    ban_author(
        actor=None,
        author_ref=author_ref_for(banned.pk),
        board=None,
        kind=Ban.Kind.SILENT,
        reason="도배",
        days=None,
    )
    create_comment(post=post, author=people[1], body="보이는 댓글")
    shadowed = create_comment(
        post=post, author=banned, body="혼자만 보는 댓글", status=Comment.Status.SHADOWED
    )
    assert shadowed.number is None
    later = create_comment(post=post, author=people[2], body="나중 댓글")
    assert later.number == 2
    # Everyone else: no gap, no placeholder.
    assert numbered(Client()) == [("1", "보이는 댓글"), ("2", "나중 댓글")]
    # The writer: their comment where they wrote it, numbered after the one before it.
    client.force_login(banned)
    assert numbered(client) == [("1", "보이는 댓글"), ("2", "혼자만 보는 댓글"), ("2", "나중 댓글")]


def test_a_held_comment_takes_the_next_number_when_published(post, people):
    create_comment(post=post, author=people[0], body="첫 댓글")
    held = create_comment(post=post, author=people[1], body="검토 댓글", status=Comment.Status.HELD)
    create_comment(post=post, author=people[2], body="셋째로 쓴 댓글")
    assert held.number is None
    set_comment_status(comment=held, status=Comment.Status.PUBLISHED)
    held.refresh_from_db()
    assert held.number == 3
    post.refresh_from_db()
    assert post.last_comment_number == 3
    assert sorted(numbered(Client())) == [
        ("1", "첫 댓글"),
        ("2", "셋째로 쓴 댓글"),
        ("3", "검토 댓글"),
    ]
