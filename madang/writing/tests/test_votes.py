"""Votes at the writing gate: who may vote, bans, one's own posts, the hourly limit."""

from __future__ import annotations

import pytest

from madang.accounts.pseudonym import author_ref_for
from madang.boards import limits
from madang.boards.actions import set_post_status
from madang.boards.models import Access, Post, Vote
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban
from madang.writing.gate import Refusal
from madang.writing.votes import vote


@pytest.fixture
def writer(make_member):
    return make_member("writer")


@pytest.fixture
def post(board, make_post, writer):
    return make_post(board, title="추천 받을 글", author=writer)


def refused(member, post, value="up") -> Refusal:
    with pytest.raises(Refusal) as caught:
        vote(member=member, board=post.board, post=post, value=value)
    return caught.value


def test_a_member_who_may_read_the_board_votes(post, member):
    assert vote(member=member, board=post.board, post=post, value="up").up == 1


def test_one_may_not_vote_on_ones_own_post(post, writer):
    refusal = refused(writer, post)
    assert refusal.status == 403
    assert "자기 글은 추천할 수 없습니다." in refusal.message
    assert not Vote.objects.exists()


def test_a_board_may_take_no_votes_or_no_downvotes(post, member):
    board = post.board
    assert refused(member, post, "down").status == 403  # boards take 추천 only, by default
    board.votes = False
    board.save()
    assert "추천을 받지 않습니다" in refused(member, post).message
    board.votes, board.downvotes = True, True
    board.save()
    assert vote(member=member, board=board, post=post, value="down").down == 1


def test_only_a_known_vote_is_taken(post, member):
    assert refused(member, post, "sideways").status == 400


def test_a_member_who_may_not_read_the_board_may_not_vote(post, member):
    board = post.board
    board.read_access = Access.STAFF
    board.save()
    assert refused(member, post).status == 403
    assert not Vote.objects.exists()


def test_only_published_posts_take_votes(post, member):
    set_post_status(post=post, status=Post.Status.HIDDEN)
    assert refused(member, post).status == 409


def test_a_visible_ban_refuses_the_vote(post, member):
    ban_author(
        actor=None,
        author_ref=author_ref_for(member.pk),
        board=None,
        kind=Ban.Kind.VISIBLE,
        reason="도배",
        days=3,
    )
    refusal = refused(member, post)
    assert refusal.status == 403
    assert "활동이 정지되어 추천할 수 없습니다. 사유: 도배" in refusal.message


def test_a_silently_banned_members_vote_is_kept_and_counted_for_nobody(post, member):
    ban_author(
        actor=None,
        author_ref=author_ref_for(member.pk),
        board=post.board,
        kind=Ban.Kind.SILENT,
        reason="조작",
        days=None,
    )
    tally = vote(member=member, board=post.board, post=post, value="up")
    assert tally.up == 1  # as its voter sees it...
    post.refresh_from_db()
    assert post.up_count == 0  # ...and as everyone else does
    assert Vote.objects.get().counted is False


def test_votes_have_an_hourly_limit_of_their_own(post, member, monkeypatch):
    monkeypatch.setattr(limits, "VOTES_PER_HOUR", 3)
    for _ in range(3):  # up, taken back, up
        vote(member=member, board=post.board, post=post, value="up")
    refusal = refused(member, post)
    assert refusal.status == 429
    assert 0 < refusal.retry_after <= limits.HOUR
    assert "추천을 너무 자주 눌렀습니다." in refusal.message
    post.refresh_from_db()
    assert post.up_count == 1
