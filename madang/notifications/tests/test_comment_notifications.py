"""A published comment tells the post's writer; a reply tells the writer it replies to."""

from __future__ import annotations

import pytest
from django.db import transaction

from madang.accounts.pseudonym import author_ref_for
from madang.comments.actions import CommentRefused, create_comment
from madang.comments.models import Comment
from madang.moderation import actions as moderation
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban
from madang.notifications.actions import set_kinds_wanted
from madang.notifications.models import Kind, Notification
from madang.notifications.signals import notified
from madang.notifications.tests.conftest import client_of, notifications_of


def test_a_comment_tells_the_posts_writer(post, writer, commenter):
    comment = create_comment(post=post, author=commenter, body="좋은 글이네요")
    [note] = notifications_of(writer)
    assert (note.kind, note.post_id, note.comment_id, note.action) == (
        Kind.COMMENT,
        post.pk,
        comment.pk,
        "",
    )
    assert note.read_at is None
    assert notifications_of(commenter) == []


def test_the_writer_commenting_on_their_own_post_is_told_nothing(post, writer):
    create_comment(post=post, author=writer, body="덧붙입니다")
    assert Notification.objects.count() == 0


def test_a_reply_tells_the_comments_writer_and_the_posts_writer(
    post, writer, commenter, make_member
):
    parent = create_comment(post=post, author=commenter, body="첫 댓글")
    replier = make_member("replier")
    reply = create_comment(post=post, author=replier, body="답글", parent=parent)
    assert [(n.kind, n.comment_id) for n in notifications_of(commenter)] == [(Kind.REPLY, reply.pk)]
    assert [(n.kind, n.comment_id) for n in notifications_of(writer)] == [
        (Kind.COMMENT, parent.pk),
        (Kind.COMMENT, reply.pk),
    ]
    assert notifications_of(replier) == []


def test_a_reply_to_the_posts_writer_tells_them_once(post, writer, commenter):
    parent = create_comment(post=post, author=writer, body="글쓴이의 댓글")
    reply = create_comment(post=post, author=commenter, body="답글", parent=parent)
    assert [(n.kind, n.comment_id) for n in notifications_of(writer)] == [(Kind.REPLY, reply.pk)]


def test_the_posts_writer_with_replies_off_hears_of_the_new_comment_instead(
    post, writer, commenter
):
    set_kinds_wanted(member=writer, wanted=[Kind.COMMENT, Kind.MODERATION])
    parent = create_comment(post=post, author=writer, body="글쓴이의 댓글")
    reply = create_comment(post=post, author=commenter, body="답글", parent=parent)
    assert [(n.kind, n.comment_id) for n in notifications_of(writer)] == [(Kind.COMMENT, reply.pk)]


def test_the_posts_writer_replying_tells_only_the_comments_writer(post, writer, commenter):
    parent = create_comment(post=post, author=commenter, body="댓글")
    reply = create_comment(post=post, author=writer, body="글쓴이의 답글", parent=parent)
    assert [(n.kind, n.comment_id) for n in notifications_of(commenter)] == [(Kind.REPLY, reply.pk)]
    assert [n.comment_id for n in notifications_of(writer)] == [parent.pk]


def test_replying_to_oneself_tells_only_the_posts_writer(post, writer, commenter):
    parent = create_comment(post=post, author=commenter, body="댓글")
    reply = create_comment(post=post, author=commenter, body="내가 덧붙임", parent=parent)
    assert [n.comment_id for n in notifications_of(commenter)] == []
    assert [n.comment_id for n in notifications_of(writer)] == [parent.pk, reply.pk]


def test_a_silently_banned_writers_comments_tell_nobody(post, writer, commenter, board):
    parent = create_comment(post=post, author=writer, body="글쓴이의 댓글")
    ban_author(
        actor=None,
        author_ref=author_ref_for(commenter.pk),
        board=None,
        kind=Ban.Kind.SILENT,
        reason="도배",
        days=None,
    )
    create_comment(post=post, author=commenter, body="아무도 못 봄", status=Comment.Status.SHADOWED)
    create_comment(
        post=post,
        author=commenter,
        body="답글도 못 봄",
        parent=parent,
        status=Comment.Status.SHADOWED,
    )
    assert Notification.objects.count() == 0


def test_a_silently_banned_writers_comment_written_through_the_gate_tells_nobody(post, commenter):
    ban_author(
        actor=None,
        author_ref=author_ref_for(commenter.pk),
        board=None,
        kind=Ban.Kind.SILENT,
        reason="도배",
        days=None,
    )
    response = client_of(commenter).post(post.get_absolute_url() + "/comments", {"body": "몰래"})
    assert response.status_code == 302
    assert Comment.objects.get(body="몰래").status == Comment.Status.SHADOWED
    assert Notification.objects.count() == 0


def test_a_held_reply_tells_its_writers_when_a_moderator_approves_it(
    post, writer, commenter, moderator
):
    parent = create_comment(post=post, author=commenter, body="댓글")
    held = create_comment(
        post=post, author=moderator, body="검토 중", parent=parent, status=Comment.Status.HELD
    )
    assert [n.comment_id for n in notifications_of(writer)] == [parent.pk]
    assert notifications_of(commenter) == []
    moderation.approve(actor=moderator, target=held)
    assert [(n.kind, n.comment_id) for n in notifications_of(writer)] == [
        (Kind.COMMENT, parent.pk),
        (Kind.COMMENT, held.pk),
    ]
    assert [(n.kind, n.comment_id) for n in notifications_of(commenter)] == [(Kind.REPLY, held.pk)]
    assert notifications_of(moderator) == []  # approving their own comment tells them nothing


def test_a_held_comment_by_another_member_approved_tells_them_and_the_posts_writer(
    post, writer, commenter, moderator
):
    held = create_comment(post=post, author=commenter, body="검토 중", status=Comment.Status.HELD)
    assert Notification.objects.count() == 0
    moderation.approve(actor=moderator, target=held)
    assert [(n.kind, n.comment_id) for n in notifications_of(writer)] == [(Kind.COMMENT, held.pk)]
    assert [(n.kind, n.action) for n in notifications_of(commenter)] == [
        (Kind.MODERATION, "approve")
    ]


def test_approving_a_published_comment_again_tells_no_one_of_a_new_comment(
    post, writer, commenter, moderator
):
    comment = create_comment(post=post, author=commenter, body="신고로 가려짐")
    moderation.blind(actor=moderator, target=comment)
    moderation.approve(actor=moderator, target=comment)
    assert [n.kind for n in notifications_of(writer)] == [Kind.COMMENT]


def test_a_refused_comment_leaves_no_notification(post, commenter, moderator):
    moderation.lock_comments(actor=moderator, post=post, locked=True)
    before = Notification.objects.count()
    with pytest.raises(CommentRefused), transaction.atomic():  # as the gate's transaction
        create_comment(post=post, author=commenter, body="잠긴 글에")
    assert Notification.objects.count() == before


def test_the_notified_signal_names_the_recipient_after_the_commit(
    post, writer, commenter, django_capture_on_commit_callbacks
):
    heard: list[str] = []

    def listen(recipient_ref: str, **kwargs: object) -> None:
        heard.append(recipient_ref)

    notified.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            create_comment(post=post, author=commenter, body="들리나요")
        assert heard == []  # not before the commit
        for callback in callbacks:
            callback()
    finally:
        notified.disconnect(listen)
    assert heard == [author_ref_for(writer.pk)]
