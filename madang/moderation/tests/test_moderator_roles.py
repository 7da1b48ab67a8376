"""appoint_moderator and remove_moderator: site admins only, audited, in force at once."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.test import Client

from madang.accounts import sealed
from madang.accounts.pseudonym import author_ref_for
from madang.boards import memberpages
from madang.moderation.models import AuditEvent, BoardModerator
from madang.moderation.roles import appoint_moderator, remove_moderator


@pytest.fixture
def admin(make_member):
    return make_member("site_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def post(board, make_post, make_member):
    return make_post(board, title="아무 글", author=make_member("writer"))


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def has_tools(client: Client, url: str) -> bool:
    response = client.get(url)
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return page.select_one(".mod-panel") is not None


def test_a_site_admin_appoints_a_moderator_and_the_log_says_so(admin, board, member):
    appoint_moderator(actor=admin, board=board, member=member)
    assert BoardModerator.objects.filter(board=board, member=member).exists()
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_name, event.target_type, event.target_id) == (
        "appoint_moderator",
        "site_admin",
        "member",
        member.pk,
    )
    assert (event.board_id, event.target_label) == (board.pk, f"{member.username} @ square")


def test_appointing_twice_changes_nothing(admin, board, member):
    first = appoint_moderator(actor=admin, board=board, member=member)
    assert appoint_moderator(actor=admin, board=board, member=member) == first
    assert AuditEvent.objects.count() == 1


def test_a_site_admin_removes_a_moderator_and_the_log_says_so(admin, board, member):
    appoint_moderator(actor=admin, board=board, member=member)
    assert remove_moderator(actor=admin, board=board, member=member)
    assert not BoardModerator.objects.exists()
    event = AuditEvent.objects.get(action="remove_moderator")
    assert (event.target_type, event.target_id, event.board_id) == ("member", member.pk, board.pk)
    assert not remove_moderator(actor=admin, board=board, member=member)
    assert AuditEvent.objects.filter(action="remove_moderator").count() == 1


def test_board_moderators_appoint_and_remove_nobody(admin, board, member, make_member):
    moderator = make_member("square_mod")
    appoint_moderator(actor=admin, board=board, member=moderator)
    with pytest.raises(PermissionDenied):
        appoint_moderator(actor=moderator, board=board, member=member)
    with pytest.raises(PermissionDenied):
        remove_moderator(actor=moderator, board=board, member=moderator)
    assert list(BoardModerator.objects.values_list("member_id", flat=True)) == [moderator.pk]
    assert AuditEvent.objects.count() == 1


def test_a_new_moderator_has_their_tools_on_the_very_next_page(
    admin, board, member, post, django_capture_on_commit_callbacks
):
    client = signed_in(member)
    signed_in(admin).get(post.get_absolute_url())  # warm the shared render
    assert not has_tools(client, post.get_absolute_url())  # their overlay is cached now
    with django_capture_on_commit_callbacks(execute=True):
        appoint_moderator(actor=admin, board=board, member=member)
    assert has_tools(client, post.get_absolute_url())
    assert client.get("/mod/").status_code == 200


def test_an_overlay_read_before_the_appointment_commits_is_dropped_on_commit(
    admin, board, member, post, django_capture_on_commit_callbacks
):
    client = signed_in(member)
    assert not has_tools(client, post.get_absolute_url())
    ref = author_ref_for(member.pk)
    stale = sealed.get("overlay", ref)
    with django_capture_on_commit_callbacks(execute=False) as on_commit:
        appoint_moderator(actor=admin, board=board, member=member)
    # Another request, between the change and its commit, read the member as they were.
    sealed.put("overlay", ref, stale, memberpages.OVERLAY_TTL)
    for callback in on_commit:
        callback()
    assert has_tools(client, post.get_absolute_url())


def test_a_removed_moderator_loses_their_tools_at_once(
    admin, board, member, post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appoint_moderator(actor=admin, board=board, member=member)
    client = signed_in(member)
    assert has_tools(client, post.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        remove_moderator(actor=admin, board=board, member=member)
    response = client.get(post.get_absolute_url())
    assert response["X-Madang-Cache"] in ("member", "member-render")  # the shared page again
    assert not has_tools(client, post.get_absolute_url())
    assert client.get("/mod/").status_code == 403
