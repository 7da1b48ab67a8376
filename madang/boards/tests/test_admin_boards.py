"""The admin is madang's: a board made with its categories and permissions on one form,
through the board actions, its moderators listed, and every word of it in Korean."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from madang.accounts.models import SiteSettings
from madang.boards import actions
from madang.boards import admin as board_admin
from madang.boards.models import Access, Board
from madang.moderation.roles import appoint_moderator

# What Django's own admin and unnamed fields used to show in the Korean admin.
ENGLISH = ("post count", "last number", "created at", "updated at", "django", "board (")


@pytest.fixture
def admin(make_member):
    return make_member("site_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def board_form(**changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "name": "자유",
        "slug": "free",
        "description": "아무 이야기",
        "order": 3,
        "read_access": Access.EVERYONE,
        "post_access": Access.SEASONED,
        "comment_access": Access.MEMBERS,
        "seasoned_days": 14,
        "posts_per_hour": 5,
        "comments_per_hour": 30,
        "post_gap_seconds": 60,
        "comment_gap_seconds": 5,
        "max_body_length": 50_000,
        "edit_lock_comments": 0,
        "report_threshold": 5,
        "comments_per_page": 50,
        "comment_pictures": "on",
        "media_icons": "on",
        "votes": "on",
        "best_min_votes": 10,
        "duplicates": "warn",
        "duplicate_window_hours": 48,
        "categories-TOTAL_FORMS": 2,
        "categories-INITIAL_FORMS": 0,
        "categories-MIN_NUM_FORMS": 0,
        "categories-MAX_NUM_FORMS": 1000,
        "categories-0-name": "잡담",
        "categories-0-slug": "chat",
        "categories-0-order": 1,
        "categories-1-name": "질문",
        "categories-1-slug": "question",
        "categories-1-order": 2,
        "categories-1-requires_source": "on",
    }
    form.update(changes)
    return form


def test_an_admin_makes_a_board_with_its_categories_and_permissions_in_one_post(
    admin_client, client, monkeypatch, board, django_capture_on_commit_callbacks
):
    made: list[str] = []

    def through(action):
        def called(**kwargs):
            made.append(action.__name__)
            return action(**kwargs)

        return called

    monkeypatch.setattr(board_admin, "create_board", through(actions.create_board))
    monkeypatch.setattr(board_admin, "create_category", through(actions.create_category))
    assert "자유" not in client.get("/").content.decode()  # the home page, now cached
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/boards/board/add/", board_form())
    assert response.status_code == 302, response.content.decode()
    assert made == ["create_board", "create_category", "create_category"]
    free = Board.objects.get(slug="free")
    assert (free.read_access, free.post_access, free.seasoned_days) == ("everyone", "seasoned", 14)
    assert (free.posts_per_hour, free.post_gap_seconds, free.comments_per_page) == (5, 60, 50)
    assert (free.post_count, free.last_number) == (0, 0)
    categories = list(free.categories.values_list("name", "slug", "requires_source"))
    assert categories == [("잡담", "chat", False), ("질문", "question", True)]
    listing = client.get("/free/")
    assert listing.status_code == 200
    assert {"잡담", "질문"} <= set(BeautifulSoup(listing.content, "html.parser").stripped_strings)
    assert "자유" in client.get("/").content.decode()  # the cached home page was made new


def test_a_board_the_actions_refuse_is_refused_on_the_form(admin_client, board):
    response = admin_client.post("/admin/boards/board/add/", board_form(slug="admin"))
    assert response.status_code == 200  # the form again, with its error
    assert not Board.objects.filter(slug="admin").exists()


def test_the_board_form_lists_its_moderators(admin_client, admin, board, make_member):
    appoint_moderator(actor=admin, board=board, member=make_member("mod_one"))
    page = admin_client.get(f"/admin/boards/board/{board.pk}/change/").content.decode()
    text = BeautifulSoup(page, "html.parser").get_text(" ")
    assert "게시판 관리자" in text and "mod_one" in text
    assert f"/admin/moderation/boardmoderator/add/?board={board.pk}" in page


def visible_text(html: str) -> str:
    page = BeautifulSoup(html, "html.parser")
    for hidden in page(["script", "style", "head"]):
        hidden.decompose()
    return page.get_text(" ", strip=True)


ADMIN_PAGES = (
    "/admin/",
    "/admin/boards/board/",
    "/admin/boards/board/add/",
    "/admin/accounts/sitesettings/",
    "/admin/django_tasks_database/dbtaskresult/",
)


def test_the_korean_admin_has_the_sites_name_and_no_english(admin_client, board):
    SiteSettings.current()
    pages = [*ADMIN_PAGES, f"/admin/boards/board/{board.pk}/change/"]
    for address in pages:
        response = admin_client.get(address)
        assert response.status_code == 200
        page = BeautifulSoup(response.content.decode(), "html.parser")
        assert page.select_one("#site-name").get_text(strip=True) == "마당 관리"
        assert page.title.get_text().endswith("마당 관리")
        text = visible_text(response.content.decode()).lower()
        found = [word for word in ENGLISH if word in text]
        assert found == [], f"{address}: {found}"
        # Latin letters are names the admin typed (square, site_admin) or API, nothing else.
        words = set(re.findall(r"[a-z][a-z ]{2,}[a-z]", text)) - {"square", "site", "admin", "api"}
        assert words == set(), f"{address}: {words}"
    index = BeautifulSoup(admin_client.get("/admin/").content.decode(), "html.parser")
    assert index.select_one("h1").get_text(strip=True) == "게시판과 회원, 사이트 설정"


def test_the_admin_speaks_english_when_asked(admin_client, board):
    response = admin_client.get("/admin/boards/board/add/", headers={"Accept-Language": "en"})
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.select_one("#site-name").get_text(strip=True) == "마당 administration"
    legends = [legend.get_text(strip=True) for legend in page.select("fieldset h2, legend")]
    assert "Permissions" in legends
