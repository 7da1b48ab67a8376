"""Without Redis: the stream process reads the comments table, one query per look for
every post its streams follow, and the Django app says there is no stream."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from madang.comments import actions as comment_actions
from madang.comments.models import Comment
from madang.live.feeds import DatabaseFeed
from madang.live.hub import Hub

pytestmark = pytest.mark.django_db(transaction=True)  # the feed reads from another thread

T = TypeVar("T")


def in_a_thread(look: Callable[[], Awaitable[T]]) -> T:
    """``look`` run to its end from a thread of its own, whose database connection its
    synchronous parts share: the browser tests leave Playwright's event loop in this one."""
    done: dict[str, Any] = {}

    def run() -> None:
        try:
            done["value"] = async_to_sync(look)()
        except BaseException as error:
            done["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in done:
        raise done["error"]
    return done["value"]


def test_one_query_looks_at_every_followed_post(board, make_post, make_member):
    followed = [make_post(board) for _ in range(3)]
    elsewhere = make_post(board)
    writer = make_member()

    @sync_to_async
    def write() -> None:
        for post in (followed[0], followed[2], elsewhere):
            comment_actions.create_comment(post=post, author=writer, body="새 댓글")
        comment_actions.create_comment(
            post=followed[1], author=writer, body="숨은", status=Comment.Status.SHADOWED
        )

    async def look() -> tuple[int, int, int, dict[int, list[str]]]:
        hub = Hub()
        feed = DatabaseFeed(hub, every=60)
        await feed.start()  # where the comments end now
        await feed.stop()
        topics = {post.pk: hub.follow(f"post:{post.pk}") for post in followed}
        await write()
        queries = CaptureQueriesContext(connection)
        await sync_to_async(queries.__enter__)()
        sent = await feed.poll()
        await sync_to_async(queries.__exit__)(None, None, None)
        counted = await sync_to_async(lambda: len(queries))()  # that thread's connection's log
        again = await feed.poll()  # the look-back reads them again, and sends nothing twice
        seen = {pk: [event.name for _, event, _ in topic.recent] for pk, topic in topics.items()}
        return counted, sent, again, seen

    queries, sent, again, seen = in_a_thread(look)
    assert (queries, sent, again) == (1, 2, 0)
    assert seen == {followed[0].pk: ["comment"], followed[1].pk: [], followed[2].pk: ["comment"]}


def test_a_comment_that_commits_after_a_newer_one_is_still_found(board, make_post, make_member):
    """PostgreSQL gives ids at insert: a comment may become visible after a newer one."""
    post = make_post(board)
    writer = make_member()

    @sync_to_async
    def write() -> list[Comment]:
        return [
            comment_actions.create_comment(post=post, author=writer, body=str(n)) for n in range(2)
        ]

    async def look() -> list[int]:
        hub = Hub()
        feed = DatabaseFeed(hub, every=60)
        topic = hub.follow(f"post:{post.pk}")
        late, early = await write()
        await sync_to_async(Comment.objects.filter(pk=late.pk).update)(status="held")
        feed.high = early.pk - 1  # the feed looked just before ``early`` was written
        await feed.poll()
        await sync_to_async(Comment.objects.filter(pk=late.pk).update)(status="published")
        await feed.poll()  # ``late`` committed now, below the newest id seen
        return [event.comment_id for _, event, _ in topic.recent]

    found = in_a_thread(look)
    assert len(found) == 2 and found[0] > found[1]  # the late one, after the newer one


def test_without_a_stream_process_the_app_answers_no_content(client, board, make_post):
    post = make_post(board)
    response = client.get(f"/live/square/{post.number}")
    assert response.status_code == 204
    assert response["Cache-Control"] == "no-store"
