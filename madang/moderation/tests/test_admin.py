"""The admin changes moderators, banned words and bans only through the audited actions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from madang.boards.models import Post
from madang.moderation.bans import ban_author
from madang.moderation.models import AuditEvent, Ban, BannedWord, BoardModerator
from madang.moderation.roles import appoint_moderator
from madang.moderation.words import add_banned_word, check_words


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


WORDS = "/admin/moderation/bannedword/"


def word_form(**fields: object) -> dict[str, object]:
    return {"pattern": "", "exceptions": "", "board": "", "action": "refuse", **fields}


def test_the_admin_adds_changes_and_removes_words_through_the_actions(admin_client, board):
    response = admin_client.post(f"{WORDS}add/", word_form(pattern="도배금지어"))
    assert response.status_code == 302
    assert not check_words(board, ["도배금지어 입니다"]).clean
    word = BannedWord.objects.get()
    response = admin_client.post(
        f"{WORDS}{word.pk}/change/", word_form(pattern="도배금지어", action="hold")
    )
    assert response.status_code == 302
    assert check_words(board, ["도배금지어 입니다"]).hold
    response = admin_client.post(f"{WORDS}{word.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert check_words(board, ["도배금지어 입니다"]).clean
    events = AuditEvent.objects.order_by("id")
    assert [(event.target_label, event.reason_display()) for event in events] == [
        ("+ 도배금지어", "처리: 거절 (쓴 사람에게 알림)"),
        ("~ 도배금지어", "처리: 거절 (쓴 사람에게 알림) → 검토 후 게시"),
        ("- 도배금지어", ""),
    ]


def test_the_admin_removes_many_words_with_a_record_each(admin_client, admin, board):
    words = [add_banned_word(actor=admin, pattern=f"금지어{n}", board=None) for n in range(3)]
    response = admin_client.post(
        WORDS,
        {
            "action": "delete_selected",
            "_selected_action": [word.pk for word in words[:2]],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert list(BannedWord.objects.all()) == [words[2]]
    assert AuditEvent.objects.filter(target_label__startswith="- ").count() == 2


def test_the_admin_refuses_a_broken_regular_expression(admin_client):
    response = admin_client.post(f"{WORDS}add/", word_form(pattern="(", is_regex="on"))
    assert response.status_code == 200
    assert "정규식이 올바르지 않습니다" in response.content.decode()
    assert not BannedWord.objects.exists() and not AuditEvent.objects.exists()


BANS = "/admin/moderation/ban/"


@pytest.fixture
def ban(admin, board, make_post, member):
    post = make_post(board, author=member)
    return ban_author(
        actor=admin,
        author_ref=post.author_ref,
        board=board,
        kind=Ban.Kind.SILENT,
        reason="도배",
        days=None,
    )


def test_bans_are_lifted_in_the_admin_through_the_action(admin_client, ban):
    response = admin_client.post(BANS, {"action": "lift_bans", "_selected_action": [ban.pk]})
    assert response.status_code == 302
    assert Ban.objects.get().lifted_at is not None
    assert Post.objects.get().status == Post.Status.PUBLISHED
    assert AuditEvent.objects.filter(action="lift_ban", target_id=ban.pk).count() == 1


def test_bans_are_neither_added_changed_nor_deleted_in_the_admin(admin_client, ban):
    assert admin_client.get(f"{BANS}add/").status_code == 403
    page = admin_client.get(f"{BANS}{ban.pk}/change/").content.decode()
    assert 'name="reason"' not in page and ban.author_ref not in page
    assert admin_client.post(f"{BANS}{ban.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Ban.objects.get().lifted_at is None
