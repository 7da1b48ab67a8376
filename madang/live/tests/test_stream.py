"""GET /live/<board>/<number>: who may follow a post, and what the stream says.

These run the stream application with the database feed (the embedded default,
no Redis); test_redis_feed.py runs it with Redis.
"""

from __future__ import annotations

import pytest

from madang.boards import actions as board_actions
from madang.boards.models import Access
from madang.comments import actions as comment_actions
from madang.comments.models import Comment
from madang.live.stream import LiveApp
from madang.live.tests.streaming import served
from madang.live.views import follow_post
from madang.site.bench_setup import session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_published_comment_reaches_the_stream_as_its_id(
    database_stream, board, make_post, make_comment, make_member
):
    post = make_post(board)
    stream = database_stream.open(f"/live/square/{post.number}")
    assert stream.status == 200
    assert stream.headers["Content-Type"] == "text/event-stream; charset=utf-8"
    assert stream.headers["Cache-Control"] == "no-store"
    assert stream.headers["X-Accel-Buffering"] == "no"
    assert stream.next().fields == {"retry": "5000"}
    database_stream.wait_for_streams(1)

    comment = make_comment(post, body="실시간으로 갈 댓글", author=make_member())

    event = stream.next_event()
    assert event.fields == {"id": str(comment.pk), "event": "comment", "data": str(comment.pk)}


def test_held_and_shadowed_comments_send_nothing(
    database_stream, board, make_post, make_comment, make_member
):
    post = make_post(board)
    stream = database_stream.open(f"/live/square/{post.number}")
    database_stream.wait_for_streams(1)
    writer = make_member()
    for status in (Comment.Status.HELD, Comment.Status.SHADOWED):
        comment_actions.create_comment(post=post, author=writer, body="숨은 댓글", status=status)
    shown = make_comment(post, body="보이는 댓글", author=make_member())

    assert stream.next_event().fields["data"] == str(shown.pk)  # the first event is this one


@pytest.fixture
def beating_stream(live_settings):  # type: ignore[no-untyped-def]
    live_settings.MADANG_LIVE_HEARTBEAT = 0.2
    live_settings.REDIS_URL = ""
    with served(LiveApp(follow_post)) as running:
        yield running


def test_the_heartbeat_keeps_an_idle_stream_open(beating_stream, board, make_post):
    post = make_post(board)
    stream = beating_stream.open(f"/live/square/{post.number}")
    stream.next()  # retry advice
    assert stream.next().comments == ["heartbeat"]
    assert stream.next().comments == ["heartbeat"]


def test_a_browser_that_comes_back_gets_what_it_missed(
    database_stream, board, make_post, make_comment, make_member
):
    post = make_post(board)
    first, second, third = (make_comment(post, author=make_member()) for _ in range(3))

    back = database_stream.open(f"/live/square/{post.number}", **{"Last-Event-ID": str(first.pk)})
    assert [back.next_event().fields["id"] for _ in range(2)] == [str(second.pk), str(third.pk)]

    # A page that shows comments up to ``second`` and opens its stream
    fresh = database_stream.open(f"/live/square/{post.number}?after={second.pk}")
    assert fresh.next_event().fields["id"] == str(third.pk)


def test_a_board_closed_to_the_reader_is_refused(
    database_stream, make_board, make_post, make_member
):
    closed = make_board("inner", read_access=Access.MEMBERS)
    post = make_post(closed)

    guest = database_stream.open(f"/live/inner/{post.number}")
    assert guest.status == 403
    assert "event-stream" not in guest.headers["Content-Type"]

    member = database_stream.open(
        f"/live/inner/{post.number}", Cookie=session_cookie(make_member())
    )
    assert member.status == 200


def test_a_missing_post_is_404(database_stream, board, make_post, member):
    post = make_post(board)
    assert database_stream.open(f"/live/square/{post.number + 1}").status == 404
    assert database_stream.open(f"/live/nowhere/{post.number}").status == 404
    assert database_stream.open("/live/square/").status == 404
    board_actions.delete_post(post=post)
    assert database_stream.open(f"/live/square/{post.number}").status == 404


def test_health_counts_open_streams(database_stream, board, make_post):
    post = make_post(board)
    assert database_stream.health() == {"streams": 0, "feed": "database"}
    database_stream.open(f"/live/square/{post.number}")
    database_stream.open(f"/live/square/{post.number}")
    database_stream.wait_for_streams(2)
    database_stream.streams[0].close()
    database_stream.wait_for_streams(1)
