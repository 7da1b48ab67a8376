"""With Redis: events published after the commit, one subscription per stream process,
fanned out to every local stream of the post, and replayed from the post's buffer."""

from __future__ import annotations

import socket

import pytest
import redis
from django.conf import settings

from madang.comments import actions as comment_actions
from madang.comments.models import Comment
from madang.live.publishing import CHANGED, buffer_key, channel_name, post_topic

pytestmark = pytest.mark.redis


def client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL)


def buffered(post_id: int) -> list[tuple[str, str]]:
    """(kind, comment id) of each event in the post's replay buffer, oldest first."""
    entries = client().xrange(buffer_key(post_topic(post_id)))
    return [(fields[b"k"].decode(), fields[b"c"].decode()) for _, fields in entries]


@pytest.mark.django_db
def test_events_leave_after_the_commit_for_published_comments_only(
    board, make_post, make_member, django_capture_on_commit_callbacks
):
    post = make_post(board)
    writer = make_member()
    with django_capture_on_commit_callbacks() as waiting:
        shown = comment_actions.create_comment(post=post, author=writer, body="보이는 댓글")
        assert buffered(post.pk) == []  # not before the commit
    for status in (Comment.Status.HELD, Comment.Status.SHADOWED):
        with django_capture_on_commit_callbacks(execute=True):
            comment_actions.create_comment(post=post, author=writer, body="숨은", status=status)
    assert buffered(post.pk) == []
    for callback in waiting:
        callback()
    assert buffered(post.pk) == [("comment", str(shown.pk))]


@pytest.mark.django_db
def test_edits_hides_and_deletes_are_changes(
    board, make_post, make_member, django_capture_on_commit_callbacks
):
    post = make_post(board)
    writer = make_member()
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_actions.create_comment(post=post, author=writer, body="처음")
        comment = Comment.objects.get(pk=comment.pk)
        comment_actions.edit_comment(comment=comment, body="고친 댓글")
        comment_actions.set_comment_status(comment=comment, status=Comment.Status.HIDDEN)
        held = comment_actions.create_comment(
            post=post, author=writer, body="검토 뒤", status=Comment.Status.HELD
        )
        comment_actions.set_comment_status(comment=held, status=Comment.Status.PUBLISHED)
    assert buffered(post.pk) == [
        ("comment", str(comment.pk)),
        (CHANGED, str(comment.pk)),
        (CHANGED, str(comment.pk)),
        ("comment", str(held.pk)),  # published after review: new to everyone else
    ]


def subscribers() -> int:
    db = int(client().connection_pool.connection_kwargs.get("db", 0))
    return int(dict(client().pubsub_numsub(channel_name(db)))[channel_name(db).encode()])


@pytest.mark.django_db(transaction=True)
def test_one_subscription_serves_every_stream_of_the_process(
    redis_stream, make_board, make_post, make_comment, make_member
):
    board = make_board("square")
    busy, quiet = make_post(board), make_post(board)
    readers = [redis_stream.open(f"/live/square/{busy.number}") for _ in range(3)]
    other = redis_stream.open(f"/live/square/{quiet.number}")
    redis_stream.wait_for_streams(4)
    assert redis_stream.health()["feed"] == "redis"
    assert subscribers() == 1

    comment = make_comment(busy, author=make_member())

    events = [reader.next_event().fields for reader in readers]
    assert {event["data"] for event in events} == {str(comment.pk)}
    assert len({event["id"] for event in events}) == 1 and "-" in events[0]["id"]  # Redis's id
    other.next()  # retry advice
    other.connection.sock.settimeout(0.5)
    with pytest.raises(socket.timeout):
        other.next()  # nothing for the other post
    assert subscribers() == 1


@pytest.mark.django_db(transaction=True)
def test_a_browser_that_comes_back_is_replayed_from_the_buffer(
    redis_stream, board, make_post, make_comment, make_member
):
    post = make_post(board)
    comments = [make_comment(post, author=make_member()) for _ in range(3)]
    ids = [entry_id.decode() for entry_id, _ in client().xrange(buffer_key(post_topic(post.pk)))]

    back = redis_stream.open(f"/live/square/{post.number}", **{"Last-Event-ID": ids[0]})
    replayed = [back.next_event().fields for _ in range(2)]
    assert [(event["id"], event["data"]) for event in replayed] == [
        (ids[1], str(comments[1].pk)),
        (ids[2], str(comments[2].pk)),
    ]

    fresh = redis_stream.open(f"/live/square/{post.number}?after={comments[1].pk}")
    assert fresh.next_event().fields["data"] == str(comments[2].pk)
    fresh.connection.sock.settimeout(0.5)
    with pytest.raises(socket.timeout):
        fresh.next_event()  # nothing else: the page already shows the first two


@pytest.mark.django_db(transaction=True)
def test_a_members_stream_carries_their_unread_count_and_nobody_elses(
    redis_stream, make_board, make_post, make_member
):
    from django.test import Client

    from madang.accounts.pseudonym import author_ref_for
    from madang.live.publishing import member_topic
    from madang.notifications.actions import mark_all_read
    from madang.writing import submit

    board = make_board("square")
    writer, other, commenter = make_member("writer"), make_member("other"), make_member("visitor")
    post = make_post(board, author=writer)

    def session_of(member) -> str:
        client = Client()
        client.force_login(member)
        return f"sessionid={client.cookies['sessionid'].value}"

    mine = redis_stream.open(f"/live/square/{post.number}", Cookie=session_of(writer))
    theirs = redis_stream.open(f"/live/square/{post.number}", Cookie=session_of(other))
    guest = redis_stream.open(f"/live/square/{post.number}")
    redis_stream.wait_for_streams(3)

    submit.write_comment(member=commenter, post=post, body="좋은 글이네요")
    seen = [mine.next_event(), mine.next_event()]
    assert sorted(message.event for message in seen) == ["comment", "unread"]
    assert next(m for m in seen if m.event == "unread").fields["data"] == "1"
    for stream in (theirs, guest):
        assert stream.next_event().event == "comment"  # the post's event, not the count
        stream.connection.sock.settimeout(0.5)
        with pytest.raises(socket.timeout):
            stream.next_event()

    mark_all_read(member=writer)
    read = mine.next_event()
    assert (read.event, read.fields["data"]) == ("unread", "0")
    # The channel and Redis's keys name the member by a keyed hash, never their reference.
    assert author_ref_for(writer.pk) not in member_topic(author_ref_for(writer.pk))
