"""The caller's notifications through the API: what the page lists, read state, anonymity."""

from __future__ import annotations

from madang.accounts.pseudonym import author_ref_for
from madang.boards import actions
from madang.writing import submit


def comment(member, post, body):
    written, _ = submit.write_comment(member=member, post=post, body=body)
    return written


def test_a_comment_on_my_post_is_listed_then_read(
    posts, member, make_member, writer_api, django_capture_on_commit_callbacks
):
    stranger = make_member("stranger_commenter")
    with django_capture_on_commit_callbacks(execute=True):
        written = comment(stranger, posts[0], "좋은 글이네요")
    response = writer_api.get("/me/notifications")
    assert response.status_code == 200
    body = response.json()
    assert body["unread"] == 1
    [line] = body["notifications"]
    assert line["kind"] == "comment"
    assert line["read"] is False
    assert line["post"]["number"] == posts[0].number
    assert line["comment_id"] == written.pk
    assert line["comment_excerpt"] == "좋은 글이네요"
    raw = response.content.decode()
    for secret in ("stranger_commenter", author_ref_for(stranger.pk), str(stranger.pk) + ","):
        assert secret not in raw
    read = writer_api.post("/me/notifications/read", {"ids": [line["id"]]})
    assert read.json() == {"unread": 0}
    assert writer_api.get("/me/notifications").json()["notifications"][0]["read"] is True


def test_writing_since_deleted_shows_nothing_of_itself(
    posts, make_member, writer_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment(make_member("someone"), posts[1], "곧 숨겨질 글에 댓글")
    actions.delete_post(post=posts[1])
    [line] = writer_api.get("/me/notifications").json()["notifications"]
    assert line["post"] is None
    assert line["comment_excerpt"] is None


def test_notifications_are_members_only_and_marking_them_needs_a_write_token(
    guest, posts, member, as_member
):
    assert guest.get("/me/notifications").status_code == 401
    reader = as_member(member, scope="read")
    assert reader.get("/me/notifications").status_code == 200
    assert reader.post("/me/notifications/read", {}).status_code == 403
