"""ETags and conditional GETs on lists and posts; who may keep an answer."""

from __future__ import annotations

import pytest

from madang.boards.models import Post


@pytest.mark.parametrize(
    "path",
    ["/boards/square/posts", "/boards/square/posts/1", "/boards/square/posts/1/comments", "/hot"],
)
def test_an_answer_the_client_has_is_304_without_a_body(posts, guest, path):
    first = guest.get(path)
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = guest.get(path, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    weak = guest.get(path, **{"If-None-Match": f"W/{etag}"})  # as a compressing proxy marks it
    assert weak.status_code == 304


def test_a_changed_answer_is_sent_again(posts, guest):
    etag = guest.get("/boards/square/posts")["ETag"]
    Post.objects.filter(number=5).update(title="바뀐 제목")
    changed = guest.get("/boards/square/posts", **{"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_guests_answers_may_be_kept_by_any_cache_but_checked_first(posts, guest):
    response = guest.get("/boards/square/posts")
    assert response["Cache-Control"] == "no-cache"
    assert {"Authorization", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_members_answers_are_private(posts, writer_api):
    response = writer_api.get("/boards/square/posts/1")
    assert response["Cache-Control"] == "private, no-cache"
    assert "Authorization" in response["Vary"]


def test_a_members_answer_and_a_guests_differ_in_their_etags(posts, guest, writer_api):
    # The writer's own post says "mine": the ETag cannot be the guest's.
    assert (
        writer_api.get("/boards/square/posts/1")["ETag"]
        != guest.get("/boards/square/posts/1")["ETag"]
    )
