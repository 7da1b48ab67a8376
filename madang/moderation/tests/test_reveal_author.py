from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, IntegrityError, connection, transaction

from madang.moderation.actions import ReasonRequired, reveal_author
from madang.moderation.models import AppendOnlyError, AuditEvent


@pytest.fixture
def admin(make_member):
    return make_member("site_admin", is_staff=True, is_superuser=True)


def test_reveal_finds_the_author_after_writing_the_record(admin, board, make_post, make_member):
    writer = make_member("the_writer")
    post = make_post(board, author=writer)
    assert reveal_author(actor=admin, target=post, reason="신고 3번") == writer
    event = AuditEvent.objects.get()
    assert (event.actor_name, event.action, event.target_type, event.target_id) == (
        "site_admin",
        "reveal_author",
        "post",
        post.pk,
    )
    assert event.reason == "신고 3번"


def test_reveal_of_a_comment(admin, board, make_post, make_comment, make_member):
    writer = make_member()
    comment = make_comment(make_post(board), author=writer)
    assert reveal_author(actor=admin, target=comment, reason="확인") == writer
    assert AuditEvent.objects.get().target_type == "comment"


def test_no_reveal_without_a_reason(admin, board, make_post):
    with pytest.raises(ReasonRequired):
        reveal_author(actor=admin, target=make_post(board), reason="   ")
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("role", ["member", "staff"])
def test_only_site_admins_reveal(make_member, board, make_post, role):
    actor = make_member(is_staff=role == "staff")
    with pytest.raises(PermissionDenied):
        reveal_author(actor=actor, target=make_post(board), reason="궁금해서")
    assert not AuditEvent.objects.exists()


def test_the_record_stays_even_when_the_author_is_gone(admin, board, make_post, make_member):
    writer = make_member()
    post = make_post(board, author=writer)
    writer.delete()
    assert reveal_author(actor=admin, target=post, reason="탈퇴 회원 확인") is None
    assert AuditEvent.objects.count() == 1


def test_reveal_page_asks_for_a_reason_first(client, admin, board, make_post, make_member):
    writer = make_member("the_writer")
    post = make_post(board, author=writer)
    client.force_login(admin)
    page = client.get(f"/mod/reveal/post/{post.pk}/").content.decode()
    assert "the_writer" not in page
    assert "사유" in page
    empty = client.post(f"/mod/reveal/post/{post.pk}/", {"reason": ""})
    assert "the_writer" not in empty.content.decode()
    shown = client.post(f"/mod/reveal/post/{post.pk}/", {"reason": "신고 7번"})
    assert "the_writer" in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"
    assert "신고 7번" in client.get("/mod/audit/").content.decode()


def test_reveal_page_is_closed_to_others(client, make_member, board, make_post):
    post = make_post(board)
    client.force_login(make_member(is_staff=True))
    assert client.get(f"/mod/reveal/post/{post.pk}/").status_code == 403
    assert client.get("/mod/reveal/other/1/").status_code == 403
    client.logout()
    assert client.get(f"/mod/reveal/post/{post.pk}/").status_code == 302


def test_the_application_cannot_change_or_remove_audit_records(admin, board, make_post):
    reveal_author(actor=admin, target=make_post(board), reason="기록")
    event = AuditEvent.objects.get()
    event.reason = "고친 사유"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="고친 사유")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["reason"])
    assert AuditEvent.objects.get().reason == "기록"


def test_the_database_refuses_to_change_audit_records(admin, board, make_post):
    reveal_author(actor=admin, target=make_post(board), reason="기록")
    with (
        pytest.raises((DatabaseError, IntegrityError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE moderation_auditevent SET reason = 'x'")
    assert AuditEvent.objects.get().reason == "기록"


@pytest.mark.postgres
def test_postgres_refuses_to_delete_audit_records(admin, board, make_post):
    reveal_author(actor=admin, target=make_post(board), reason="기록")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM moderation_auditevent")
    assert AuditEvent.objects.count() == 1


def test_admin_shows_audit_records_read_only(client, admin, board, make_post):
    reveal_author(actor=admin, target=make_post(board), reason="기록")
    client.force_login(admin)
    event = AuditEvent.objects.get()
    assert client.get("/admin/moderation/auditevent/").status_code == 200
    page = client.get(f"/admin/moderation/auditevent/{event.pk}/change/")
    assert page.status_code == 200
    assert 'name="reason"' not in page.content.decode()
    assert (
        client.post(f"/admin/moderation/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
