"""One picture per comment, where the board takes them."""

from __future__ import annotations

from typing import Any

import pytest

from madang.media.models import Media
from madang.media.tests import samples
from madang.media.tests.test_upload_pipeline import upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def post(make_post: Any, board: Any) -> Any:
    return make_post(board, title="사진 댓글 받는 글")


def _comment(client: Any, post: Any, **data: str) -> Any:
    return client.post(f"{post.get_absolute_url()}/comments", data)


def test_a_comment_with_a_picture_alone(client: Any, member: Any, board: Any, post: Any) -> None:
    client.force_login(member)
    key = upload(client, board, "a.png", samples.picture(form="PNG"), **{"for": "comment"})
    key = key.json()["key"]
    answer = _comment(client, post, body="", picture=key)
    assert answer.status_code == 302
    comment = post.comments.get()
    assert comment.picture == Media.objects.get(key=key) and comment.body == ""
    assert comment.picture.attached_at is not None
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'class="comment-picture"' in page and "media-picture" in page


def test_a_comment_needs_words_or_a_picture(client: Any, member: Any, post: Any) -> None:
    client.force_login(member)
    assert _comment(client, post, body="  ").status_code == 400
    assert not post.comments.exists()


def test_another_members_picture_is_refused(
    client: Any, member: Any, make_member: Any, board: Any, post: Any
) -> None:
    client.force_login(member)
    key = upload(client, board, "a.png", samples.picture(form="PNG"), **{"for": "comment"})
    client.force_login(make_member())
    answer = _comment(client, post, body="내 사진", picture=key.json()["key"])
    assert answer.status_code == 400 and not post.comments.exists()


def test_a_board_without_comment_pictures_refuses_them(
    client: Any, member: Any, board: Any, post: Any
) -> None:
    client.force_login(member)
    key = upload(client, board, "a.png", samples.picture(form="PNG")).json()["key"]
    board.comment_pictures = False
    board.save()
    assert _comment(client, post, body="사진", picture=key).status_code == 403
    refused = upload(client, board, "b.png", samples.picture(form="PNG"), **{"for": "comment"})
    assert refused.status_code == 403 and refused.json()["error"]


def test_deleting_the_comment_lets_its_picture_go(
    client: Any, member: Any, board: Any, post: Any
) -> None:
    client.force_login(member)
    key = upload(client, board, "a.png", samples.picture(form="PNG")).json()["key"]
    _comment(client, post, body="곧 지움", picture=key)
    comment = post.comments.get()
    client.post(f"{post.get_absolute_url()}/comments/{comment.pk}/delete")
    assert Media.objects.get(key=key).released_at is not None


def test_list_rows_mark_posts_with_pictures_and_may_show_thumbnails(
    client: Any, member: Any, board: Any
) -> None:
    from madang.media.tests.test_upload_pipeline import attachment
    from madang.writing import submit

    client.force_login(member)
    key = upload(client, board, "a.jpg", samples.picture()).json()["key"]
    submit.write_post(member=member, board=board, title="사진 글", body=attachment(key))
    submit.write_post(member=member, board=board, title="글만", body="<div>글</div>")
    page = client.get(board.get_absolute_url()).content.decode()
    assert page.count('class="media-icon"') == 1 and "사진 있음" in page
    assert "row-thumb" not in page  # thumbnails are the board's choice
    board.list_thumbnails = True
    board.save()
    page = client.get(board.get_absolute_url()).content.decode()
    assert page.count('class="row-thumb"') == 1 and "thumb.webp" in page
