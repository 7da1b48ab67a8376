"""/mod/moderators/: site admins appoint and remove board moderators."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from madang.moderation.models import AuditEvent, BoardModerator
from madang.moderation.roles import appoint_moderator


@pytest.fixture
def admin(make_member):
    return make_member("site_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_a_site_admin_appoints_by_username(admin_client, board, make_member):
    chosen = make_member("new_mod")
    response = admin_client.post(
        "/mod/moderators/", {"board": board.pk, "username": "NEW_MOD", "reason": "지원"}
    )
    assert response.status_code == 302
    assert BoardModerator.objects.get().member == chosen
    event = AuditEvent.objects.get()
    assert (event.action, event.reason) == ("appoint_moderator", "지원")
    rows = parse(admin_client.get("/mod/moderators/")).select("table.moderators tbody tr")
    assert [row.select("td")[1].get_text() for row in rows] == ["new_mod"]


def test_a_site_admin_removes_a_moderator(admin_client, admin, board, member):
    moderator = appoint_moderator(actor=admin, board=board, member=member)
    response = admin_client.post(f"/mod/moderators/{moderator.pk}/remove")
    assert response.status_code == 302
    assert not BoardModerator.objects.exists()
    assert AuditEvent.objects.filter(action="remove_moderator").count() == 1


def test_an_unknown_username_is_said_and_the_form_kept(admin_client, board):
    response = admin_client.post(
        "/mod/moderators/", {"board": board.pk, "username": "nobody", "reason": "지원"}
    )
    assert response.status_code == 400
    page = parse(response)
    assert "그런 아이디의 회원이 없습니다." in page.get_text()
    assert page.select_one("#id_username")["value"] == "nobody"
    assert not BoardModerator.objects.exists()


def test_board_moderators_may_not_appoint_or_remove(client, admin, board, member, make_member):
    moderator = appoint_moderator(actor=admin, board=board, member=make_member("square_mod"))
    client.force_login(moderator.member)
    assert client.get("/mod/moderators/").status_code == 403
    response = client.post("/mod/moderators/", {"board": board.pk, "username": member.username})
    assert response.status_code == 403
    assert client.post(f"/mod/moderators/{moderator.pk}/remove").status_code == 403
    assert BoardModerator.objects.count() == 1
    assert "/mod/moderators/" not in client.get("/mod/").content.decode()


def test_the_desk_links_the_page_for_site_admins(admin_client):
    assert parse(admin_client.get("/mod/")).select_one("a[href='/mod/moderators/']") is not None


def test_the_list_costs_the_same_queries_for_many_moderators(
    admin_client, admin, make_board, make_member, django_assert_num_queries
):
    for number in range(12):
        appoint_moderator(actor=admin, board=make_board(), member=make_member(f"mod{number}"))
    admin_client.get("/mod/moderators/")  # the session and the member are cached from here on
    # the moderators with their boards and members, the boards for the form, the header
    # bell's unread count
    with django_assert_num_queries(3):
        rows = parse(admin_client.get("/mod/moderators/")).select("table.moderators tbody tr")
    assert len(rows) == 12
