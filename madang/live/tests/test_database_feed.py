"""Without Redis: the stream process reads the comments table, one query per look for
every post its streams follow, and the Django app says there is no stream."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from madang.comments import actions as comment_actions
from madang.comments.models import Comment
from madang.live.feeds import DatabaseFeed
from madang.live.hub import Hub, Topic

pytestmark = pytest.mark.django_db


def test_one_query_looks_at_every_followed_post(
    board, make_post, make_member, django_assert_num_queries
):
    followed = [make_post(board) for _ in range(3)]
    elsewhere = make_post(board)
    writer = make_member()
    hub = Hub()
    feed = DatabaseFeed(hub, every=60)

    async def follow() -> dict[int, Topic]:
        return {post.pk: hub.follow(f"post:{post.pk}") for post in followed}

    topics = async_to_sync(follow)()
    feed.high = Comment.objects.order_by("-id").values_list("id", flat=True).first() or 0
    for post in (followed[0], followed[2], elsewhere):
        comment_actions.create_comment(post=post, author=writer, body="새 댓글")
    comment_actions.create_comment(
        post=followed[1], author=writer, body="숨은", status=Comment.Status.SHADOWED
    )

    with django_assert_num_queries(1):
        assert async_to_sync(feed.poll)() == 2
    assert async_to_sync(feed.poll)() == 0  # the look-back reads them again, sends nothing twice
    seen = {pk: [event.name for _, event in topic.recent] for pk, topic in topics.items()}
    assert seen == {followed[0].pk: ["comment"], followed[1].pk: [], followed[2].pk: ["comment"]}


def test_a_comment_that_commits_after_a_newer_one_is_still_found(board, make_post, make_member):
    """PostgreSQL gives ids at insert: a comment may become visible after a newer one."""
    post = make_post(board)
    writer = make_member()

    async def look() -> list[int]:
        hub = Hub()
        feed = DatabaseFeed(hub, every=60)
        topic = hub.follow(f"post:{post.pk}")
        late, early = await sync_to_async(
            lambda: [
                comment_actions.create_comment(post=post, author=writer, body=str(n))
                for n in range(2)
            ]
        )()
        await sync_to_async(Comment.objects.filter(pk=late.pk).update)(status="held")
        feed.high = early.pk - 1  # the feed looked just before ``early`` was written
        await feed.poll()
        await sync_to_async(Comment.objects.filter(pk=late.pk).update)(status="published")
        await feed.poll()  # ``late`` committed now, below the newest id seen
        return [event.comment_id for _, event in topic.recent]

    found = async_to_sync(look)()
    assert len(found) == 2 and found[0] > found[1]  # the late one, after the newer one


def test_without_a_stream_process_the_app_answers_no_content(client, board, make_post):
    post = make_post(board)
    response = client.get(f"/live/square/{post.number}")
    assert response.status_code == 204
    assert response["Cache-Control"] == "no-store"
