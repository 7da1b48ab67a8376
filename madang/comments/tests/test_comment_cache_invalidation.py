"""A guest's cached pages show an edited, deleted or hidden comment on the very next request."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from madang.comments.models import Comment
from madang.moderation.models import BoardModerator


def guest_page(guest: Client, path: str) -> BeautifulSoup:
    response = guest.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def comment_bodies(page: BeautifulSoup) -> list[str]:
    """The text of each readable comment (placeholders of deleted or hidden ones left out)."""
    return [node.get_text() for node in page.select("#comments .comment-body:not(.removed)")]


def listed_comment_count(page: BeautifulSoup, number: int) -> str:
    """The comment count beside a post's title on the list ("" when the list shows none)."""
    count = page.select_one(f'tbody.rows tr[data-number="{number}"] a.comment-count')
    return count.get_text() if count is not None else ""


@pytest.fixture
def scene(board, make_post, make_member, make_comment):
    """A post with three comments by one member, its page and the list cached for guests."""
    writer = make_member("comment_writer")
    post = make_post(board, title="댓글 받은 글", author=make_member("poster"))
    comments = [make_comment(post, body=f"원래 댓글 {n}", author=writer) for n in range(3)]
    guest = Client()
    for path in ("/square/1", "/square/"):
        guest.get(path)
        assert guest.get(path)["X-Madang-Cache"] == "hit"  # the next guest gets the stored copy
    return comments, writer, guest


def test_an_edited_comment_shows_on_the_guests_next_page(scene, django_capture_on_commit_callbacks):
    comments, writer, guest = scene
    author = Client()
    author.force_login(writer)
    with django_capture_on_commit_callbacks(execute=True):
        response = author.post(f"/square/1/comments/{comments[1].pk}/edit", {"body": "고친 댓글"})
    assert response.status_code == 302
    page = guest_page(guest, "/square/1")
    assert comment_bodies(page) == ["원래 댓글 0", "고친 댓글", "원래 댓글 2"]
    assert page.select_one(f"#c{comments[1].pk} .edited") is not None


def test_a_deleted_comment_leaves_the_guests_post_page_and_list_counts(
    scene, django_capture_on_commit_callbacks
):
    comments, writer, guest = scene
    assert listed_comment_count(guest_page(guest, "/square/"), 1) == "3"
    author = Client()
    author.force_login(writer)
    with django_capture_on_commit_callbacks(execute=True):
        response = author.post(f"/square/1/comments/{comments[0].pk}/delete")
    assert response.status_code == 302
    page = guest_page(guest, "/square/1")
    assert comment_bodies(page) == ["원래 댓글 1", "원래 댓글 2"]
    assert page.select_one("#comment-count").get_text() == "2"
    assert page.select_one("#post-comment-count").get_text() == "2"
    assert listed_comment_count(page, 1) == "2"  # the list under the post
    assert listed_comment_count(guest_page(guest, "/square/"), 1) == "2"


def test_a_comment_hidden_by_a_moderator_leaves_the_guests_pages(
    scene, board, make_member, django_capture_on_commit_callbacks
):
    comments, _writer, guest = scene
    moderator = make_member("square_keeper")
    BoardModerator.objects.create(board=board, member=moderator)
    desk = Client()
    desk.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(
            "/mod/act", {"action": "hide", "target": f"comment:{comments[2].pk}", "reason": "욕설"}
        )
    assert Comment.objects.get(pk=comments[2].pk).status == Comment.Status.HIDDEN
    page = guest_page(guest, "/square/1")
    assert "원래 댓글 2" not in page.get_text()
    assert comment_bodies(page) == ["원래 댓글 0", "원래 댓글 1"]
    assert page.select_one("#comment-count").get_text() == "2"
    assert page.select_one("#post-comment-count").get_text() == "2"
    assert listed_comment_count(guest_page(guest, "/square/"), 1) == "2"


def test_a_deleted_comment_leaves_the_guests_board_directory_count(
    scene, django_capture_on_commit_callbacks
):
    comments, writer, guest = scene

    def directory_count() -> str:
        count = guest_page(guest, "/").select_one(".board-latest .comment-count")
        return count.get_text() if count is not None else ""

    assert directory_count() == "3"
    assert guest.get("/")["X-Madang-Cache"] == "hit"
    author = Client()
    author.force_login(writer)
    with django_capture_on_commit_callbacks(execute=True):
        author.post(f"/square/1/comments/{comments[0].pk}/delete")
    assert directory_count() == "2"
