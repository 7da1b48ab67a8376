"""Members' search pages: one render shared by every member, with each member's overlay
(boards/memberpages.py), and a render of their own where theirs differs in more."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Access, Post
from madang.boards.preferences import save_preferences
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban
from madang.moderation.roles import appoint_moderator


def row_titles(response) -> list[str]:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [a.get_text() for a in soup.select(".search-rows tbody a.title")]


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def posts(board, make_post, make_board):
    issue, news, _humor = board.categories.order_by("order")
    make_post(board, title="라인 업데이트 후기", category=issue)
    make_post(board, title="라인야후 광고 논란", category=news)
    free = make_board("free", name="자유게시판")
    make_post(free, title="라인 스티커 추천")
    return board


@pytest.mark.parametrize("path", ["/search", "/square/"])
def test_members_share_one_render_of_a_search(posts, make_member, path):
    first = signed_in(make_member("first"))
    response = first.get(path, {"q": "라인"})
    assert response["X-Madang-Cache"] == "member-render"
    second = signed_in(make_member("second"))
    again = second.get(path, {"q": "라인"})
    assert again["X-Madang-Cache"] == "member"
    assert row_titles(again) == row_titles(response)
    assert "라인 업데이트 후기" in row_titles(again)
    # Each member's form carries their own token, never the placeholder.
    assert b"madang-csrf-placeholder" not in again.content
    assert again.cookies.get("csrftoken") or second.cookies.get("csrftoken")


def test_a_write_renews_the_shared_render(
    posts, make_post, make_member, django_capture_on_commit_callbacks
):
    reader = signed_in(make_member())
    assert reader.get("/search", {"q": "스티커"})["X-Madang-Cache"] == "member-render"
    assert reader.get("/search", {"q": "스티커"})["X-Madang-Cache"] == "member"
    with django_capture_on_commit_callbacks(execute=True):
        make_post(posts, title="스티커 새로 나옴")
    assert row_titles(reader.get("/search", {"q": "스티커"})) == [
        "스티커 새로 나옴",
        "라인 스티커 추천",
    ]


def test_muted_words_and_hidden_categories_apply_to_the_shared_render(posts, make_member):
    _issue, news, _humor = posts.categories.order_by("order")
    plain = signed_in(make_member("plain"))
    assert len(row_titles(plain.get("/search", {"q": "라인"}))) == 3
    muting = make_member("muting")
    save_preferences(member=muting, excluded_categories=[], muted_words="광고")
    muted = signed_in(muting).get("/search", {"q": "라인"})
    assert muted["X-Madang-Cache"] == "member"  # the plain member's render, a row taken out
    assert "라인야후 광고 논란" not in row_titles(muted)
    assert len(row_titles(muted)) == 2
    hiding = make_member("hiding")
    save_preferences(member=hiding, excluded_categories=[news], muted_words="")
    hidden = signed_in(hiding).get("/square/", {"q": "라인"})
    assert hidden["X-Madang-Cache"] == "member-render"  # a render for those who hide it
    assert row_titles(hidden) == ["라인 업데이트 후기"]


def test_a_search_whose_rows_are_all_muted_says_nothing_was_found(posts, make_member):
    signed_in(make_member("plain")).get("/search", {"q": "스티커"})
    muting = make_member("muting")
    save_preferences(member=muting, excluded_categories=[], muted_words="스티커")
    response = signed_in(muting).get("/search", {"q": "스티커"})
    assert row_titles(response) == []
    assert "찾는 글이 없습니다" in response.content.decode()


def test_muted_words_apply_to_the_posts_of_comments_found(posts, make_member, make_comment):
    post = Post.objects.get(title="라인야후 광고 논란")
    make_comment(post, body="매각 반대합니다")
    make_comment(post, body="매각 찬성합니다")
    signed_in(make_member("plain")).get("/search", {"q": "매각", "in": "comments"})
    muting = make_member("muting")
    save_preferences(member=muting, excluded_categories=[], muted_words="광고")
    response = signed_in(muting).get("/search", {"q": "매각", "in": "comments"})
    assert row_titles(response) == []


def test_a_silently_banned_writer_finds_their_own_posts_and_nobody_else_does(
    posts, make_post, make_member
):
    troll = make_member("troll")
    ban_author(
        actor=None,
        author_ref=author_ref_for(troll.pk),
        board=None,
        kind=Ban.Kind.SILENT,
        reason="도배",
        days=None,
    )
    make_post(posts, title="라인 도배 글", author=troll, status=Post.Status.SHADOWED)
    other = signed_in(make_member("other"))
    assert "라인 도배 글" not in row_titles(other.get("/search", {"q": "라인"}))
    assert "라인 도배 글" in row_titles(signed_in(troll).get("/search", {"q": "라인"}))
    assert "라인 도배 글" not in row_titles(other.get("/search", {"q": "라인"}))


def test_a_moderator_finds_what_they_moderate(posts, make_post, make_member):
    blinded = make_post(posts, title="라인 가린 글")
    Post.objects.filter(pk=blinded.pk).update(blinded=True)
    reader = signed_in(make_member("reader"))
    assert "라인 가린 글" not in row_titles(reader.get("/square/", {"q": "라인"}))
    keeper = make_member("keeper")
    admin = make_member("site_admin", is_staff=True, is_superuser=True)
    appoint_moderator(actor=admin, member=keeper, board=posts)
    response = signed_in(keeper).get("/square/", {"q": "라인"})
    assert response.get("X-Madang-Cache") is None  # a render of their own
    assert "라인 가린 글" in row_titles(response)


def test_a_board_some_members_may_not_read_is_searched_by_those_who_may(
    posts, make_board, make_post, make_member
):
    seasoned = make_board("seasoned", read_access=Access.SEASONED)
    make_post(seasoned, title="라인 고참 글")
    newcomer = signed_in(make_member("newcomer"))
    assert "라인 고참 글" not in row_titles(newcomer.get("/search", {"q": "라인"}))
    old_hand = make_member("old-hand")
    type(old_hand).objects.filter(pk=old_hand.pk).update(
        date_joined=timezone.now() - timedelta(days=60)
    )
    assert "라인 고참 글" in row_titles(signed_in(old_hand).get("/search", {"q": "라인"}))
    assert "라인 고참 글" not in row_titles(newcomer.get("/search", {"q": "라인"}))
