"""Telling the stream process that a comment was added or changed (docs/live.md).

Every write of a comment is a ``save()`` in its action (``create_comment``,
``edit_comment``, ``set_comment_status``), so a ``post_save`` receiver sees them
all without the actions knowing about live comments, as search keeps its
index. The event leaves after the commit, and carries ids only: the post, the
comment and the kind. What a reader is shown is decided when their page asks
for it, through the visibility rule, so an event says nothing a reader may not
know.

Writing nobody else may see yet publishes nothing: a comment held for review or
written under a silent ban has never been published, so it has no number and
no place on anyone else's page. A comment that has a number has a place
(its text, or "삭제된 댓글입니다"), and any change to it is an event.

With Redis, each event is added to the post's capped stream (its replay buffer,
whose ids are the events' ids) and announced on the site's one channel, in one
script so that no subscriber hears of an event the buffer lacks. Without Redis
nothing is sent: the stream process reads the comments table itself
(``live/feeds.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import router, transaction

from madang.accounts.crypto import keyed_hash
from madang.comments.models import Comment
from madang.core.breaker import Breaker

log = logging.getLogger(__name__)

ADDED = "comment"  # a comment appeared: the page fetches what is newer than it shows
CHANGED = "comment-changed"  # edited, hidden, deleted, restored: the page fetches that one
UNREAD = "unread"  # a member's count of unread notifications changed: the data is the count
KINDS = (ADDED, CHANGED, UNREAD)
# Fields whose change a reader sees; other saves (none today) publish nothing.
SEEN_FIELDS = frozenset({"body", "status", "picture_html"})
KEPT_FOR = 24 * 3600  # seconds a quiet post's replay buffer stays in Redis

# KEYS[1] the post's stream; ARGV: cap, comment id, kind, lifetime, channel, topic.
_PUBLISH = """
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'c', ARGV[2], 'k', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('PUBLISH', ARGV[5], ARGV[6] .. ' ' .. id .. ' ' .. ARGV[3] .. ' ' .. ARGV[2])
return id
"""


def post_topic(post_id: int) -> str:
    """What the streams of one post follow, in the channel's messages and the buffer's key."""
    return f"post:{post_id}"


def member_topic(author_ref: str) -> str:
    """What a member's own streams follow besides their post: their unread count. Named
    by a keyed hash of their author reference, so that neither the channel's messages
    nor Redis's keys hold the reference itself."""
    return f"member:{keyed_hash(author_ref, 'live-member')[:24]}"


def publish_unread(author_ref: str, count: int) -> None:
    """Tell the member's open streams their new unread count (the notifications app
    calls this after the commit of a notification, or of marking them read)."""
    if settings.REDIS_URL:
        publish(member_topic(author_ref), count, UNREAD, cap=1)


def buffer_key(topic: str) -> str:
    return f"madang:live:{topic}"


def channel_name(redis_db: int) -> str:
    """The site's channel. Channels are shared by every database of a Redis server, so the
    name holds the database's number: two sites on one server do not hear each other."""
    return f"madang:live:{redis_db}"


def kind_of(comment: Comment, update_fields: Iterable[str] | None) -> str | None:
    """The event a save of ``comment`` makes, or None when nobody else would see a change."""
    if update_fields is not None and not SEEN_FIELDS & set(update_fields):
        return None
    if comment.status == Comment.Status.PUBLISHED:
        # A number is given just after the first publication's save, so none means new.
        return ADDED if comment.number is None else CHANGED
    return CHANGED if comment.number is not None else None


def comment_saved(
    sender: type[Comment],
    instance: Comment,
    update_fields: Iterable[str] | None = None,
    **kwargs: Any,
) -> None:
    kind = kind_of(instance, update_fields)
    if kind is None or not settings.REDIS_URL:
        return
    post_id, comment_id = instance.post_id, instance.pk
    transaction.on_commit(
        lambda: publish(post_topic(post_id), comment_id, kind),
        using=kwargs.get("using") or router.db_for_write(Comment),
    )


class Publisher:
    """The Redis client of this process's writers, behind a breaker: a Redis that does
    not answer costs one write its socket timeout, then nothing for a few seconds."""

    def __init__(self, url: str) -> None:
        import redis

        self.redis = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.script = self.redis.register_script(_PUBLISH)
        self.channel = channel_name(int(self.redis.connection_pool.connection_kwargs.get("db", 0)))
        self.breaker = Breaker("live")

    def publish(self, topic: str, comment_id: int, kind: str, cap: int | None = None) -> str:
        kept = cap or settings.MADANG_LIVE_REPLAY
        args = [kept, comment_id, kind, KEPT_FOR, self.channel, topic]
        found = self.breaker.call(self.script, keys=[buffer_key(topic)], args=args)
        return found.decode() if isinstance(found, bytes) else str(found)


_publishers: dict[str, Publisher] = {}


def publisher() -> Publisher:
    url = settings.REDIS_URL
    if url not in _publishers:
        _publishers[url] = Publisher(url)
    return _publishers[url]


def publish(topic: str, comment_id: int, kind: str, cap: int | None = None) -> str | None:
    """Send one event (``comment_id``: the comment, or a count); its id, or None when Redis
    did not take it. The write is done whatever happens here: a lost event leaves a page
    to its button."""
    try:
        return publisher().publish(topic, comment_id, kind, cap)
    except Exception as error:
        log.warning("live: event for comment %s not sent (%s)", comment_id, error)
        return None
