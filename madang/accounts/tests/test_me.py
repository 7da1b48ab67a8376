from __future__ import annotations

import json

import pytest
from django.test import Client

from madang.accounts.models import Member, MemberSession
from madang.boards.actions import set_post_status
from madang.boards.models import Post
from madang.comments.models import Comment

PASSWORD = "a quiet yard in autumn"


@pytest.fixture
def writer(make_member):
    member = make_member("writer_one")
    member.set_password(PASSWORD)
    member.set_email("writer@example.com")
    member.save()
    return member


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


def test_me_pages_need_a_login(client, db):
    for url in (
        "/me/",
        "/me/posts/",
        "/me/comments/",
        "/me/settings/",
        "/me/export.json",
        "/me/delete/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_my_posts_and_comments_are_mine_only(
    writer_client, writer, make_member, board, make_post, make_comment
):
    other = make_member()
    mine = make_post(board, title="내가 쓴 글", author=writer)
    make_post(board, title="남이 쓴 글", author=other)
    hidden = make_post(board, title="숨겨진 내 글", author=writer)
    set_post_status(post=hidden, status=Post.Status.HIDDEN)
    make_comment(mine, body="내 댓글", author=writer)
    make_comment(mine, body="남의 댓글", author=other)
    posts = writer_client.get("/me/posts/").content.decode()
    assert "내가 쓴 글" in posts and "숨겨진 내 글" in posts
    assert "남이 쓴 글" not in posts
    comments = writer_client.get("/me/comments/").content.decode()
    assert "내 댓글" in comments and "남의 댓글" not in comments


def test_changing_the_email_updates_the_blind_index(writer_client, writer):
    response = writer_client.post("/me/settings/", {"form": "email", "email": "New@Example.com"})
    assert response.status_code == 302
    writer.refresh_from_db()
    assert writer.email_address == "new@example.com"
    assert Member.objects.get_by_email("new@example.com") == writer
    assert Member.objects.get_by_email("writer@example.com") is None


def test_email_taken_by_another_member_is_refused(writer_client, make_member):
    other = make_member()
    other.set_email("taken@example.com")
    other.save()
    response = writer_client.post("/me/settings/", {"form": "email", "email": "taken@example.com"})
    assert response.status_code == 400
    assert "다른 계정이 쓰고 있는 이메일입니다." in response.content.decode()


def test_changing_the_password_keeps_this_session(writer_client, writer):
    new = "maple leaves on the roof"
    response = writer_client.post(
        "/me/settings/",
        {"form": "password", "old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert writer_client.get("/me/").status_code == 200


def test_export_holds_my_account_and_writing(writer_client, writer, board, make_post, make_comment):
    post = make_post(board, title="내보낼 글", body="<p>본문</p>", author=writer)
    make_comment(post, body="내보낼 댓글", author=writer)
    response = writer_client.get("/me/export.json")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["member"]["username"] == "writer_one"
    assert data["member"]["email"] == "writer@example.com"
    assert [p["title"] for p in data["posts"]] == ["내보낼 글"]
    assert data["posts"][0]["body"] == "<p>본문</p>"
    assert [c["body"] for c in data["comments"]] == ["내보낼 댓글"]


def test_deleting_the_account_keeps_the_writing_and_ends_every_session(
    writer_client, writer, board, make_post, make_comment
):
    post = make_post(board, title="남을 글", author=writer)
    make_comment(post, body="남을 댓글", author=writer)
    other_device = Client()
    other_device.force_login(writer)
    wrong = writer_client.post("/me/delete/", {"password": "wrong"})
    assert wrong.status_code == 400
    assert "비밀번호가 맞지 않습니다." in wrong.content.decode()
    response = writer_client.post("/me/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not Member.objects.filter(pk=writer.pk).exists()
    assert not MemberSession.objects.filter(member_id=writer.pk).exists()
    assert other_device.get("/me/").status_code == 302
    assert Post.objects.get(pk=post.pk).title == "남을 글"
    assert Comment.objects.filter(post=post).count() == 1
    page = Client().get(post.get_absolute_url()).content.decode()
    assert "남을 댓글" in page


def test_member_ids_are_never_reused(make_member):
    first = make_member()
    first_id = first.pk
    first.delete()
    assert make_member().pk > first_id
