from __future__ import annotations

import threading

import pytest
from bs4 import BeautifulSoup
from django.db import connections, transaction
from django.test import Client

from madang.accounts import throttle
from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards.actions import set_post_status
from madang.boards.models import Post
from madang.comments.actions import CommentRefused, create_comment, delete_comment
from madang.comments.models import Comment

HTMX = {"HX-Request": "true"}


@pytest.fixture
def post(board, make_post, make_member):
    return make_post(board, title="댓글 받을 글", author=make_member("poster"))


@pytest.fixture
def commenter(client, make_member):
    member = make_member("commenter")
    client.force_login(member)
    return member


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_a_comment_without_htmx_redirects_to_itself(client, commenter, post):
    response = client.post("/square/1/comments", {"body": "좋은 글이네요"})
    comment = Comment.objects.get()
    assert response["Location"] == f"/square/1#c{comment.pk}"
    assert comment.body == "좋은 글이네요"
    assert Post.objects.get(pk=post.pk).comment_count == 1


def test_a_comment_with_htmx_brings_everything_new_and_a_fresh_form(
    client, commenter, post, make_member
):
    other = make_member()
    earlier = create_comment(post=post, author=other, body="먼저 단 댓글")
    create_comment(post=post, author=other, body="그사이 달린 댓글")
    response = client.post(
        "/square/1/comments", {"body": "내 댓글", "after": earlier.pk}, headers=HTMX
    )
    page = parse(response)
    bodies = [
        node.get_text()
        for node in page.select("#comment-list .comment-body, .thread .comment-body")
    ]
    assert bodies == ["그사이 달린 댓글", "내 댓글"]
    assert page.select_one("#comment-count").get_text() == "3"
    # the post's line
    assert page.select_one("#post-comment-count[data-hx-swap-oob]").get_text() == "3"
    fresh = page.select_one("#comment-form-slot[data-hx-swap-oob] textarea")
    assert fresh.get_text() == ""


def test_a_reply_joins_the_thread_of_the_comment_replied_to(client, commenter, post, make_member):
    root = create_comment(post=post, author=make_member(), body="뿌리")
    first_reply = create_comment(post=post, author=make_member(), body="답", parent=root)
    response = client.post(
        "/square/1/comments",
        {"body": "답의 답", "parent": first_reply.pk, "after": first_reply.pk, "from": root.pk},
        headers=HTMX,
    )
    reply = Comment.objects.get(body="답의 답")
    assert reply.parent_id == root.pk  # one level only
    page = parse(response)
    swap = page.select_one(f"[data-hx-swap-oob='beforeend:#replies-{root.pk}']")
    assert swap.select_one(".comment")["id"] == f"c{reply.pk}"
    assert page.select_one(f"#reply-slot-{root.pk}[data-hx-swap-oob]").get_text(strip=True) == ""


def test_reply_form_comes_for_a_top_level_comment_only(client, commenter, post, make_member):
    root = create_comment(post=post, author=make_member(), body="뿌리")
    reply = create_comment(post=post, author=make_member(), body="답", parent=root)
    form = parse(client.get(f"/square/1/comments/{root.pk}/reply", headers=HTMX))
    assert form.select_one("input[name=parent]")["value"] == str(root.pk)
    assert client.get(f"/square/1/comments/{reply.pk}/reply").status_code == 404


def test_post_page_shows_threads_with_the_post_authors_mark(client, post, make_member):
    poster = make_member("poster2")
    post.author_ref = author_ref_for(poster.pk)
    Post.objects.filter(pk=post.pk).update(author_ref=post.author_ref)
    root = create_comment(post=post, author=make_member(), body="질문 있어요")
    create_comment(post=post, author=poster, body="답해 드릴게요", parent=root)
    create_comment(post=post, author=make_member(), body="다음 댓글")
    page = parse(client.get("/square/1"))
    threads = page.select("#comment-list > .thread")
    assert len(threads) == 2
    replies = threads[0].select(".replies .comment")
    assert [r.select_one(".comment-body").get_text() for r in replies] == ["답해 드릴게요"]
    assert "by-author" in replies[0]["class"]
    assert [n.get_text() for n in page.select(".comment .ordinal")] == ["1", "2", "3"]


def test_a_deleted_comment_keeps_its_place_and_number(client, commenter, post, make_member):
    root = create_comment(post=post, author=commenter, body="지울 댓글")
    create_comment(post=post, author=make_member(), body="남을 답글", parent=root)
    lonely = create_comment(post=post, author=commenter, body="혼자 지울 댓글")
    create_comment(post=post, author=make_member(), body="마지막 댓글")
    response = client.post(f"/square/1/comments/{root.pk}/delete", headers=HTMX)
    assert "삭제된 댓글입니다." in response.content.decode()
    response = client.post(f"/square/1/comments/{lonely.pk}/delete", headers=HTMX)
    assert parse(response).select_one(f"#c{lonely.pk} .ordinal").get_text() == "3"
    page = parse(client.get("/square/1"))
    assert page.select_one(f"#c{root.pk} .removed").get_text() == "삭제된 댓글입니다."
    assert page.select_one(f"#c{lonely.pk} .removed").get_text() == "삭제된 댓글입니다."
    assert "혼자 지울 댓글" not in page.decode()
    # "4번 댓글" is still the last one: numbers never move.
    assert [n.get_text() for n in page.select(".comment .ordinal")] == ["1", "2", "3", "4"]
    assert Post.objects.get(pk=post.pk).comment_count == 2


def test_edit_own_comment(client, commenter, post):
    comment = create_comment(post=post, author=commenter, body="오타 있는 댓글")
    form = parse(client.get(f"/square/1/comments/{comment.pk}/edit", headers=HTMX))
    assert form.select_one("textarea").get_text() == "오타 있는 댓글"
    line = parse(
        client.post(f"/square/1/comments/{comment.pk}/edit", {"body": "고친 댓글"}, headers=HTMX)
    )
    assert line.select_one(".comment-body").get_text() == "고친 댓글"
    edited = line.select_one(".edited")
    assert edited.get_text().startswith("수정됨 ")
    assert edited.select_one("time")["datetime"]
    comment.refresh_from_db()
    assert comment.edited_at is not None


def test_another_members_comment_is_404_to_edit_and_delete(client, commenter, post, make_member):
    theirs = create_comment(post=post, author=make_member(), body="남의 댓글")
    assert client.get(f"/square/1/comments/{theirs.pk}/edit").status_code == 404
    assert client.post(f"/square/1/comments/{theirs.pk}/edit", {"body": "x"}).status_code == 404
    assert client.post(f"/square/1/comments/{theirs.pk}/delete").status_code == 404
    assert Comment.objects.get(pk=theirs.pk).body == "남의 댓글"


def test_commenting_on_a_deleted_post_keeps_the_text(client, commenter, post):
    set_post_status(post=post, status=Post.Status.DELETED)
    response = client.post("/square/1/comments", {"body": "늦게 단 댓글"}, headers=HTMX)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#comment-form-slot"
    page = parse(response)
    assert "글이 지워져서 댓글을 달 수 없습니다." in page.get_text()
    assert page.select_one("textarea").get_text() == "늦게 단 댓글"
    plain = client.post("/square/1/comments", {"body": "늦게 단 댓글"})
    assert plain.status_code == 409 and "늦게 단 댓글" in plain.content.decode()


def test_replying_to_a_deleted_comment_keeps_the_text(client, commenter, post, make_member):
    root = create_comment(post=post, author=make_member(), body="곧 지워질 댓글")
    delete_comment(comment=root)
    response = client.post(
        "/square/1/comments", {"body": "답글입니다", "parent": root.pk}, headers=HTMX
    )
    assert response.status_code == 409
    assert response["HX-Retarget"] == f"#reply-slot-{root.pk}"
    assert "지워진 댓글에는 답글을 달 수 없습니다." in response.content.decode()
    assert "답글입니다" in response.content.decode()


@pytest.mark.parametrize(
    ("body", "message"), [("   ", "댓글을 적어 주세요."), ("가" * 3001, "3,000자까지")]
)
def test_bad_comments_explain_and_keep_the_text(client, commenter, post, body, message):
    response = client.post("/square/1/comments", {"body": body}, headers=HTMX)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Comment.objects.count() == 0


def test_personal_data_in_a_comment_is_caught_and_can_be_masked(client, commenter, post):
    data = {"body": "연락 주세요 010-2345-6789"}
    response = client.post("/square/1/comments", data, headers=HTMX)
    assert response.status_code == 400
    page = parse(response)
    assert "전화번호: 010-****-6789" in page.get_text(" ", strip=True)
    assert page.select_one("textarea").get_text() == data["body"]
    assert not Comment.objects.exists()
    client.post("/square/1/comments", {**data, "personal_data": "mask"}, headers=HTMX)
    assert Comment.objects.get().body == "연락 주세요 010-****-6789"


def test_comment_limit_per_member_answers_429(client, commenter, post, board):
    board.comments_per_hour = 2
    board.save()
    for index in range(2):
        assert client.post("/square/1/comments", {"body": f"댓글 {index}"}).status_code == 302
    response = client.post("/square/1/comments", {"body": "세 번째"}, headers=HTMX)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "댓글을 너무 자주 달았습니다" in response.content.decode()
    assert "세 번째" in response.content.decode()


def test_comments_wait_a_moment_when_the_limits_cannot_be_checked(
    client, commenter, post, monkeypatch
):
    def away(pairs, **_store):  # Redis and the database both: nowhere to count
        raise throttle.ThrottleUnavailable

    monkeypatch.setattr(throttle, "hits_many", away)
    response = client.post("/square/1/comments", {"body": "못 단 댓글"}, headers=HTMX)
    assert response.status_code == 503
    assert response["Retry-After"] == str(throttle.RETRY_WHEN_UNAVAILABLE)
    assert "지금은 댓글을 받을 수 없습니다" in response.content.decode()
    assert "못 단 댓글" in response.content.decode()
    assert not Comment.objects.exists()


def test_guests_cannot_comment(client, post):
    response = client.post("/square/1/comments", {"body": "손님 댓글"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Comment.objects.exists()


def test_a_new_comment_is_visible_to_the_next_guest(client, commenter, post):
    client.post("/square/1/comments", {"body": "바로 보여야 하는 댓글"})
    assert "바로 보여야 하는 댓글" in Client().get("/square/1").content.decode()


def test_a_locked_or_gone_post_refuses_comments_and_keeps_nothing(post, make_member):
    writer = make_member()
    Post.objects.filter(pk=post.pk).update(comments_locked=True)
    # A refusal rolls back the writer's whole transaction: the caller starts a new one.
    with pytest.raises(CommentRefused, match="잠긴"), transaction.atomic():
        create_comment(post=post, author=writer, body="잠긴 글에")
    Post.objects.filter(pk=post.pk).update(comments_locked=False)
    set_post_status(post=post, status=Post.Status.DELETED)
    with pytest.raises(CommentRefused, match="지워져서"), transaction.atomic():
        create_comment(post=post, author=writer, body="지운 글에")
    assert not Comment.objects.filter(post=post).exists()
    assert Post.objects.get(pk=post.pk).comment_count == 0


def test_a_silently_banned_writer_comments_on_their_own_shadowed_post(post, make_member):
    set_post_status(post=post, status=Post.Status.SHADOWED)
    author = Member.objects.get(username="poster")
    comment = create_comment(post=post, author=author, body="내 글에 내 댓글")
    assert comment.pk is not None
    assert Post.objects.get(pk=post.pk).comment_count == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_writers_on_one_post_keep_its_count_exact(make_board, make_member, make_post):
    board = make_board("busy")
    post = make_post(board, title="붐비는 글", author=make_member())
    writers = [make_member() for _ in range(8)]
    errors: list[BaseException] = []

    def write(member: Member) -> None:
        try:
            for index in range(10):
                create_comment(post=post, author=member, body=f"댓글 {index}")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(member,)) for member in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Comment.objects.filter(post=post).count() == 80
    assert Post.objects.get(pk=post.pk).comment_count == 80
    numbers = list(
        Comment.objects.filter(post=post).order_by("number").values_list("number", flat=True)
    )
    assert numbers == list(range(1, 81))  # each number given once, none skipped
    assert Post.objects.get(pk=post.pk).last_comment_number == 80


@pytest.mark.postgres
@pytest.mark.redis
def test_a_comment_write_costs_six_statements(client, commenter, post, django_assert_num_queries):
    """The busiest write there is: the post, the comment, its search entry (one upsert,
    docs/search.md), the post writer's notification (one statement that checks their
    settings and counts it on their bell, docs/notifications.md), the address kept for
    abuse handling, the count and number taken under the post's lock, the number set;
    the gate's limits live in Redis (the savepoint pair is the test's transaction)."""
    client.post("/square/1/comments", {"body": "처음"})
    with django_assert_num_queries(9):
        assert client.post("/square/1/comments", {"body": "다음"}).status_code == 302
