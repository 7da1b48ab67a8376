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


def test_export_holds_everything_madang_keeps_about_me(
    writer_client,
    writer,
    board,
    make_post,
    make_member,
    notice_kind,
    django_capture_on_commit_callbacks,
):
    """docs/privacy.md: scraps, votes, notice reads, reading filters, drafts, uploads'
    names, notifications and access tokens, beside the account and the writing; and
    nobody else's."""
    from madang.api.tokens import make_token
    from madang.boards import actions
    from madang.boards.drafts import save_draft
    from madang.boards.notices import mark_notices_read
    from madang.boards.preferences import save_preferences
    from madang.boards.scraps import toggle_scrap
    from madang.boards.votes import UP, cast_vote
    from madang.writing import submit

    someone = make_member("someone_else")
    theirs = make_post(board, title="남의 글", author=someone)
    mine = make_post(board, title="내 글", author=writer)
    toggle_scrap(member=writer, post=theirs)
    cast_vote(member=writer, post=theirs, value=UP)
    actions.pin_notice(post=theirs, kind=notice_kind, board=board)
    mark_notices_read(member=writer, notices=list(board.notices.all()))
    save_preferences(
        member=writer, excluded_categories=[board.categories.get(slug="c2")], muted_words="광고"
    )
    save_draft(
        member=writer,
        board=board,
        post=None,
        title="쓰다 만 글",
        body="<p>초안</p>",
        category=None,
        source_url="",
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit.write_comment(member=someone, post=mine, body="댓글 답니다")
    make_token(member=writer, name="내 앱", scope="read", days=None)
    toggle_scrap(member=someone, post=mine)  # someone else's reading: not mine to export

    data = json.loads(writer_client.get("/me/export.json").content)
    assert [scrap["title"] for scrap in data["scraps"]] == ["남의 글"]
    assert data["votes"] == [{"post_url": theirs.get_absolute_url(), "vote": "up"}]
    assert data["notices_read"] == [theirs.get_absolute_url()]
    assert data["reading_filters"] == {"hidden_categories": ["square/c2"], "muted_words": ["광고"]}
    assert [draft["title"] for draft in data["drafts"]] == ["쓰다 만 글"]
    [notification] = data["notifications"]
    assert (notification["kind"], notification["post_url"]) == ("comment", mine.get_absolute_url())
    assert [(token["name"], token["scope"]) for token in data["api_tokens"]] == [("내 앱", "read")]
    raw = json.dumps(data, ensure_ascii=False)
    assert "someone_else" not in raw and "digest" not in raw


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
