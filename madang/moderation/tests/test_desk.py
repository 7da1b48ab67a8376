"""The moderators' desk: the queue, one-click and bulk actions, roles."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from madang.boards.models import Notice, NoticeKind, Post
from madang.comments.actions import create_comment
from madang.comments.models import Comment
from madang.moderation.models import AuditEvent, Ban, BoardModerator
from madang.moderation.permissions import can_moderate, check_desk_permission, is_site_admin
from madang.moderation.reports import report


@pytest.fixture
def moderator(make_member, board):
    member = make_member("square_mod")
    BoardModerator.objects.create(board=board, member=member)
    return member


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def act(client, action: str, *targets: str, **extra: object):
    return client.post("/mod/act", {"action": action, "target": list(targets), **extra})


def test_roles_are_plain_functions(board, make_board, moderator, make_member):
    admin = make_member(is_superuser=True)
    other = make_board("other")
    assert is_site_admin(admin) and not is_site_admin(moderator)
    assert can_moderate(admin, other) and can_moderate(moderator, board)
    assert not can_moderate(moderator, other)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        check_desk_permission(make_member())


def test_the_queue_holds_reported_items_with_their_reporters(
    mod_client, board, make_post, make_member
):
    post = make_post(board, title="신고된 글")
    reporter = make_member("alert_reader")
    report(reporter=reporter, target=post, reason="spam", text="광고")
    page = parse(mod_client.get("/mod/"))
    item = page.select_one(f"#q-post-{post.pk}")
    assert "신고된 글" in item.get_text()
    assert "alert_reader" in item.get_text()


def test_hide_and_approve_with_audit(mod_client, board, make_post, make_member):
    post = make_post(board)
    report(reporter=make_member(), target=post, reason="abuse")
    act(mod_client, "hide", f"post:{post.pk}", reason="욕설")
    assert Post.objects.get(pk=post.pk).status == Post.Status.HIDDEN
    event = AuditEvent.objects.get(action="hide")
    assert (event.actor_name, event.reason, event.target_id) == ("square_mod", "욕설", post.pk)
    assert parse(mod_client.get("/mod/")).select(f"#q-post-{post.pk}") == []  # reports resolved


def test_bulk_delete_comments(mod_client, board, make_post, member):
    post = make_post(board)
    comments = [create_comment(post=post, author=member, body=f"도배 {i}") for i in range(3)]
    act(mod_client, "delete", *[f"comment:{c.pk}" for c in comments])
    assert set(Comment.objects.values_list("status", flat=True)) == {"deleted"}
    assert Post.objects.get(pk=post.pk).comment_count == 0
    assert AuditEvent.objects.filter(action="delete").count() == 3


def test_move_lock_and_pin(mod_client, board, make_post, member):
    issue, news, _ = board.categories.all()
    post = make_post(board, category=issue)
    act(mod_client, "move", f"post:{post.pk}", category=news.pk)
    act(mod_client, "lock", f"post:{post.pk}")
    kind = NoticeKind.objects.create(name="공지")
    act(mod_client, "pin", f"post:{post.pk}", notice_kind=kind.pk)
    post.refresh_from_db()
    assert post.category == news and post.comments_locked
    assert Notice.objects.get().post == post
    issue.refresh_from_db()
    news.refresh_from_db()
    assert (issue.post_count, news.post_count) == (0, 1)
    from madang.comments.actions import CommentRefused

    with pytest.raises(CommentRefused):
        create_comment(post=post, author=member, body="잠긴 글에 댓글")


def test_ban_from_a_post_without_knowing_who(mod_client, board, make_post, member):
    post = make_post(board, author=member)
    act(mod_client, "ban", f"post:{post.pk}", ban_kind="silent", ban_days=7, reason="도배")
    ban = Ban.objects.get()
    assert ban.author_ref == post.author_ref and ban.board == board
    assert Post.objects.get(pk=post.pk).status == Post.Status.SHADOWED


def test_a_board_moderator_cannot_act_elsewhere(mod_client, make_board, make_post):
    other = make_board("other")
    post = make_post(other)
    act(mod_client, "hide", f"post:{post.pk}")
    assert Post.objects.get(pk=post.pk).status == Post.Status.PUBLISHED
    assert not AuditEvent.objects.exists()


def test_approve_a_held_post(mod_client, board, make_post):
    from madang.boards.actions import set_post_status

    post = make_post(board)
    set_post_status(post=post, status=Post.Status.HELD)
    act(mod_client, "approve", f"post:{post.pk}")
    assert Post.objects.get(pk=post.pk).status == Post.Status.PUBLISHED


def test_moderators_act_from_the_post_page(mod_client, board, make_post):
    post = make_post(board)
    page = parse(mod_client.get(post.get_absolute_url()))
    assert page.select_one(".mod-panel select[name=action]") is not None
    response = mod_client.post(
        "/mod/act",
        {"action": "lock", "targets": f"post:{post.pk}", "next": post.get_absolute_url()},
    )
    assert response["Location"] == post.get_absolute_url()


def test_bans_page_lifts(mod_client, board, make_post, member):
    post = make_post(board, author=member)
    act(mod_client, "ban", f"post:{post.pk}", ban_kind="visible", reason="욕설")
    ban = Ban.objects.get()
    assert "욕설" in mod_client.get("/mod/bans/").content.decode()
    mod_client.post(f"/mod/bans/{ban.pk}/lift")
    assert Ban.objects.get().lifted_at is not None
