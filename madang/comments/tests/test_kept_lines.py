"""Comment lines kept by what they read (core/fragments.py): a post's next render takes
its lines from the process and is the same page; a change to anything a line reads
shows at once; no reader's own line (their controls, their CSRF token) is ever kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from madang.comments import actions
from madang.comments.models import Comment
from madang.core import fragments

PATH = "/square/1"


# Each request renders its page, taking kept lines from the process (madang/conftest.py).
pytestmark = pytest.mark.usefixtures("renders_every_page")


@pytest.fixture
def comments(board, make_post, make_member, make_comment) -> list[Comment]:
    post = make_post(board, title="댓글이 달린 글", author=make_member("poster"))
    writer = make_member("commenter")
    return [make_comment(post, body=f"댓글 {number}", author=writer) for number in range(3)]


@pytest.fixture
def lines_rendered(pieces_rendered) -> list[int]:
    """How many comment lines each request rendered rather than took from the process."""
    return pieces_rendered("comments/_line.html")


def page(client: Client, counts: list[int] | None = None, **headers: str) -> BeautifulSoup:
    if counts is not None:
        counts.append(0)
    response = client.get(PATH, **headers)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def line_of(soup: BeautifulSoup, comment: Comment) -> str:
    found = soup.select_one(f"#c{comment.pk}")
    assert found is not None
    return " ".join(found.get_text(" ").split())


def test_the_next_render_takes_every_line_from_the_process_and_is_the_same_page(
    comments, lines_rendered
):
    guest = Client()
    first = guest.get(PATH).content
    again = page(guest, lines_rendered)
    assert lines_rendered == [0]
    assert str(again) == str(BeautifulSoup(first.decode(), "html.parser"))


@pytest.fixture
def lookups(monkeypatch) -> list[object]:
    """The keys each render asked the process for."""
    asked: list[object] = []
    real_get = fragments.get

    def get(key):  # type: ignore[no-untyped-def]
        asked.append(key)
        return real_get(key)

    monkeypatch.setattr(fragments, "get", get)
    return asked


def test_an_unchanged_comment_list_is_taken_whole_from_the_process(comments, lookups):
    guest = Client()
    first = guest.get(PATH).content
    lookups.clear()
    again = guest.get(PATH).content
    comment_pieces = [key[0] for key in lookups if str(key[0]).startswith("comments/")]
    assert comment_pieces == ["comments/_threads.html"]  # one lookup, no line
    assert again == first


def test_new_comments_render_their_lines_alone_and_the_page_is_as_rendered_afresh(
    comments, lines_rendered, make_comment, make_member
):
    guest = Client()
    page(guest)
    post = comments[0].post
    make_comment(post, body="새로 달린 댓글", author=make_member("late"))
    actions.create_comment(
        post=post, author=make_member("replier"), body="답글입니다", parent=comments[1]
    )
    kept = page(guest, lines_rendered)
    assert lines_rendered == [2]  # the two new lines; the three others from the process
    fragments.forget()
    assert str(kept) == str(page(guest))
    assert "답글입니다" in kept.select_one(f"#replies-{comments[1].pk}").get_text()


def test_a_reply_alone_shows_on_the_next_render(comments, make_member):
    guest = Client()
    page(guest)
    actions.create_comment(
        post=comments[0].post, author=make_member("replier"), body="답글만", parent=comments[0]
    )
    assert "답글만" in page(guest).select_one(f"#replies-{comments[0].pk}").get_text()


def test_the_render_members_share_keeps_its_own_list_apart_from_a_guests(
    comments, make_member, settings
):
    settings.MADANG_PAGE_CACHE = True  # the shared render and the guests' page, each stored
    guest = page(Client())
    member = Client()
    member.force_login(make_member("reader"))
    response = member.get(PATH)
    assert response["X-Madang-Cache"] == "member-render"
    shared = BeautifulSoup(response.content.decode(), "html.parser")
    for comment in comments:
        assert guest.select_one(f"#c{comment.pk} [data-reply-button]") is None
        assert shared.select_one(f"#c{comment.pk} [data-reply-button]") is not None


def _edit(comment: Comment) -> str:
    actions.edit_comment(comment=comment, body="고쳐 쓴 댓글")
    return "고쳐 쓴 댓글"


def _hide(comment: Comment) -> str:
    actions.set_comment_status(comment=comment, status=Comment.Status.HIDDEN)
    return "가려진 댓글입니다."


def _delete(comment: Comment) -> str:
    actions.delete_comment(comment=comment)
    return "삭제된 댓글입니다."


def _blind(comment: Comment) -> str:
    Comment.objects.filter(pk=comment.pk).update(blinded=True)
    return "검토가 끝날 때까지 가려 둔 댓글입니다."


@pytest.mark.parametrize(
    "change", [_edit, _hide, _delete, _blind], ids=["edit", "hide", "delete", "blind"]
)
def test_a_change_to_a_comment_shows_on_the_next_render(
    comments, lines_rendered, change: Callable[[Comment], str]
):
    guest = Client()
    page(guest)
    shown = change(comments[1])
    after = page(guest, lines_rendered)
    assert shown in line_of(after, comments[1])
    assert line_of(after, comments[0]) == line_of(page(guest), comments[0])
    assert lines_rendered == [1]  # the changed line alone


def test_a_line_is_kept_for_each_language(comments):
    guest = Client()
    assert "답글" not in line_of(page(guest), comments[0])
    english = page(guest, HTTP_ACCEPT_LANGUAGE="en")
    korean = page(guest, HTTP_ACCEPT_LANGUAGE="ko")
    assert english.select_one(f"#c{comments[0].pk} .comment-body")["lang"] == "ko"
    assert korean.select_one(f"#c{comments[0].pk} .comment-body").get("lang") is None


def test_the_next_day_a_line_shows_its_date(comments, monkeypatch):
    guest = Client()
    today = line_of(page(guest), comments[0])
    tomorrow = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    later = line_of(page(guest), comments[0])
    assert later != today
    assert "." in later.split("댓글 0")[0]  # "MM.DD HH:MM" where today showed "HH:MM"


def test_a_members_own_lines_and_token_are_never_kept(comments, make_member):
    writer = Client()
    writer.force_login(make_member("another_writer"))
    writer.post(f"{PATH}/comments", {"body": "내가 쓴 댓글"})
    own = Comment.objects.get(body="내가 쓴 댓글")
    mine = page(writer)
    assert mine.select_one(f"#c{own.pk} form[action$='/delete']") is not None
    token = writer.cookies["csrftoken"].value
    reader = Client()
    reader.force_login(make_member("reader"))
    shared = page(reader)
    assert shared.select_one(f"#c{own.pk} form[action$='/delete']") is None
    assert shared.select_one(f"#c{own.pk} [data-reply-button]") is not None
    guest = page(Client())
    assert guest.select_one(f"#c{own.pk} [data-reply-button]") is None
    kept = "".join(fragments._kept.pieces.values())
    assert "/delete" not in kept
    assert token not in kept
