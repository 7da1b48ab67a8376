"""The admin changes moderators, banned words and bans only through the audited actions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from madang.moderation.models import AuditEvent, BoardModerator
from madang.moderation.roles import appoint_moderator


@pytest.fixture
def admin(make_member):
    return make_member("site_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


MODERATORS = "/admin/moderation/boardmoderator/"


def test_the_admin_appoints_through_the_action(
    admin_client, board, member, make_post, django_capture_on_commit_callbacks
):
    post = make_post(board)
    own = Client()
    own.force_login(member)
    assert b"mod-panel" not in own.get(post.get_absolute_url()).content  # overlay cached
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{MODERATORS}add/", {"board": board.pk, "member": member.pk})
    assert response.status_code == 302
    assert BoardModerator.objects.filter(board=board, member=member).exists()
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_name, event.target_id) == (
        "appoint_moderator",
        "site_admin",
        member.pk,
    )
    assert b"mod-panel" in own.get(post.get_absolute_url()).content


def test_the_admin_removes_through_the_action(admin_client, admin, board, member):
    moderator = appoint_moderator(actor=admin, board=board, member=member)
    response = admin_client.post(f"{MODERATORS}{moderator.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not BoardModerator.objects.exists()
    assert AuditEvent.objects.filter(action="remove_moderator").count() == 1


def test_the_admin_removes_many_with_a_record_each(admin_client, admin, board, make_member):
    chosen = [
        appoint_moderator(actor=admin, board=board, member=make_member()) for _number in range(3)
    ]
    response = admin_client.post(
        MODERATORS,
        {
            "action": "delete_selected",
            "_selected_action": [moderator.pk for moderator in chosen[:2]],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert list(BoardModerator.objects.all()) == [chosen[2]]
    removed = AuditEvent.objects.filter(action="remove_moderator")
    assert sorted(removed.values_list("target_id", flat=True)) == sorted(
        moderator.member_id for moderator in chosen[:2]
    )


def test_an_appointment_is_made_or_ended_never_edited(admin_client, admin, board, member):
    moderator = appoint_moderator(actor=admin, board=board, member=member)
    page = admin_client.get(f"{MODERATORS}{moderator.pk}/change/").content.decode()
    assert 'name="member"' not in page and 'name="board"' not in page


def test_staff_who_are_not_site_admins_appoint_nobody(client, board, member, make_member):
    staff = make_member("staff", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename__endswith="boardmoderator"))
    client.force_login(staff)
    assert client.get(f"{MODERATORS}add/").status_code == 403
    client.post(f"{MODERATORS}add/", {"board": board.pk, "member": member.pk})
    assert not BoardModerator.objects.exists()
    assert not AuditEvent.objects.exists()
