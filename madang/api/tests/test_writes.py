"""Writing through the API: posts, comments, scraps, votes and settings, through the
writing gate, whose refusals come back with its message and a fitting status."""

from __future__ import annotations

import uuid

import pytest

from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Access, Board, Post, Scrap
from madang.comments.models import Comment
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban
from madang.moderation.words import add_banned_word

NEW = {"title": "API로 쓴 글", "body": "<p>안녕하세요</p>", "category": "c1"}


def test_a_member_writes_a_post(board, member, writer_api):
    response = writer_api.post("/boards/square/posts", NEW)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "published"
    assert body["post"]["title"] == "API로 쓴 글"
    assert body["post"]["category"] == {"slug": "c1", "name": "기사/뉴스"}
    assert body["post"]["mine"] is True
    post = Post.objects.get(board=board, number=body["post"]["number"])
    assert post.author_ref == author_ref_for(member.pk)


def test_the_pages_form_checks_the_fields(board, writer_api):
    response = writer_api.post("/boards/square/posts", {**NEW, "title": "  ", "category": None})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["title"] == ["제목을 적어 주세요."]
    assert errors["category"] == ["카테고리를 골라 주세요."]
    unknown = writer_api.post("/boards/square/posts", {**NEW, "category": "zz"})
    assert unknown.json()["errors"] == {"category": ["이 게시판에 없는 카테고리입니다."]}


def test_a_board_closed_to_the_member_refuses_with_its_message(make_board, writer_api):
    make_board("staff", post_access=Access.STAFF)
    response = writer_api.post("/boards/staff/posts", {"title": "제목", "body": "본문"})
    assert response.status_code == 403
    assert response.json()["detail"] == "이 게시판에는 운영진만 글을 쓸 수 있습니다."


def test_a_visible_ban_refuses_with_403(board, member, writer_api):
    ban_author(
        actor=None,
        author_ref=author_ref_for(member.pk),
        board=None,
        kind=Ban.Kind.VISIBLE,
        reason="욕설",
        days=3,
    )
    response = writer_api.post("/boards/square/posts", NEW)
    assert response.status_code == 403
    assert response.json()["detail"].startswith("활동이 정지되어 글을 쓸 수 없습니다. 사유: 욕설")


def test_a_banned_word_is_422_with_the_gates_message(board, make_member, writer_api):
    add_banned_word(actor=make_member(is_superuser=True), pattern="바보", board=None)
    response = writer_api.post("/boards/square/posts", {**NEW, "title": "바보 같은 글"})
    assert response.status_code == 422
    assert response.json()["detail"] == "쓸 수 없는 말이 들어 있습니다: 바보"


def test_personal_data_is_422_with_what_was_found_and_masked_when_asked(board, writer_api):
    sent = {**NEW, "body": "<p>연락 주세요 010-1234-5678</p>"}
    refused = writer_api.post("/boards/square/posts", sent)
    assert refused.status_code == 422
    found = refused.json()["personal_data"]
    assert [item["kind"] for item in found] == ["phone"]
    assert "1234" not in found[0]["masked"]
    written = writer_api.post("/boards/square/posts", {**sent, "mask_personal_data": True})
    assert written.status_code == 201
    assert "010-1234-5678" not in written.json()["post"]["body_html"]


def test_writing_too_fast_is_429_with_retry_after(board, writer_api):
    Board.objects.filter(pk=board.pk).update(post_gap_seconds=60)
    assert writer_api.post("/boards/square/posts", NEW).status_code == 201
    again = writer_api.post("/boards/square/posts", {**NEW, "title": "또 쓴 글"})
    assert again.status_code == 429
    assert int(again["Retry-After"]) > 0
    assert again.json()["retry_after"] == int(again["Retry-After"])


def test_a_retried_submission_is_stored_once(board, writer_api):
    sent = {**NEW, "submission": str(uuid.uuid4())}
    first = writer_api.post("/boards/square/posts", sent).json()["post"]["number"]
    second = writer_api.post("/boards/square/posts", sent).json()["post"]["number"]
    assert first == second
    assert Post.objects.filter(board=board).count() == 1


def test_a_member_edits_and_deletes_their_own_post(posts, writer_api):
    edited = writer_api.put("/boards/square/posts/2", {**NEW, "title": "고친 제목"})
    assert edited.status_code == 200, edited.content
    assert Post.objects.get(number=2).title == "고친 제목"
    assert writer_api.delete("/boards/square/posts/2").status_code == 204
    assert Post.objects.get(number=2).status == Post.Status.DELETED
    assert writer_api.get("/boards/square/posts/2").status_code == 404


def test_another_members_post_is_404_for_edit_and_delete(posts, make_member, as_member):
    stranger = as_member(make_member())
    assert stranger.put("/boards/square/posts/2", NEW).status_code == 404
    assert stranger.delete("/boards/square/posts/2").status_code == 404
    assert Post.objects.get(number=2).status == Post.Status.PUBLISHED


def test_a_member_comments_replies_edits_and_deletes(posts, writer_api):
    written = writer_api.post("/boards/square/posts/1/comments", {"body": "첫 댓글"})
    assert written.status_code == 201, written.content
    comment = written.json()["comment"]
    assert (comment["number"], comment["by_post_author"], comment["mine"]) == (1, True, True)
    reply = writer_api.post(
        "/boards/square/posts/1/comments", {"body": "답글", "parent": comment["id"]}
    ).json()["comment"]
    assert reply["parent_id"] == comment["id"]
    path = f"/boards/square/posts/1/comments/{comment['id']}"
    assert writer_api.put(path, {"body": "고친 댓글"}).json()["comment"]["body"] == "고친 댓글"
    assert writer_api.delete(path).status_code == 204
    shown = writer_api.get("/boards/square/posts/1/comments").json()["comments"]
    assert (shown[0]["state"], shown[0]["body"], shown[0]["author"]) == ("deleted", "", None)


def test_an_empty_comment_and_a_reply_to_nothing_are_422(posts, writer_api):
    empty = writer_api.post("/boards/square/posts/1/comments", {"body": "  "})
    assert empty.json()["errors"] == {"body": ["댓글을 적어 주세요."]}
    orphan = writer_api.post("/boards/square/posts/1/comments", {"body": "답", "parent": 999})
    assert orphan.status_code == 422


def test_another_members_comment_is_404_for_edit_and_delete(
    posts, make_comment, make_member, as_member
):
    comment = make_comment(posts[0])
    stranger = as_member(make_member())
    path = f"/boards/square/posts/1/comments/{comment.pk}"
    assert stranger.put(path, {"body": "남의 댓글"}).status_code == 404
    assert stranger.delete(path).status_code == 404
    assert Comment.objects.get(pk=comment.pk).body == "댓글"


def test_scraps_are_put_and_deleted(posts, make_member, as_member):
    reader = make_member()
    api = as_member(reader)
    assert api.put("/boards/square/posts/3/scrap").json() == {"scrapped": True, "scrap_count": 1}
    assert api.put("/boards/square/posts/3/scrap").json() == {"scrapped": True, "scrap_count": 1}
    assert api.get("/boards/square/posts/3").json()["scrapped"] is True
    assert [row["number"] for row in api.get("/me/scraps").json()["posts"]] == [3]
    assert api.delete("/boards/square/posts/3/scrap").json() == {
        "scrapped": False,
        "scrap_count": 0,
    }
    assert Scrap.objects.count() == 0


def test_votes_go_through_the_gate(posts, make_member, as_member, writer_api):
    voter = as_member(make_member())
    assert voter.post("/boards/square/posts/3/vote", {"value": "up"}).json() == {
        "my_vote": "up",
        "up_count": 1,
        "down_count": 0,
    }
    again = voter.post("/boards/square/posts/3/vote", {"value": "up"}).json()
    assert (again["my_vote"], again["up_count"]) == (None, 0)  # the same again takes it back
    own = writer_api.post("/boards/square/posts/3/vote", {"value": "up"})
    assert own.status_code == 403
    assert own.json()["detail"] == "자기 글은 추천할 수 없습니다."
    down = voter.post("/boards/square/posts/3/vote", {"value": "down"})
    assert down.json()["detail"] == "이 게시판은 비추천을 받지 않습니다."


@pytest.mark.parametrize("value", ["sideways", ""])
def test_a_vote_that_is_neither_up_nor_down_is_422(posts, writer_api, value):
    assert writer_api.post("/boards/square/posts/3/vote", {"value": value}).status_code == 422


def test_settings_hide_categories_and_mute_words_in_the_lists(posts, make_member, as_member):
    api = as_member(make_member())
    saved = api.put(
        "/me/settings",
        {"hidden_categories": [{"board": "square", "category": "c0"}], "muted_words": ["글 3"]},
    )
    assert saved.json() == {
        "hidden_categories": [{"board": "square", "category": "c0"}],
        "muted_words": ["글 3"],
    }
    assert api.get("/me/settings").json() == saved.json()
    titles = [row["title"] for row in api.get("/boards/square/posts").json()["posts"]]
    assert titles == ["글 5", "글 4", "글 2"]
    missing = api.put("/me/settings", {"hidden_categories": [{"board": "x", "category": "y"}]})
    assert missing.status_code == 422


def test_writes_and_settings_need_a_member(guest, posts):
    assert guest.post("/boards/square/posts", NEW).status_code == 401
    assert guest.put("/boards/square/posts/3/scrap").status_code == 401
    assert guest.get("/me/settings").status_code == 401
    response = guest.post("/boards/square/posts/1/comments", {"body": "손님"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_the_same_article_again_is_409_with_the_earlier_post_until_seen(
    board, make_member, as_member, writer_api
):
    article = "https://www.hanbit-ilbo.example/news/articleView.html?idxno=40213"
    sent = {
        "title": "버스 요금 오른대요",
        "body": "<p>본문</p>",
        "category": "c1",
        "source_url": article,
    }
    first = writer_api.post(f"/boards/{board.slug}/posts", sent)
    assert first.status_code == 201
    other = as_member(make_member("second-writer"))
    again = {**sent, "title": "시내버스 요금 인상 소식", "source_url": article + "&utm_source=x"}
    refused = other.post(f"/boards/{board.slug}/posts", again)
    assert refused.status_code == 409
    body = refused.json()
    assert body["may_post_anyway"] is True
    [earlier] = body["duplicates"]
    assert earlier["number"] == first.json()["post"]["number"]
    assert earlier["same_link"] is True
    assert set(earlier) == {"board", "number", "title", "url", "same_link"}  # no author
    seen = other.post(f"/boards/{board.slug}/posts", {**again, "duplicates_seen": True})
    assert seen.status_code == 201
