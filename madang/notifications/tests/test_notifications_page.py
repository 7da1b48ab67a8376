"""/me/notifications/: newest first, read state, opening one, 모두 읽음, numbered pages."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from madang.comments.actions import create_comment
from madang.moderation import actions as moderation
from madang.notifications.models import Notification
from madang.notifications.tests.conftest import client_of, notifications_of


def parse(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def lines(client: Client, path: str = "/me/notifications/") -> list:
    return parse(client.get(path)).select("ul.notifications li.notification")


def test_guests_are_sent_to_log_in():
    response = Client().get("/me/notifications/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_list_says_what_happened_newest_first(post, writer, commenter, moderator, make_member):
    parent = create_comment(post=post, author=writer, body="글쓴이가 먼저 답니다")
    create_comment(post=post, author=commenter, body="첫 번째 손님의 댓글입니다")
    create_comment(post=post, author=make_member("replier"), body="답글입니다", parent=parent)
    moderation.blind(actor=moderator, target=post, reason="확인 중")
    shown = lines(client_of(writer))
    assert [line.select_one(".what").get_text() for line in shown] == [
        "관리자가 내 글을 가렸습니다",
        "내 댓글에 답글",
        "내 글에 새 댓글",
    ]
    assert "답글입니다" in shown[1].get_text()
    assert "첫 번째 손님의 댓글입니다" in shown[2].get_text()
    assert all("마당의 가을 이야기" in line.get_text() for line in shown)  # their own post
    assert all("unread" in line["class"] for line in shown)
    assert all(line.select_one(".unread-mark") for line in shown)


def test_opening_one_marks_it_read_and_leads_to_the_comment(post, writer, commenter):
    comment = create_comment(post=post, author=commenter, body="가 보세요")
    create_comment(post=post, author=commenter, body="아직 안 읽음")
    client = client_of(writer)
    first, second = notifications_of(writer)
    response = client.get(f"/me/notifications/{first.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#c{comment.pk}"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    seoul = timezone.localtime(first.read_at)
    assert (seoul.hour, seoul.minute, seoul.second) == (0, 0, 0)  # the day alone
    shown = lines(client)
    assert ["unread" in line["class"] for line in shown] == [True, False]


def test_another_members_notification_does_not_open(post, writer, commenter):
    create_comment(post=post, author=commenter, body="남의 알림")
    [note] = notifications_of(writer)
    assert client_of(commenter).get(f"/me/notifications/{note.pk}/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_read_all_is_a_post_with_the_csrf_token(post, writer, commenter):
    for number in range(3):
        create_comment(post=post, author=commenter, body=f"댓글 {number}")
    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)
    page = client.get("/me/notifications/").content.decode()
    assert client.get("/me/notifications/read/").status_code == 405
    assert client.post("/me/notifications/read/").status_code == 403
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post("/me/notifications/read/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert not [line for line in lines(client) if "unread" in line["class"]]


def test_read_all_leaves_other_members_alone(post, writer, commenter, make_post, board):
    create_comment(post=post, author=commenter, body="글쓴이에게")
    theirs = make_post(board, title="손님의 글", author=commenter)
    create_comment(post=theirs, author=writer, body="손님에게")
    client_of(writer).post("/me/notifications/read/")
    assert notifications_of(commenter)[0].read_at is None


def test_pages_are_numbered(post, writer, make_member):
    guests = [make_member(f"guest{number}") for number in range(3)]
    for number in range(45):
        create_comment(post=post, author=guests[number % 3], body=f"댓글 {number}")
    client = client_of(writer)
    first = parse(client.get("/me/notifications/"))
    assert len(first.select("li.notification")) == 20
    assert [a.get_text() for a in first.select(".pagination a[href^='?page=']")][:2] == ["2", "3"]
    third = lines(client, "/me/notifications/?page=3")
    assert len(third) == 5
    assert "댓글 4" in third[0].get_text() and "댓글 0" in third[-1].get_text()


def test_the_list_asks_as_much_for_twenty_lines_as_for_three(
    post, writer, make_member, django_assert_num_queries
):
    guests = [make_member(f"guest{number}") for number in range(3)]
    for number in range(3):
        create_comment(post=post, author=guests[number], body=f"댓글 {number}")
    client = client_of(writer)
    client.get("/me/notifications/")  # the session and the member are cached from here on
    # the page's count, its rows (with their posts, boards, comments and whether the
    # rule shows each comment), the kinds turned off, the bell
    with django_assert_num_queries(4):
        assert len(lines(client)) == 3
    for number in range(20):
        create_comment(post=post, author=guests[number % 3], body=f"더 {number}")
    with django_assert_num_queries(4):
        assert len(lines(client)) == 20


def test_kinds_are_chosen_on_the_page(post, writer, commenter):
    client = client_of(writer)
    boxes = parse(client.get("/me/notifications/")).select("input[name='wanted']")
    assert [(box["value"], box.has_attr("checked")) for box in boxes] == [
        ("comment", True),
        ("reply", True),
        ("moderation", True),
    ]
    response = client.post("/me/notifications/kinds/", {"wanted": ["reply", "moderation"]})
    assert response.status_code == 302
    boxes = parse(client.get("/me/notifications/")).select("input[name='wanted']")
    assert [box.has_attr("checked") for box in boxes] == [False, True, True]
    create_comment(post=post, author=commenter, body="안 들림")
    assert notifications_of(writer) == []
    client.post("/me/notifications/kinds/", {"wanted": ["comment", "reply", "moderation"]})
    create_comment(post=post, author=commenter, body="들림")
    assert len(notifications_of(writer)) == 1


def test_a_kind_that_does_not_exist_is_refused(writer):
    response = client_of(writer).post("/me/notifications/kinds/", {"wanted": ["everything"]})
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/me/notifications/", "/me/"])
def test_the_me_pages_lead_to_the_notifications(writer, path):
    nav = parse(client_of(writer).get(path)).select_one("nav.me-nav")
    assert nav.select_one("a[href='/me/notifications/']").get_text() == "알림"
