"""The API shows what the pages show, by the same rule: a silent ban's writing to its
writer alone, hidden and deleted writing to nobody, blinded writing veiled."""

from __future__ import annotations

import pytest

from madang.accounts.pseudonym import author_ref_for
from madang.boards import hot
from madang.boards.actions import delete_post, set_post_status
from madang.boards.models import Post
from madang.comments import actions as comment_actions
from madang.comments.models import Comment
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban


@pytest.fixture
def troll(make_member, board, posts):
    """A silently banned member with a post and a comment written under the ban."""
    member = make_member("troll")
    ban_author(
        actor=None,
        author_ref=author_ref_for(member.pk),
        board=None,
        kind=Ban.Kind.SILENT,
        reason="도배",
        days=None,
    )
    return member


def _titles(api, path="/boards/square/posts"):
    return [row["title"] for row in api.get(path).json()["posts"]]


def test_a_silent_bans_post_shows_to_its_writer_alone(troll, as_member, guest, make_member):
    api = as_member(troll)
    written = api.post(
        "/boards/square/posts", {"title": "몰래 쓴 글", "body": "x", "category": "c2"}
    )
    assert written.status_code == 201
    assert written.json()["status"] == "published"  # nothing tells them
    number = written.json()["post"]["number"]
    assert Post.objects.get(number=number).status == Post.Status.SHADOWED
    assert "몰래 쓴 글" in _titles(api)
    assert "몰래 쓴 글" in _titles(api, f"/boards/square/posts?before={number + 1}")
    assert api.get(f"/boards/square/posts/{number}").json()["status"] == "published"
    for other in (guest, as_member(make_member())):
        assert "몰래 쓴 글" not in _titles(other)
        assert other.get(f"/boards/square/posts/{number}").status_code == 404
        assert other.get("/search?q=몰래").json()["hits"] == []
    assert [hit["post"]["number"] for hit in api.get("/search?q=몰래").json()["hits"]] == [number]


def test_a_silent_bans_comment_shows_to_its_writer_alone(troll, as_member, guest):
    api = as_member(troll)
    written = api.post("/boards/square/posts/1/comments", {"body": "몰래 단 댓글"})
    assert written.json()["status"] == "published"
    mine = api.get("/boards/square/posts/1/comments").json()
    assert [c["body"] for c in mine["comments"]] == ["몰래 단 댓글"]
    theirs = guest.get("/boards/square/posts/1/comments").json()
    assert (theirs["comments"], theirs["total"]) == ([], 0)
    assert guest.get("/boards/square/posts/1/comments?after=0").json()["comments"] == []


def test_a_silent_bans_post_is_not_hot_for_others(troll, as_member, guest, board, make_post):
    post = make_post(board, title="몰래 뜬 글", author=troll, status=Post.Status.SHADOWED)
    Post.objects.filter(pk=post.pk).update(comment_count=9, scrap_count=9)
    hot.refresh_hot_scores()
    assert [row["title"] for row in as_member(troll).get("/hot").json()["posts"]] == ["몰래 뜬 글"]
    assert guest.get("/hot").json()["posts"] == []


def test_hidden_and_deleted_posts_are_gone_for_everyone_but_a_hidden_ones_writer(
    posts, guest, writer_api
):
    set_post_status(post=posts[1], status=Post.Status.HIDDEN)
    delete_post(post=posts[2])
    assert _titles(guest) == ["글 5", "글 4", "첫 글"]
    for number in (2, 3):
        assert guest.get(f"/boards/square/posts/{number}").status_code == 404
    assert writer_api.get("/boards/square/posts/2").json()["status"] == "hidden"
    assert writer_api.get("/boards/square/posts/3").status_code == 404
    assert guest.get("/search?q=글 2").json()["hits"] == []


def test_a_blinded_post_is_veiled_to_all_but_its_writer(
    posts, guest, writer_api, make_member, as_member
):
    Post.objects.filter(pk=posts[0].pk).update(blinded=True)
    for api in (guest, as_member(make_member())):
        shown = api.get("/boards/square/posts/1").json()
        assert (shown["title"], shown["body_html"], shown["veiled"]) == (
            "가려진 글입니다",
            "",
            True,
        )
        row = api.get("/boards/square/posts").json()["posts"][-1]
        assert (row["title"], row["veiled"]) == ("가려진 글입니다", True)
        assert api.get("/search?q=첫").json()["hits"] == []
    own = writer_api.get("/boards/square/posts/1").json()
    assert (own["title"], own["veiled"]) == ("첫 글", False)


def test_hidden_deleted_and_blinded_comments(posts, make_comment, make_member, guest):
    post = posts[0]
    hidden = make_comment(post, body="가릴 댓글")
    deleted = make_comment(post, body="지울 댓글")
    blinded = make_comment(post, body="신고된 댓글")
    make_comment(post, body="멀쩡한 댓글")
    comment_actions.set_comment_status(comment=hidden, status=Comment.Status.HIDDEN)
    comment_actions.delete_comment(comment=deleted)
    Comment.objects.filter(pk=blinded.pk).update(blinded=True)
    shown = guest.get("/boards/square/posts/1/comments").json()["comments"]
    assert [(c["number"], c["state"], c["body"], c["veiled"]) for c in shown] == [
        (1, "hidden", "", False),
        (2, "deleted", "", False),
        (3, "published", "", True),
        (4, "published", "멀쩡한 댓글", False),
    ]
    assert [c["author"] for c in shown[:2]] == [None, None]
    assert guest.get("/search?q=가릴 댓글&in=comments").json()["hits"] == []
