"""List rows kept by what they read (boards/_row.html, core/fragments.py): the next render
of a page takes its rows from the process and is the same page; a change to anything a
row reads shows at once, on the list and under a post; a reader shown a post otherwise
never gets another reader's row of it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client

from madang.boards import listrows
from madang.boards.models import Board, Category, Post
from madang.core import fragments, pagecache

ROW = "boards/_row.html"


# Each request renders its page, taking kept rows from the process (madang/conftest.py).
pytestmark = pytest.mark.usefixtures("renders_every_page")


@pytest.fixture
def rows_rendered(pieces_rendered) -> list[int]:
    """How many rows each counted request rendered rather than took from the process."""
    return pieces_rendered(ROW)


@pytest.fixture
def posts(board, make_post) -> list[Post]:
    board.votes = board.list_thumbnails = board.media_icons = True
    board.save()
    category = Category.objects.filter(board=board).first()
    return [make_post(board, title=f"글 {n}", category=category) for n in range(1, 6)]


def text(client: Client, path: str, counts: list[int] | None = None) -> str:
    if counts is not None:
        counts.append(0)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def fresh(client: Client, path: str) -> str:
    """The page as a process that kept nothing renders it."""
    fragments.forget()
    return text(client, path)


def test_the_next_render_takes_every_row_from_the_process_and_is_the_same_page(
    posts, rows_rendered
):
    guest = Client()
    first = text(guest, "/square/")
    assert text(guest, "/square/", rows_rendered) == first
    assert rows_rendered == [0]
    # the list under a post is the same rows, the post's own marked as the current one
    under = text(guest, f"/square/{posts[0].number}", rows_rendered)
    assert rows_rendered == [0, 1]
    assert under == fresh(guest, f"/square/{posts[0].number}")


def _update(**values: object) -> Callable[[Post], object]:
    return lambda post: Post.objects.filter(pk=post.pk).update(**values)


def _rename_category(post: Post) -> None:
    Category.objects.filter(pk=post.category.pk).update(name="새 이름")  # type: ignore[union-attr]


CHANGES: dict[str, Callable[[Post], object]] = {
    "title": _update(title="고친 제목"),
    "comment count": _update(comment_count=7),
    "views": _update(view_count=12345),
    "votes": _update(up_count=3),
    "blinded by reports": _update(blinded=True),
    "a day earlier": lambda post: _update(created_at=post.created_at - timedelta(days=1))(post),
    "thumbnail": _update(thumbnail="uploads/row.webp"),
    "media": _update(media_kinds=2),
    "category": _rename_category,
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_to_anything_a_row_reads_shows_at_once(posts, change):
    guest = Client()
    post = posts[2]
    for path in ("/square/", f"/square/{posts[0].number}"):
        text(guest, path)  # its rows kept
    before = text(guest, "/square/")
    CHANGES[change](post)
    for path in ("/square/", f"/square/{posts[0].number}"):
        after = text(guest, path)
        assert after == fresh(guest, path)
    assert text(guest, "/square/") != before  # the change is one the row shows


PAGE_CHANGES: dict[str, dict[str, bool]] = {
    "votes off": {"votes": False},
    "no thumbnails": {"list_thumbnails": False},
    "no media icons": {"media_icons": False},
}


@pytest.mark.parametrize("change", PAGE_CHANGES)
def test_a_change_to_what_every_row_reads_of_the_board_shows_at_once(posts, board, change):
    Post.objects.filter(pk=posts[1].pk).update(thumbnail="uploads/a.webp", media_kinds=1)
    guest = Client()
    before = text(guest, "/square/")
    Board.objects.filter(pk=board.pk).update(**PAGE_CHANGES[change])
    pagecache._bump(f"board:{board.pk}")  # as the board's save does on commit
    after = text(guest, "/square/")
    assert after == fresh(guest, "/square/")
    assert after != before


def test_a_category_list_and_the_current_post_are_rows_of_their_own(posts):
    guest = Client()
    slug = Category.objects.get(pk=posts[0].category_id).slug
    for path in (
        "/square/",
        f"/square/?category={slug}",  # its rows link with the category
        f"/square/{posts[0].number}",
        f"/square/{posts[1].number}",  # another current row
        f"/square/{posts[1].number}?category={slug}",
    ):
        assert text(guest, path) == fresh(guest, path)
        text(guest, "/square/")  # the plain list's rows kept again before the next page


def test_a_writer_shown_their_own_blinded_title_shares_no_row_with_guests(
    posts, member, client, rows_rendered
):
    Post.objects.filter(pk=posts[3].pk).update(blinded=True)
    guest = Client()
    text(guest, "/square/")  # the guest's rows kept, the blinded title veiled
    client.force_login(member)  # the writer of every post here
    own = text(client, "/square/", rows_rendered)
    assert "글 4" in own and rows_rendered == [1]  # their row of the post is their own
    assert "글 4" not in text(guest, "/square/")


def test_rows_of_deep_pages_are_not_kept(posts, settings, monkeypatch):
    settings.MADANG_POSTS_PER_PAGE = 2
    monkeypatch.setattr(listrows, "KEPT_ROW_PAGES", 1)
    looked_up: list[object] = []
    real_get = fragments.get

    def get(key):  # type: ignore[no-untyped-def]
        if key[0] == ROW:
            looked_up.append(key)
        return real_get(key)

    monkeypatch.setattr(fragments, "get", get)
    guest = Client()
    text(guest, "/square/?page=2")
    assert looked_up == []  # rendered, neither looked up nor kept
    text(guest, "/square/")
    assert len(looked_up) == 2
