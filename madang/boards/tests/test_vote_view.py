"""The vote buttons: a POST form that works with htmx and without JavaScript, the counts
on the post and in the list, and the member's own vote on the page shared by members."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from madang.boards import limits
from madang.boards.models import Post
from madang.boards.votes import UP, cast_vote

HTMX = {"HX-Request": "true"}


@pytest.fixture
def writer(make_member):
    return make_member("writer")


@pytest.fixture
def post(board, make_post, writer):
    board.downvotes = True
    board.save()
    return make_post(board, title="추천 받을 글", author=writer)


@pytest.fixture
def voter(client, member):
    client.force_login(member)
    return member


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def pressed(page: BeautifulSoup) -> dict[str, str]:
    buttons = page.select("#votes button")
    return {str(button["value"]): str(button["aria-pressed"]) for button in buttons}


def test_without_javascript_a_vote_posts_and_comes_back_with_a_message(client, voter, post):
    response = client.post("/square/1/vote", {"value": "up"})
    assert response.status_code == 302
    assert response["Location"] == "/square/1"
    page = soup(client.get("/square/1"))
    assert page.select_one(".messages").get_text(strip=True) == "추천했습니다."
    assert pressed(page) == {"up": "true", "down": "false"}
    assert page.select_one("#post-up-count").get_text() == "1"


def test_under_htmx_the_box_comes_back_with_what_happened_in_its_live_region(client, voter, post):
    response = client.post("/square/1/vote", {"value": "down"}, headers=HTMX)
    assert response.status_code == 200
    page = soup(response)
    assert pressed(page) == {"up": "false", "down": "true"}
    assert page.select_one("#votes form")["data-hx-post"] == "/square/1/vote"
    status = page.select_one("#vote-status")
    assert status["data-hx-swap-oob"] == "innerHTML"
    assert status.get_text() == "비추천했습니다."
    again = soup(client.post("/square/1/vote", {"value": "down"}, headers=HTMX))
    assert again.select_one("#vote-status").get_text() == "비추천을 취소했습니다."
    assert pressed(again) == {"up": "false", "down": "false"}


def test_the_post_page_has_a_live_region_and_buttons_for_the_keyboard(client, voter, post):
    page = soup(client.get("/square/1"))
    assert page.select_one("#vote-status")["role"] == "status"
    buttons = page.select("#votes form button[type=submit]")
    assert [button.get_text(" ", strip=True) for button in buttons] == ["추천 0", "비추천 0"]


def test_a_guest_is_sent_to_log_in(client, post):
    page = soup(client.get("/square/1"))
    assert page.select_one("#votes form") is None
    assert page.select_one("#votes a.vote-up")["href"].startswith("/accounts/login/?next=")
    response = client.post("/square/1/vote", {"value": "up"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Post.objects.get(pk=post.pk).up_count


def test_a_refusal_comes_back_into_the_live_region_with_its_status(client, post, writer):
    client.force_login(writer)  # the post's own writer
    response = client.post("/square/1/vote", {"value": "up"}, headers=HTMX)
    assert response.status_code == 403
    assert soup(response).select_one("#vote-status").get_text() == "자기 글은 추천할 수 없습니다."
    plain = client.post("/square/1/vote", {"value": "up"})
    assert plain.status_code == 403
    assert "자기 글은 추천할 수 없습니다." in plain.content.decode()


def test_over_the_limit_answers_429_with_retry_after(client, voter, post, monkeypatch):
    monkeypatch.setattr(limits, "VOTES_PER_HOUR", 1)
    assert client.post("/square/1/vote", {"value": "up"}).status_code == 302
    response = client.post("/square/1/vote", {"value": "up"}, headers=HTMX)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert pressed(soup(response)) == {"up": "true", "down": "false"}  # unchanged


def test_the_counts_show_in_the_post_header_and_the_list(client, post, make_member):
    for _ in range(3):
        cast_vote(member=make_member(), post=post, value=UP)
    page = soup(client.get("/square/1"))
    assert page.select_one("#post-up-count").get_text() == "3"
    row = soup(client.get("/square/")).select_one("tbody.rows tr")
    assert row.select_one(".col-votes").get_text(" ", strip=True) == "추천 3"


def test_a_board_without_votes_shows_no_buttons_and_no_column(client, board, post):
    board.votes = False
    board.save()
    assert soup(client.get("/square/1")).select_one("#votes") is None
    headers = soup(client.get("/square/")).select("table.posts thead th")
    assert "추천" not in [th.get_text(strip=True) for th in headers]


def test_a_member_sees_their_own_vote_on_the_page_shared_by_members(
    client, post, make_member, django_capture_on_commit_callbacks
):
    someone = Client()
    someone.force_login(make_member())
    assert someone.get("/square/1")["X-Madang-Cache"] == "member-render"  # shared, neutral
    voter = make_member()
    with django_capture_on_commit_callbacks(execute=True):
        cast_vote(member=voter, post=post, value=UP)
    client.force_login(voter)
    response = client.get("/square/1")
    assert response["X-Madang-Cache"].startswith("member")  # the shared render...
    assert pressed(soup(response)) == {"up": "true", "down": "false"}  # ...with their vote
    other = someone.get("/square/1")
    assert pressed(soup(other)) == {"up": "false", "down": "false"}
