"""Per board: who may read, who may write posts, who may comment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from madang.boards.models import Access, Post
from madang.comments.models import Comment


def text(response) -> str:
    return BeautifulSoup(response.content.decode(), "html.parser").get_text(" ", strip=True)


@pytest.fixture
def notices(make_board, make_post, make_member):
    """A read-only notice board: staff write, members comment."""
    board = make_board("notice", name="공지사항", post_access=Access.STAFF)
    make_post(board, title="운영 공지", author=make_member("staffer", is_staff=True))
    return board


def test_members_cannot_write_in_the_notice_board(client, notices, member):
    client.force_login(member)
    page = client.get("/notice/write")
    assert page.status_code == 403
    assert "이 게시판에는 운영진만 글을 쓸 수 있습니다." in text(page)
    response = client.post("/notice/write", {"title": "몰래 공지", "body": "<div>본문</div>"})
    assert response.status_code == 403
    assert not Post.objects.filter(title="몰래 공지").exists()
    listing = BeautifulSoup(client.get("/notice/").content.decode(), "html.parser")
    assert "글쓰기" not in [a.get_text() for a in listing.select(".list-title-row a")]
    assert listing.select(".header-write") == []  # nor the header's, on phones


def test_staff_write_in_the_notice_board(client, notices, make_member):
    client.force_login(make_member("editor", is_staff=True))
    response = client.post("/notice/write", {"title": "새 공지", "body": "<div>본문</div>"})
    assert response.status_code == 302
    assert Post.objects.filter(title="새 공지", board=notices).exists()


def test_members_comment_on_notices(client, notices, member):
    client.force_login(member)
    assert client.post("/notice/1/comments", {"body": "확인했습니다"}).status_code == 302
    assert Comment.objects.filter(body="확인했습니다").exists()


def test_comments_only_from_members_older_than_the_boards_days(
    client, make_board, make_post, make_member
):
    board = make_board("calm", comment_access=Access.SEASONED)
    board.seasoned_days = 7
    board.save()
    make_post(board, title="글", author=make_member("poster"))
    newcomer = make_member("newcomer")
    client.force_login(newcomer)
    response = client.post("/calm/1/comments", {"body": "가입한 날 단 댓글"})
    assert response.status_code == 403
    assert "가입한 지 7일이 지난 회원만" in text(response)
    assert "가입한 날 단 댓글" in response.content.decode()  # the text comes back
    veteran = make_member("veteran", date_joined=timezone.now() - timedelta(days=8))
    client.force_login(veteran)
    assert client.post("/calm/1/comments", {"body": "오래된 회원 댓글"}).status_code == 302


def test_a_members_only_board_is_closed_to_guests(make_board, make_post, make_member):
    board = make_board("inside", name="회원 게시판", read_access=Access.MEMBERS)
    post = make_post(board, title="회원끼리 보는 글", author=make_member("poster"))
    guest = Client()
    for path in ("/inside/", post.get_absolute_url()):
        response = guest.get(path)
        assert response.status_code == 403
        assert "이 게시판은 회원만 읽을 수 있습니다." in text(response)
        assert "회원끼리 보는 글" not in response.content.decode()
    assert "회원 게시판" not in text(guest.get("/"))
    # Nor through the comment fragments.
    assert guest.get(f"{post.get_absolute_url()}/comments?after=0").status_code == 404
    member = Client()
    member.force_login(make_member("insider"))
    assert "회원끼리 보는 글" in text(member.get("/inside/"))
    assert "회원끼리 보는 글" in text(member.get(post.get_absolute_url()))


def test_a_board_can_lock_editing_and_deleting_under_its_comments(
    client, board, make_post, make_comment, make_member
):
    board.edit_lock_comments = 2
    board.save()
    writer = make_member("writer")
    post = make_post(board, title="댓글 많은 글", author=writer)
    for n in range(2):
        make_comment(post, body=f"댓글 {n}", author=make_member())
    client.force_login(writer)
    data = {"title": "바꾼 제목", "body": "<div>바꾼 본문</div>", "category": ""}
    response = client.post(f"{post.get_absolute_url()}/edit", data)
    assert response.status_code == 403
    assert "댓글이 2개 넘게 달린 글은 고치거나 지울 수 없습니다." in text(response)
    client.post(f"{post.get_absolute_url()}/delete")
    post.refresh_from_db()
    assert post.title == "댓글 많은 글"
    assert post.status == Post.Status.PUBLISHED
