"""/mod/audit/: site admins read the whole log, board moderators their boards' part of it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from madang.accounts.pseudonym import author_ref_for
from madang.moderation import actions
from madang.moderation.bans import ban_author
from madang.moderation.models import AuditEvent, Ban, BoardModerator


@pytest.fixture
def admin(make_member):
    return make_member("site_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def moderator(make_member, board):
    member = make_member("square_mod")
    BoardModerator.objects.create(board=board, member=member)
    return member


def logged_reasons(client) -> list[str]:
    response = client.get("/mod/audit/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return [row.select("td")[-1].get_text() for row in page.select("table.audit tbody tr")]


@pytest.fixture
def events(admin, board, make_board, make_post, member):
    """One event on the square, one on another board, one site-wide."""
    other = make_board("other")
    actions.hide(actor=admin, target=make_post(board), reason="여기 일")
    actions.hide(actor=admin, target=make_post(other), reason="다른 게시판 일")
    ban_author(
        actor=admin,
        author_ref=author_ref_for(member.pk),
        board=None,
        kind=Ban.Kind.SILENT,
        reason="모든 게시판 일",
        days=None,
    )


def test_every_audit_record_names_the_board_of_its_target(events, board):
    assert dict(AuditEvent.objects.values_list("reason", "board_id")) == {
        "여기 일": board.pk,
        "다른 게시판 일": board.pk + 1,
        "모든 게시판 일": None,
    }


def test_a_board_moderator_reads_only_the_records_of_their_boards(client, events, moderator):
    client.force_login(moderator)
    assert logged_reasons(client) == ["여기 일"]
    desk = BeautifulSoup(client.get("/mod/").content.decode(), "html.parser")
    assert [row.select("td")[-1].get_text() for row in desk.select("table.audit tbody tr")] == [
        "여기 일"
    ]


def test_a_site_admin_reads_every_record(client, events, admin):
    client.force_login(admin)
    assert logged_reasons(client) == ["무통보 · 모든 게시판 일", "다른 게시판 일", "여기 일"]


def test_members_who_moderate_nothing_read_nothing(client, events, member):
    client.force_login(member)
    assert client.get("/mod/audit/").status_code == 403


def test_the_log_costs_the_same_queries_for_a_full_page(
    client, moderator, admin, board, make_post, django_assert_num_queries
):
    post = make_post(board)
    for number in range(60):
        actions.lock_comments(actor=admin, post=post, locked=number % 2 == 0, reason=f"{number}")
    client.force_login(moderator)
    client.get("/mod/audit/")  # the session and the member are cached from here on
    # the moderated boards (for the permission, then for the records), the count, the page,
    # the header bell's unread count
    with django_assert_num_queries(5):
        assert len(logged_reasons(client)) == 50
