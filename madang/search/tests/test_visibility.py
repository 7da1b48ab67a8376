"""The visibility rule applies to search: what a reader's lists leave out, search leaves out."""

from __future__ import annotations

import pytest
from django.test import Client

from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Access, Post
from madang.boards.preferences import Filters
from madang.boards.visibility import GUEST
from madang.comments.actions import create_comment
from madang.comments.models import Comment
from madang.moderation import actions as moderation
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban
from madang.moderation.permissions import viewer_of
from madang.moderation.roles import appoint_moderator
from madang.search.tests.searching import comment_bodies, found, titles


@pytest.fixture
def admin(make_member):
    return make_member("site_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def troll(make_member, admin):
    troll = make_member("troll")
    ban_author(
        actor=admin,
        author_ref=author_ref_for(troll.pk),
        board=None,
        kind=Ban.Kind.SILENT,
        reason="도배",
        days=None,
    )
    return troll


def test_a_silently_banned_writers_posts_never_show_nor_count_for_others(
    board, make_post, troll, make_member
):
    make_post(board, title="라인 평범한 글")
    make_post(board, title="라인 트롤 글", author=troll, status=Post.Status.SHADOWED)
    results = found("라인")
    assert [hit.post.title for hit in results.hits] == ["라인 평범한 글"]
    assert results.counted == 1
    member = viewer_of(make_member("reader"))
    assert titles("라인", viewer=member) == ["라인 평범한 글"]
    own = found("라인", viewer=viewer_of(troll))
    assert [hit.post.title for hit in own.hits] == ["라인 트롤 글", "라인 평범한 글"]
    assert own.counted == 2


def test_a_silently_banned_writers_comments_show_to_them_alone(board, make_post, troll):
    post = make_post(board, title="글")
    create_comment(post=post, author=troll, body="라인 도배", status=Comment.Status.SHADOWED)
    assert comment_bodies("도배") == []
    assert comment_bodies("도배", viewer=viewer_of(troll)) == ["라인 도배"]


@pytest.mark.parametrize("status", [Post.Status.HELD, Post.Status.HIDDEN, Post.Status.DELETED])
def test_held_hidden_and_deleted_posts_never_show(board, make_post, member, admin, status):
    make_post(board, title="라인 글", status=status)
    assert titles("라인") == []
    assert titles("라인", viewer=viewer_of(member)) == []  # not even to their writer
    assert titles("라인", viewer=viewer_of(admin)) == []  # lists leave them out for all


def test_blinded_posts_match_for_nobody_but_their_writer_and_moderators(
    board, make_post, member, admin, make_member
):
    post = make_post(board, title="라인 신고된 글", body="<p>정부 비판</p>")
    moderation.blind(actor=admin, target=post)
    assert titles("라인") == []
    assert titles("정부") == []
    assert titles("라인", viewer=viewer_of(make_member("reader"))) == []
    assert titles("라인", viewer=viewer_of(member)) == ["라인 신고된 글"]
    moderator = make_member("moderator")
    appoint_moderator(actor=admin, board=board, member=moderator)
    assert titles("정부", viewer=viewer_of(moderator)) == ["라인 신고된 글"]


def test_blinded_comments_match_for_nobody_but_their_writer(
    board, make_post, make_comment, member, admin
):
    comment = make_comment(make_post(board, title="글"), body="라인 신고된 댓글")
    moderation.blind(actor=admin, target=comment)
    assert comment_bodies("라인") == []
    assert comment_bodies("라인", viewer=viewer_of(member)) == ["라인 신고된 댓글"]


def test_boards_a_reader_may_not_read_are_not_searched(make_board, make_post, make_member):
    open_board = make_board("open")
    closed = make_board("closed", read_access=Access.MEMBERS)
    make_post(open_board, title="라인 열린 글")
    make_post(closed, title="라인 회원 글")
    guest = Client()
    html = guest.get("/search", {"q": "라인"}).content.decode()
    assert "열린 글" in html
    assert "회원 글" not in html
    assert guest.get("/closed/", {"q": "라인"}).status_code == 403
    reader = Client()
    reader.force_login(make_member("reader"))
    assert "회원 글" in reader.get("/search", {"q": "라인"}).content.decode()


def test_hidden_categories_and_muted_words_apply(board, make_post, make_comment):
    issue, news, humor = board.categories.order_by("order")
    make_post(board, title="라인 이슈", category=issue)
    make_post(board, title="라인 뉴스", category=news)
    funny = make_post(board, title="라인 유머 ㅋㅋ", category=humor)
    make_comment(funny, body="라인 웃김")
    filters = Filters(frozenset({news.pk}), ("ㅋㅋ",))
    assert titles("라인", filters=filters) == ["라인 이슈"]
    assert found("라인", filters=filters).counted == 1
    # A category the reader picks shows, even one they hide elsewhere.
    assert titles("라인", category_id=news.pk, filters=filters) == ["라인 뉴스"]
    assert comment_bodies("웃김", filters=filters) == []
    assert comment_bodies("웃김") == ["라인 웃김"]


def test_a_guest_search_is_no_member_search(board, make_post, member):
    make_post(board, title="라인 글", status=Post.Status.SHADOWED)
    assert titles("라인", viewer=GUEST) == []
    assert titles("라인", viewer=viewer_of(member)) == ["라인 글"]
