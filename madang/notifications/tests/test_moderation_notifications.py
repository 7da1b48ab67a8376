"""A moderator's action on a post or a comment tells its writer, and names no moderator."""

from __future__ import annotations

import pytest

from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Post
from madang.comments.actions import create_comment
from madang.moderation import actions as moderation
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban
from madang.notifications.actions import set_kinds_wanted
from madang.notifications.models import Kind, Notification
from madang.notifications.tests.conftest import notifications_of


@pytest.mark.parametrize(
    ("act", "action"),
    [
        (lambda mod, post: moderation.approve(actor=mod, target=post), "approve"),
        (lambda mod, post: moderation.blind(actor=mod, target=post, reason="욕설"), "blind"),
        (lambda mod, post: moderation.hide(actor=mod, target=post, reason="광고"), "hide"),
        (lambda mod, post: moderation.remove(actor=mod, target=post, reason="불법"), "delete"),
        (
            lambda mod, post: moderation.move_category(
                actor=mod, post=post, category=post.board.categories.get(slug="c2")
            ),
            "move",
        ),
        (
            lambda mod, post: moderation.lock_comments(actor=mod, post=post, locked=True),
            "lock_comments",
        ),
        (
            lambda mod, post: moderation.lock_comments(actor=mod, post=post, locked=False),
            "unlock_comments",
        ),
    ],
)
def test_an_action_on_a_post_tells_its_writer(post, writer, moderator, act, action):
    act(moderator, post)
    [note] = notifications_of(writer)
    assert (note.kind, note.action, note.post_id, note.comment_id) == (
        Kind.MODERATION,
        action,
        post.pk,
        None,
    )
    assert notifications_of(moderator) == []


def test_pinning_a_post_as_a_notice_tells_its_writer(post, writer, moderator, notice_kind):
    moderation.pin(actor=moderator, post=post, kind=notice_kind, site_wide=False)
    assert [(n.kind, n.action) for n in notifications_of(writer)] == [(Kind.MODERATION, "pin")]


@pytest.mark.parametrize(
    ("verb", "action"),
    [("blind", "blind"), ("hide", "hide"), ("remove", "delete"), ("approve", "approve")],
)
def test_an_action_on_a_comment_tells_its_writer(post, writer, commenter, moderator, verb, action):
    comment = create_comment(post=post, author=commenter, body="문제의 댓글")
    getattr(moderation, verb)(actor=moderator, target=comment)
    [note] = notifications_of(commenter)
    assert (note.kind, note.action, note.post_id, note.comment_id) == (
        Kind.MODERATION,
        action,
        post.pk,
        comment.pk,
    )
    assert [n.kind for n in notifications_of(writer)] == [Kind.COMMENT]  # the comment, no more


def test_a_moderator_acting_on_their_own_writing_is_told_nothing(board, make_post, moderator):
    own = make_post(board, title="관리자의 글", author=moderator)
    moderation.hide(actor=moderator, target=own, reason="스스로")
    assert Notification.objects.count() == 0


def test_a_ban_tells_nobody(post, writer, moderator):
    ban_author(
        actor=moderator,
        author_ref=post.author_ref,
        board=post.board,
        kind=Ban.Kind.SILENT,
        reason="도배",
        days=None,
    )
    assert Post.objects.get(pk=post.pk).status == Post.Status.SHADOWED
    assert Notification.objects.count() == 0


def test_a_reveal_tells_nobody(post, make_member):
    admin = make_member("site_admin", is_staff=True, is_superuser=True)
    assert moderation.reveal_author(actor=admin, target=post, reason="법원 요청") is not None
    assert Notification.objects.count() == 0


def test_the_notification_names_neither_the_moderator_nor_their_reason(post, writer, moderator):
    moderation.hide(actor=moderator, target=post, reason="비밀스러운 사유")
    [row] = Notification.objects.values()
    values = {str(value) for value in row.values()}
    assert author_ref_for(moderator.pk) not in values
    assert not {moderator.username, "비밀스러운 사유"} & values


def test_an_action_the_writer_turned_off_tells_them_nothing(post, writer, moderator):
    set_kinds_wanted(member=writer, wanted=[Kind.COMMENT, Kind.REPLY])
    moderation.hide(actor=moderator, target=post, reason="광고")
    assert notifications_of(writer) == []
