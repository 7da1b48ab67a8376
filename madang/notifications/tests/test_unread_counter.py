"""The bell's count is a counter kept with the rows it counts: every write that changes
what a member has not read keeps it, reading it costs one query whatever it says, and
``madang repair_counters`` recounts it from the rows (docs/notifications.md)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from madang.accounts.actions import delete_member
from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Post
from madang.comments.actions import create_comment
from madang.moderation import actions as moderation
from madang.notifications.actions import (
    forget_old_notifications,
    mark_all_read,
    mark_read,
    set_kinds_wanted,
)
from madang.notifications.models import Kind, Notification, UnreadCount
from madang.notifications.queries import unread_count, unread_count_for
from madang.notifications.tests.conftest import notifications_of


def counted(member) -> int:  # type: ignore[no-untyped-def]
    """What the counter holds for the member, read from its rows alone."""
    rows = UnreadCount.objects.filter(recipient_ref=author_ref_for(member.pk))
    return rows.aggregate(total=Sum("unread"))["total"] or 0


def unread_rows(member) -> int:  # type: ignore[no-untyped-def]
    return len([n for n in notifications_of(member) if n.read_at is None])


def test_each_stored_notification_adds_one_to_its_recipients_counter(
    post, writer, commenter, make_member
):
    parent = create_comment(post=post, author=commenter, body="첫 댓글")
    assert counted(writer) == 1
    create_comment(post=post, author=make_member("replier"), body="답글", parent=parent)
    assert (counted(writer), counted(commenter)) == (2, 1)
    create_comment(post=post, author=writer, body="내 글의 내 댓글")  # tells nobody
    assert counted(writer) == 2
    assert UnreadCount.objects.filter(recipient_ref=author_ref_for(writer.pk)).count() == 1


def test_a_moderators_action_adds_one_to_the_writers_counter(post, writer, moderator):
    moderation.hide(actor=moderator, target=post, reason="광고")
    assert counted(writer) == unread_rows(writer) == 1


def test_a_kind_turned_off_stores_nothing_and_counts_nothing(post, writer, commenter):
    set_kinds_wanted(member=writer, wanted=[Kind.REPLY])
    create_comment(post=post, author=commenter, body="댓글")
    assert counted(writer) == 0
    set_kinds_wanted(member=writer, wanted=list(Kind))
    create_comment(post=post, author=commenter, body="다시 켠 뒤의 댓글")
    assert counted(writer) == unread_rows(writer) == 1


def test_marking_some_read_takes_off_what_was_unread(post, writer, commenter):
    for body in ("하나", "둘", "셋"):
        create_comment(post=post, author=commenter, body=body)
    first, second, _third = notifications_of(writer)
    assert mark_read(member=writer, notification_ids=[first.pk, second.pk]) == 2
    assert counted(writer) == 1
    # Read already: marking them again takes nothing off; another member's ids are ignored.
    mark_read(member=writer, notification_ids=[first.pk])
    mark_read(member=commenter, notification_ids=[_third.pk])
    assert counted(writer) == unread_count(writer) == 1


def test_marking_all_read_brings_the_counter_to_zero(post, writer, commenter):
    for body in ("하나", "둘"):
        create_comment(post=post, author=commenter, body=body)
    mark_all_read(member=writer)
    assert counted(writer) == unread_count(writer) == 0
    create_comment(post=post, author=commenter, body="셋")
    assert counted(writer) == 1


def test_forgetting_old_notifications_takes_off_the_unread_ones_that_went(
    post, writer, commenter, make_member, make_post
):
    other = make_member("other")
    others_post = make_post(post.board, title="다른 글", author=other)
    old = [create_comment(post=post, author=commenter, body=f"옛 댓글 {n}") for n in range(3)]
    create_comment(post=others_post, author=commenter, body="남의 옛 댓글")
    create_comment(post=post, author=commenter, body="새 댓글")
    mark_read(member=writer, notification_ids=[notifications_of(writer)[0].pk])  # old, read
    long_ago = timezone.now() - timedelta(days=100)
    Notification.objects.filter(comment__in=old).update(created_at=long_ago)
    Notification.objects.filter(post=others_post).update(created_at=long_ago)
    assert forget_old_notifications() == 4
    assert counted(writer) == unread_rows(writer) == 1
    assert counted(other) == 0


def test_a_member_who_leaves_takes_their_counter_along(post, writer, commenter):
    create_comment(post=post, author=commenter, body="댓글")
    ref = author_ref_for(writer.pk)
    assert counted(writer) == 1
    delete_member(member=writer)
    assert not UnreadCount.objects.filter(recipient_ref=ref).exists()


def test_rotating_the_key_carries_the_counter_and_joins_one_made_under_the_new_key(
    settings, tmp_path, board, make_post, post, writer, commenter
):
    create_comment(post=post, author=commenter, body="회전 전의 댓글")
    key_file = tmp_path / "old_key"
    key_file.write_text(settings.MADANG_PSEUDONYM_KEY)
    settings.MADANG_PSEUDONYM_KEY = "a brand new pseudonym key"
    # Written under the new key before the rotation reached its writer: a counter row
    # under the new reference exists already.
    new_post = make_post(board, title="회전 중에 쓴 글", author=writer)
    create_comment(post=new_post, author=commenter, body="회전 중의 댓글")
    assert unread_count(writer) == 1
    out = io.StringIO()
    call_command("rotate_pseudonym_key", "--old-key-file", str(key_file), stdout=out)
    assert "1 unread counts" in out.getvalue()
    assert unread_count(writer) == counted(writer) == 2
    mark_all_read(member=writer)
    assert unread_count(writer) == 0
    post.refresh_from_db()
    create_comment(post=post, author=commenter, body="회전 뒤의 댓글")
    assert unread_count(writer) == 1


def test_reading_the_count_is_one_query_whatever_it_says(
    post, writer, commenter, django_assert_num_queries
):
    ref = author_ref_for(writer.pk)
    for index in range(30):
        create_comment(post=post, author=commenter, body=f"댓글 {index}")
    with django_assert_num_queries(1) as queries:
        assert unread_count_for(ref) == 30
    assert "notifications_unreadcount" in queries.captured_queries[0]["sql"].lower()
    assert '"notifications_notification"' not in queries.captured_queries[0]["sql"]


def test_the_count_is_the_counters_not_a_count_of_the_rows(post, writer, commenter):
    create_comment(post=post, author=commenter, body="댓글")
    UnreadCount.objects.filter(recipient_ref=author_ref_for(writer.pk)).update(unread=500)
    assert unread_count(writer) == 500


def test_the_count_is_the_sum_of_the_recipients_rows_and_never_below_zero(writer):
    ref = author_ref_for(writer.pk)
    UnreadCount.objects.create(recipient_ref=ref, unread=-3)
    assert unread_count(writer) == 0
    UnreadCount.objects.create(recipient_ref=ref, unread=5)  # as after a rotation
    assert unread_count(writer) == 2


def test_repair_counters_recounts_a_counter_that_drifted(
    post, writer, commenter, make_member, make_post
):
    for body in ("하나", "둘"):
        create_comment(post=post, author=commenter, body=body)
    gone = make_post(post.board, title="지워질 글", author=commenter)
    create_comment(post=gone, author=writer, body="곧 사라질 알림")
    Post.objects.filter(pk=gone.pk).delete()  # as the admin deletes: the rows go by cascade
    assert counted(commenter) == 1  # too high: nothing counted the cascade
    UnreadCount.objects.filter(recipient_ref=author_ref_for(writer.pk)).update(unread=40)
    UnreadCount.objects.create(recipient_ref=author_ref_for(writer.pk), unread=7)
    nobody = make_member("nobody")
    UnreadCount.objects.create(recipient_ref=author_ref_for(nobody.pk), unread=3)
    out = io.StringIO()
    call_command("repair_counters", stdout=out)
    assert (counted(writer), counted(commenter), counted(nobody)) == (2, 0, 0)
    assert UnreadCount.objects.filter(recipient_ref=author_ref_for(writer.pk)).count() == 1
    assert "unread counts" in out.getvalue()


@pytest.mark.postgres
def test_on_postgresql_storing_and_counting_a_notification_is_one_statement(
    post, commenter, writer, django_assert_num_queries
):
    from madang.notifications.notify import notify_of_comment

    create_comment(post=post, author=commenter, body="처음")  # the counter row exists
    comment = create_comment(post=post, author=writer, body="내 댓글")  # tells nobody
    comment.author_ref = author_ref_for(commenter.pk)
    with django_assert_num_queries(1):
        assert notify_of_comment(comment, timezone.now()) == 1
    assert counted(writer) == unread_rows(writer) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_writers_on_one_busy_post_do_not_wait_for_each_other_on_its_writers_count(
    post, writer, commenter
):
    """Everyone commenting on a busy post tells its writer: one counter row locked from
    each notification to its commit would make their transactions wait in turn."""
    import threading

    from django.db import connection, transaction

    from madang.notifications.models import Kind
    from madang.notifications.notify import _tell_first

    first = create_comment(post=post, author=commenter, body="처음")  # the counter row exists
    ref = author_ref_for(writer.pk)
    failures: list[BaseException] = []

    def another_writer() -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '300ms'")
                _tell_first(ref, (Kind.COMMENT,), post.pk, first.pk, timezone.now(), None)
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    with transaction.atomic():
        create_comment(post=post, author=commenter, body="둘째")  # its transaction stays open
        thread = threading.Thread(target=another_writer)
        thread.start()
        thread.join()
    assert failures == []
    assert counted(writer) == unread_rows(writer) == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_kind_turned_off_locks_no_counter_row(post, writer, commenter):
    """Only a stored notification takes a counter row: the row of a member who turned the
    kind off stays free for the writes that do tell them something."""
    import psycopg
    from django.db import connection, transaction

    create_comment(post=post, author=commenter, body="처음")  # the counter row exists
    set_kinds_wanted(member=writer, wanted=[Kind.REPLY])
    with transaction.atomic():
        create_comment(post=post, author=commenter, body="둘째")  # tells nobody
        with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
            other.execute("SET lock_timeout = '200ms'")
            other.execute(
                "UPDATE notifications_unreadcount SET unread = unread WHERE recipient_ref = %s",
                [author_ref_for(writer.pk)],
            )
    assert counted(writer) == unread_rows(writer) == 1
