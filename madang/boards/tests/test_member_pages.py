"""Member pages from one shared render plus an overlay: the same page as their own render."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from madang.accounts.memberkeys import member_key
from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards import actions, memberpages
from madang.boards.models import Notice, NoticeRead, Post
from madang.boards.preferences import save_preferences
from madang.boards.scraps import toggle_scrap
from madang.core import pagecache
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban, BoardModerator

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def same_page(html: str) -> str:
    """The page without what differs by design from one response to the next."""
    return TOKEN.sub('name="csrfmiddlewaretoken" value="-"', html)


def own_render(client: Client, path: str, settings) -> str:
    """The member's page rendered for them alone, as before shared renders."""
    settings.MADANG_PAGE_CACHE = False
    try:
        return client.get(path).content.decode()
    finally:
        settings.MADANG_PAGE_CACHE = True


def overlay_page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Madang-Cache"] in ("member", "member-render")
    return response.content.decode()


@pytest.fixture
def square(board, make_post, make_member, notice_kind):
    writer = make_member("writer")
    categories = list(board.categories.order_by("order"))
    posts = [
        make_post(
            board,
            title=f"글 {n} {'광고' if n % 5 == 0 else '소식'}",
            author=writer,
            category=categories[n % 3],
        )
        for n in range(1, 31)
    ]
    actions.pin_notice(post=posts[0], kind=notice_kind, board=board)
    actions.pin_notice(post=posts[1], kind=notice_kind, board=None)
    return posts


def member_client(make_member, name: str) -> tuple[Client, Member]:
    member = make_member(name)
    client = Client()
    client.force_login(member)
    return client, member


@pytest.mark.parametrize(
    "path", ["/square/", "/square/?page=2", "/square/25", "/square/?category=c1"]
)
def test_a_plain_member_gets_their_own_page_from_the_shared_render(
    square, make_member, settings, path
):
    client, _ = member_client(make_member, "plain")
    warm, _ = member_client(make_member, "first")
    overlay_page(warm, path)  # someone else rendered the shared page
    shared = overlay_page(client, path)
    assert memberpages.CSRF_PLACEHOLDER not in shared
    assert same_page(shared) == same_page(own_render(client, path, settings))


def test_read_notices_and_muted_words_come_from_the_overlay(square, make_member, settings):
    client, reader = member_client(make_member, "reader")
    notice = Notice.objects.get(post=square[0])
    NoticeRead.objects.create(member_key=member_key(reader.pk), notice=notice)
    save_preferences(member=reader, excluded_categories=[], muted_words="광고")
    Client().get("/square/25")  # a guest's page is another render
    warm, _ = member_client(make_member, "first")
    overlay_page(warm, "/square/25")
    for path in ("/square/", "/square/25"):
        shared = overlay_page(client, path)
        assert same_page(shared) == same_page(own_render(client, path, settings))
        page = BeautifulSoup(shared, "html.parser")
        assert len(page.select("tbody.notices tr.folded")) == 1
        toggle = page.select_one("tbody.notice-toggle")
        assert not toggle.has_attr("hidden")
        assert toggle.get_text(strip=True) == "모든 공지 확인하기 (1)"
        assert not [a for a in page.select("tbody.rows a.title") if "광고" in a.get_text()]
        # The same shared render, for a member who folded nothing: no count to show.
        other = BeautifulSoup(overlay_page(warm, path), "html.parser")
        assert other.select_one("tbody.notice-toggle").has_attr("hidden")


def test_hidden_categories_are_a_render_of_their_own(square, board, make_member, settings):
    client, reader = member_client(make_member, "hider")
    save_preferences(
        member=reader, excluded_categories=[board.categories.get(slug="c1")], muted_words=""
    )
    plain, _ = member_client(make_member, "plain")
    overlay_page(plain, "/square/")
    shared = overlay_page(client, "/square/")
    assert same_page(shared) == same_page(own_render(client, "/square/", settings))
    assert same_page(shared) != same_page(overlay_page(plain, "/square/"))


def test_opening_a_notice_folds_it_on_the_very_page(square, make_member):
    client, reader = member_client(make_member, "opener")
    warm, _ = member_client(make_member, "first")
    overlay_page(warm, square[0].get_absolute_url())
    page = BeautifulSoup(overlay_page(client, square[0].get_absolute_url()), "html.parser")
    assert NoticeRead.objects.filter(member_key=member_key(reader.pk)).count() == 1
    assert len(page.select("tbody.notices tr.folded")) == 1


def test_the_token_in_a_shared_page_is_the_members_own(square, make_member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_member("poster2"))
    overlay_page(member_client(make_member, "first")[0], "/square/25")
    html = overlay_page(client, "/square/25")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post("/square/25/scrap", {"csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302)
    refused = client.post("/square/25/scrap", {"csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403


@pytest.fixture
def page_keys(monkeypatch) -> list[str]:
    """The cache keys of the pages looked up, in order."""
    keys: list[str] = []
    page_key = pagecache.page_key

    def noted_key(*args, **kwargs):
        keys.append(page_key(*args, **kwargs))
        return keys[-1]

    monkeypatch.setattr(pagecache, "page_key", noted_key)
    return keys


@pytest.mark.parametrize("path", ["/square/", "/square/25"])
def test_the_shared_page_in_the_cache_holds_the_placeholder_and_no_token(
    square, make_member, page_keys, path
):
    client, _ = member_client(make_member, "plain")
    html = overlay_page(client, path)  # renders the shared page and stores it
    stored = pagecache.cache.get(page_keys[-1])
    shared = stored[1].decode()
    fields = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', shared)
    assert fields and set(fields) == {memberpages.CSRF_PLACEHOLDER}
    assert len(fields) == html.count('name="csrfmiddlewaretoken"')
    assert client.cookies["csrftoken"].value not in shared


def test_a_scrapper_gets_the_post_page_of_their_own(
    square, make_member, django_capture_on_commit_callbacks
):
    overlay_page(member_client(make_member, "first")[0], "/square/25")
    client, reader = member_client(make_member, "reader")
    with django_capture_on_commit_callbacks(execute=True):  # the page cache hears of it
        toggle_scrap(member=reader, post=square[24])
    response = client.get("/square/25")
    assert "X-Madang-Cache" not in response
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.select_one("#scrap-form button")["aria-pressed"] == "true"
    assert overlay_page(client, "/square/")  # the list is shared still


def test_the_shared_post_page_records_its_writers_by_keyed_traces_alone(
    square, make_member, make_comment, page_keys
):
    commenter = make_member("commenter")
    post = square[24]
    make_comment(post, body="댓글", author=commenter)
    overlay_page(member_client(make_member, "plain")[0], "/square/25")
    stored = pagecache.cache.get(page_keys[-1])
    ref = author_ref_for(commenter.pk)
    assert stored[3].traces == {
        memberpages.trace(post.pk, "author", post.author_ref),
        memberpages.trace(post.pk, "author", ref),
    }
    assert stored[3].traces & memberpages.traces_of_member(post.pk, commenter.pk)
    for reference in (ref, post.author_ref):
        assert reference[: memberpages.TRACE_LENGTH] not in repr(stored)


def test_writers_and_moderators_get_a_page_of_their_own(
    square, board, make_member, make_comment, django_capture_on_commit_callbacks
):
    warm, _ = member_client(make_member, "first")
    overlay_page(warm, "/square/25")
    overlay_page(warm, "/square/")
    commenter, who = member_client(make_member, "commenter")
    with django_capture_on_commit_callbacks(execute=True):  # the page cache hears of it
        make_comment(square[24], body="내 댓글", author=who)
    response = commenter.get("/square/25")
    assert "X-Madang-Cache" not in response
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.select_one(".comment-actions a[href$='/edit']") is not None

    moderator_client, moderator = member_client(make_member, "moderator")
    BoardModerator.objects.create(board=board, member=moderator)
    response = moderator_client.get("/square/25")
    assert "X-Madang-Cache" not in response
    assert BeautifulSoup(response.content.decode(), "html.parser").select_one(".mod-panel")


def test_the_writer_of_the_post_sees_their_controls(square, make_member, make_post, board):
    writer_client, writer = member_client(make_member, "own-writer")
    post = make_post(board, title="내 글", author=writer)
    overlay_page(member_client(make_member, "first")[0], post.get_absolute_url())
    response = writer_client.get(post.get_absolute_url())
    assert "X-Madang-Cache" not in response
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.select_one(".post-owner-actions") is not None


def test_a_silently_banned_member_still_sees_their_posts_on_the_list(
    square, board, make_member, make_post
):
    client, banned = member_client(make_member, "banned")
    overlay_page(member_client(make_member, "first")[0], "/square/")
    overlay_page(client, "/square/")  # the overlay is cached before the ban
    post = make_post(board, title="아무도 못 보는 글", author=banned)
    ban_author(
        actor=None,
        author_ref=post.author_ref,
        board=None,
        kind=Ban.Kind.SILENT,
        reason="스팸",
        days=None,
    )
    assert Post.objects.get(pk=post.pk).status == Post.Status.SHADOWED
    response = client.get("/square/")
    assert "X-Madang-Cache" not in response
    assert "아무도 못 보는 글" in response.content.decode()
    other = member_client(make_member, "other")[0].get("/square/").content.decode()
    assert "아무도 못 보는 글" not in other


def test_a_waiting_message_is_shown_on_a_page_of_their_own(square, make_member):
    client, _ = member_client(make_member, "messaged")
    overlay_page(member_client(make_member, "first")[0], "/square/")
    client.cookies["messages"] = "x"
    assert "X-Madang-Cache" not in client.get("/square/")


def cache_of(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response["X-Madang-Cache"]


@pytest.mark.parametrize("path", ["/square/", "/square/25"])
@pytest.mark.parametrize("noise", ["utm_source=x", "x=1", "fbclid=IwAR0abc"])
def test_unknown_parameters_share_the_members_shared_page(square, make_member, path, noise):
    assert cache_of(member_client(make_member, "first")[0], path) == "member-render"
    assert cache_of(member_client(make_member, "second")[0], f"{path}?{noise}") == "member"


def test_the_order_of_the_parameters_does_not_matter_to_members(square, make_member, settings):
    settings.MADANG_POSTS_PER_PAGE = 5
    first = member_client(make_member, "first")[0]
    assert cache_of(first, "/square/?category=c1&page=2") == "member-render"
    second = member_client(make_member, "second")[0]
    assert cache_of(second, "/square/?page=2&category=c1") == "member"


@pytest.mark.parametrize(
    ("bare", "read"),
    [("/square/", "/square/?page=2"), ("/square/25", "/square/25?category=c1")],
)
def test_a_parameter_the_view_reads_is_a_shared_page_of_its_own(square, make_member, bare, read):
    client = member_client(make_member, "reader")[0]
    assert cache_of(client, bare) == "member-render"
    assert cache_of(client, read) == "member-render"
    assert cache_of(member_client(make_member, "second")[0], read) == "member"
