"""Feeds follow the one visibility rule as a guest, whoever asks, and name nobody."""

from __future__ import annotations

import pytest
from django.test import Client

from madang.accounts.pseudonym import author_ref_for
from madang.boards.actions import delete_post, set_post_status
from madang.boards.hot import refresh_hot_scores
from madang.boards.models import Access, Post
from madang.feeds.tests.conftest import read_feed
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban

PLACEHOLDER = "가려진 글입니다"
VEILED_BODY = "검토가 끝날 때까지 가려 둔 글입니다."


@pytest.fixture
def writer(make_member):
    """A member with an id, a name and an address that would be easy to find."""
    return make_member("writer_zq81", email="writer.zq81@example.com", pk=987654321)


@pytest.fixture
def troll(make_member):
    member = make_member("troll_x7", email="troll.x7@example.com")
    ban_author(
        actor=None,
        author_ref=author_ref_for(member.pk),
        board=None,
        kind=Ban.Kind.SILENT,
        reason="도배",
        days=None,
    )
    return member


@pytest.fixture
def board_of_every_status(board, make_post, writer, troll):
    """One post of each status, and one blinded by reports, on the board."""
    make_post(board, title="보이는 글", author=writer)
    make_post(board, title="몰래 쓴 글", author=troll, status=Post.Status.SHADOWED)
    make_post(board, title="검토 대기 글", author=writer, status=Post.Status.HELD)
    hidden = make_post(board, title="숨긴 글", author=writer)
    set_post_status(post=hidden, status=Post.Status.HIDDEN)
    delete_post(post=make_post(board, title="지운 글", author=writer))
    blinded = make_post(board, title="신고 받은 제목", body="<p>신고 받은 본문</p>", author=writer)
    Post.objects.filter(pk=blinded.pk).update(blinded=True)
    return board


def test_only_what_guests_see_is_in_the_feed(board_of_every_status, read):
    feed = read("/feeds/square.atom")
    assert feed.titles() == [PLACEHOLDER, "보이는 글"]
    for gone in ("몰래 쓴 글", "검토 대기 글", "숨긴 글", "지운 글"):
        assert gone.encode() not in feed.response.content


def test_a_blinded_post_shows_the_pages_placeholders(board_of_every_status, read, client):
    feed = read("/feeds/square.atom")
    entry = feed.parsed.entries[0]
    assert entry.title == PLACEHOLDER
    assert feed.contents()[0] == f"<p>{VEILED_BODY}</p>"
    for said in ("신고 받은 제목", "신고 받은 본문"):
        assert said.encode() not in feed.response.content
    page = client.get("/square/6").content.decode()  # the post page says the same
    assert PLACEHOLDER in page and VEILED_BODY in page


def test_a_silently_banned_writer_does_not_see_their_post_in_the_feed(
    board_of_every_status, troll, read
):
    member = Client()
    member.force_login(troll)
    assert "몰래 쓴 글" in member.get("/square/").content.decode()  # their list shows it
    theirs = read_feed(member, "/feeds/square.atom")
    assert theirs.titles() == [PLACEHOLDER, "보이는 글"]
    assert theirs.response.content == read("/feeds/square.atom").response.content


def test_a_feed_reads_no_session_and_sets_no_cookie(board_of_every_status, writer):
    member = Client()
    member.force_login(writer)
    response = member.get("/feeds/square.atom")
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")  # the session was never opened
    assert not response.cookies
    assert PLACEHOLDER in response.content.decode()  # not the writer's own view of it


def test_no_member_id_name_address_or_reference_is_in_any_feed(
    board_of_every_status, writer, troll, make_comment, read
):
    post = Post.objects.get(title="보이는 글")
    make_comment(post, author=troll)
    for _ in range(3):
        make_comment(post, author=writer)
    refresh_hot_scores()
    board_feed = read("/feeds/square.atom")
    hot_feed = read("/feeds/hot.atom")
    assert hot_feed.titles() == ["보이는 글"]
    for document in (board_feed.response.content, hot_feed.response.content):
        for member in (writer, troll):
            assert member.username.encode() not in document
            assert member.email_address.encode() not in document
            assert author_ref_for(member.pk).encode() not in document
        assert b"987654321" not in document
    authors = {entry.author for entry in [*board_feed.parsed.entries, *hot_feed.parsed.entries]}
    assert authors == {"익명의 마당발"}


@pytest.mark.parametrize("access", [Access.MEMBERS, Access.SEASONED, Access.STAFF])
def test_a_board_guests_may_not_read_has_no_feed(make_board, make_post, member, access):
    closed = make_board("closed", read_access=access)
    make_post(closed, title="회원들끼리")
    for client in (Client(), _logged_in(member)):
        assert client.get("/feeds/closed.atom").status_code == 404
        assert client.get("/feeds/closed.atom?category=c0").status_code == 404
    assert client.get("/feeds/nowhere.atom").status_code == 404  # the same as no board


def test_the_hot_feed_leaves_out_what_guests_may_not_read(
    board, make_board, make_post, make_comment, writer, troll, read
):
    closed = make_board("closed", read_access=Access.MEMBERS)
    for target, title, author in (
        (board, "모두의 인기 글", writer),
        (closed, "회원 게시판의 인기 글", writer),
        (board, "차단된 회원의 인기 글", troll),
    ):
        post = make_post(target, title=title, author=author)
        if author == troll:
            set_post_status(post=post, status=Post.Status.SHADOWED)
        Post.objects.filter(pk=post.pk).update(comment_count=5)
    refresh_hot_scores()
    assert read("/feeds/hot.atom").titles() == ["모두의 인기 글"]


def _logged_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client
