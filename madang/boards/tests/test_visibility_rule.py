"""One rule for what a reader sees, the same on every page that shows writing."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from madang.accounts.pseudonym import author_ref_for
from madang.boards.actions import pin_notice
from madang.boards.models import Post
from madang.boards.preferences import save_preferences
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban, BoardModerator

PLACEHOLDER = "가려진 글입니다"


def parse(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def troll(make_member, board, make_post):
    """A member whose posts are shadowed by a silent ban, and who must not notice."""
    member = make_member("troll")
    make_post(board, title="남의 글", author=make_member("neighbour"))
    ban_author(
        actor=None,
        author_ref=author_ref_for(member.pk),
        board=None,
        kind=Ban.Kind.SILENT,
        reason="도배",
        days=None,
    )
    category = board.categories.get(name="유머")
    make_post(
        board, title="몰래 쓴 글", author=member, category=category, status=Post.Status.SHADOWED
    )
    client = Client()
    client.force_login(member)
    return client


def test_a_silently_banned_member_sees_their_post_on_my_posts_as_published(troll):
    page = parse(troll.get("/me/posts/"))
    assert "몰래 쓴 글" in page.get_text()
    assert page.select(".mine .status") == []  # nothing says "only you can see this"


def test_a_silently_banned_member_sees_their_post_on_the_home_page(troll):
    assert "몰래 쓴 글" in parse(troll.get("/")).get_text()
    assert "몰래 쓴 글" not in parse(Client().get("/")).get_text()


def test_a_silently_banned_member_sees_their_post_in_its_category_list(troll, board):
    listed = parse(troll.get("/square/?category=c2")).select("tbody.rows a.title")
    assert [a.get_text() for a in listed] == ["몰래 쓴 글"]
    assert parse(Client().get("/square/?category=c2")).select("tbody.rows a.title") == []


def test_a_silently_banned_member_who_hides_a_category_sees_their_post_as_others_would(
    troll, board, make_member
):
    assert Post.objects.get(title="몰래 쓴 글").status == Post.Status.SHADOWED
    owner = troll.get("/me/").wsgi_request.user
    save_preferences(
        member=owner, excluded_categories=[board.categories.get(name="이슈")], muted_words=""
    )
    titles = [a.get_text() for a in parse(troll.get("/square/")).select("tbody.rows a.title")]
    assert titles == ["몰래 쓴 글", "남의 글"]


@pytest.fixture
def blinded(board, make_post, make_member, notice_kind):
    writer = make_member("reported")
    post = make_post(board, title="신고 받은 제목", author=writer)
    Post.objects.filter(pk=post.pk).update(blinded=True)
    pin_notice(post=post, kind=notice_kind, board=board)
    return post, writer


def test_a_blinded_post_shows_its_placeholder_title_everywhere(blinded):
    post, writer = blinded
    guest = Client()
    page = parse(guest.get(post.get_absolute_url()))
    assert page.title.get_text().startswith(PLACEHOLDER)
    assert page.select_one("h1.post-title").get_text() == PLACEHOLDER
    assert "신고 받은 제목" not in page.decode()
    assert "신고 받은 제목" not in parse(guest.get("/square/")).decode()
    assert "신고 받은 제목" not in parse(guest.get("/")).decode()
    member = Client()
    member.force_login(writer)  # the writer reads what they wrote, under a banner
    assert (
        "신고 받은 제목" in parse(member.get(post.get_absolute_url())).select_one("h1").get_text()
    )


def test_the_boards_moderator_reads_a_blinded_posts_title(blinded, board, make_member):
    post, _writer = blinded
    moderator = make_member("moderator")
    BoardModerator.objects.create(board=board, member=moderator)
    client = Client()
    client.force_login(moderator)
    page = parse(client.get(post.get_absolute_url()))
    assert page.select_one("h1.post-title").get_text() == "신고 받은 제목"


def test_the_home_page_follows_the_readers_filters(client, board, make_post, make_member):
    author = make_member("author")
    issue, humour = board.categories.get(name="이슈"), board.categories.get(name="유머")
    make_post(board, title="이슈 글", author=author, category=issue)
    make_post(board, title="유머 글", author=author, category=humour)
    make_post(board, title="스포일러 있는 글", author=author, category=humour)
    reader = make_member("reader")
    save_preferences(member=reader, excluded_categories=[issue], muted_words="스포일러")
    client.force_login(reader)
    home = parse(client.get("/")).get_text()
    assert "유머 글" in home
    assert "이슈 글" not in home
    assert "스포일러 있는 글" not in home
