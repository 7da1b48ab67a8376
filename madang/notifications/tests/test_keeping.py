"""How long notifications are kept, and what carries them along: 90 days, a member who
leaves, a rotated pseudonym key."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from madang.accounts.actions import delete_member
from madang.accounts.pseudonym import author_ref_for
from madang.comments.actions import create_comment
from madang.core import scheduler
from madang.notifications.actions import forget_old_notifications, set_kinds_wanted
from madang.notifications.models import Kind, Notification, TurnedOff
from madang.notifications.queries import kinds_wanted, unread_count
from madang.notifications.tests.conftest import client_of, notifications_of


def test_notifications_older_than_ninety_days_are_forgotten(post, writer, commenter):
    old = create_comment(post=post, author=commenter, body="오래된 댓글")
    recent = create_comment(post=post, author=commenter, body="새 댓글")
    Notification.objects.filter(comment=old).update(created_at=timezone.now() - timedelta(days=91))
    Notification.objects.filter(comment=recent).update(
        created_at=timezone.now() - timedelta(days=89)
    )
    assert forget_old_notifications() == 1
    assert [n.comment_id for n in notifications_of(writer)] == [recent.pk]


def test_the_forgetting_is_a_periodic_job():
    jobs = {job.name: job for job in scheduler.default_jobs()}
    job = jobs["forget-old-notifications"]
    assert job.run is forget_old_notifications
    assert job.every <= timedelta(days=1)


def test_forgetting_an_unread_one_empties_the_bell_on_the_next_shared_page(
    post, writer, commenter, make_member
):
    create_comment(post=post, author=commenter, body="오래된 댓글")
    other = make_member("other")
    client_of(other).get("/square/")  # the shared render exists
    client = client_of(writer)
    client.get("/square/")  # their overlay is cached with one unread
    Notification.objects.update(created_at=timezone.now() - timedelta(days=100))
    forget_old_notifications()
    assert 'aria-label="알림"'.encode() in client.get("/square/").content


def test_a_member_who_leaves_takes_their_notifications_and_settings(post, writer, commenter):
    create_comment(post=post, author=commenter, body="댓글")
    set_kinds_wanted(member=writer, wanted=[])
    ref = author_ref_for(writer.pk)
    delete_member(member=writer)
    assert not Notification.objects.filter(recipient_ref=ref).exists()
    assert not TurnedOff.objects.filter(recipient_ref=ref).exists()


def test_rotating_the_pseudonym_key_carries_notifications_and_settings_along(
    settings, tmp_path, post, writer, commenter
):
    create_comment(post=post, author=commenter, body="회전 전의 댓글")
    set_kinds_wanted(member=writer, wanted=[Kind.COMMENT])
    key_file = tmp_path / "old_key"
    key_file.write_text(settings.MADANG_PSEUDONYM_KEY)
    settings.MADANG_PSEUDONYM_KEY = "a brand new pseudonym key"
    assert unread_count(writer) == 0  # until the rotation reaches them
    out = io.StringIO()
    call_command("rotate_pseudonym_key", "--old-key-file", str(key_file), stdout=out)
    assert "1 notifications" in out.getvalue()
    assert "2 notification settings" in out.getvalue()
    assert unread_count(writer) == 1
    assert kinds_wanted(writer) == {Kind.COMMENT}
    assert notifications_of(writer)[0].recipient_ref == author_ref_for(writer.pk)
    # The post moved with them: a new comment reaches them under the new key.
    post.refresh_from_db()
    create_comment(post=post, author=commenter, body="회전 뒤의 댓글")
    assert unread_count(writer) == 2


def test_a_setting_made_under_the_new_key_before_the_rotation_does_not_stop_it(
    settings, tmp_path, writer
):
    set_kinds_wanted(member=writer, wanted=[Kind.COMMENT, Kind.REPLY])
    key_file = tmp_path / "old_key"
    key_file.write_text(settings.MADANG_PSEUDONYM_KEY)
    settings.MADANG_PSEUDONYM_KEY = "a brand new pseudonym key"
    set_kinds_wanted(member=writer, wanted=[Kind.COMMENT, Kind.REPLY])
    call_command("rotate_pseudonym_key", "--old-key-file", str(key_file), stdout=io.StringIO())
    assert kinds_wanted(writer) == {Kind.COMMENT, Kind.REPLY}
    set_kinds_wanted(member=writer, wanted=list(Kind))
    assert not TurnedOff.objects.exists()
