"""Where the stream process learns of comments: Redis, or the database (docs/live.md).

``RedisFeed``: one subscription to the site's channel for the whole process,
whatever the number of streams; each message names its topic, and the hub
hands it to that topic's local streams (or drops it: no stream here follows
that post). A browser that comes back is given what it missed from the post's
capped Redis stream, whose ids are the events' ids. When the subscription
breaks, it is made again, and every followed topic catches up from its buffer.

``DatabaseFeed``, the embedded default without Redis: one query per interval
(``MADANG_LIVE_POLL``) reads the comments written since the last look, across
the site, by primary key; those of followed posts that are published become
events whose ids are the comment ids. It looks back a few ids each time, so
that a comment whose transaction committed after a newer one's (PostgreSQL
gives ids at insert, not at commit) is still found. It sees new comments
only: changes to a comment reach pages on the next new one, or by the button.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any, Protocol

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

from madang.comments.models import Comment
from madang.live.hub import Event, Hub, order_of
from madang.live.publishing import ADDED, KINDS, buffer_key, channel_name

log = logging.getLogger(__name__)

AWAY = 2.0  # seconds before subscribing again after Redis went away
LOOK_BACK = 100  # ids the database feed reads again, for transactions that committed late


class Feed(Protocol):
    name: str
    hub: Hub

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def replay(self, topic: str, post_id: int, since: str | None, after: int) -> list[Event]:
        """Events of ``topic`` newer than event ``since``, or else, comments added after
        comment ``after`` (the newest one the page shows)."""
        ...


class RedisFeed:
    name = "redis"

    def __init__(self, hub: Hub, url: str) -> None:
        import redis.asyncio as redis

        self.hub = hub
        self.redis = redis.Redis.from_url(url, health_check_interval=30)
        self.channel = channel_name(int(self.redis.connection_pool.connection_kwargs.get("db", 0)))
        self.task: asyncio.Task[None] | None = None
        self.subscribed = asyncio.Event()

    async def start(self) -> None:
        self.task = asyncio.create_task(self._listen())

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        await self.redis.aclose()

    async def _listen(self) -> None:
        caught_up = True
        while True:
            pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                self.subscribed.set()
                if not caught_up:
                    await self._catch_up()
                    caught_up = True
                async for message in pubsub.listen():
                    self._deliver(message)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning("live: Redis subscription lost (%s); again in %.0f s", error, AWAY)
                self.subscribed.clear()
                caught_up = False
                await asyncio.sleep(AWAY)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()

    def _deliver(self, message: dict[str, Any]) -> None:
        parts = message.get("data", b"").decode(errors="replace").split(" ")
        if len(parts) != 4 or parts[2] not in KINDS or not parts[3].isdigit():
            return
        topic, event_id, kind, comment_id = parts
        self.hub.deliver(topic, Event(event_id, kind, int(comment_id)))

    async def _catch_up(self) -> None:
        """What every followed topic missed while the subscription was down."""
        for name, topic in list(self.hub.topics.items()):
            since = "-".join(map(str, topic.last)) if topic.last[0] >= 0 else None
            for event in await self._range(name, since):
                self.hub.deliver(name, event)

    async def _range(self, topic: str, since: str | None) -> list[Event]:
        low = "-" if since is None else f"({since}"
        entries: Any = await self.redis.xrange(
            buffer_key(topic), min=low, max="+", count=settings.MADANG_LIVE_REPLAY
        )
        events = []
        for raw_id, fields in entries or ():
            kind = fields.get(b"k", b"").decode()
            comment = fields.get(b"c", b"").decode()
            if kind in KINDS and comment.isdigit():
                events.append(Event(raw_id.decode(), kind, int(comment)))
        return events

    async def replay(self, topic: str, post_id: int, since: str | None, after: int) -> list[Event]:
        if since is not None:
            if order_of(since)[0] < 0:
                since = None  # not an id of ours: everything the buffer holds
            return await self._range(topic, since)
        if after <= 0:
            return []
        return [
            event
            for event in await self._range(topic, None)
            if event.name == ADDED and event.comment_id > after
        ]


class DatabaseFeed:
    name = "database"

    def __init__(self, hub: Hub, every: float) -> None:
        self.hub = hub
        self.every = every
        self.task: asyncio.Task[None] | None = None
        self.high = 0  # the newest comment id looked at
        self.sent: set[int] = set()  # comment ids of the look-back window already sent

    async def start(self) -> None:
        self.high = await sync_to_async(_newest_comment_id)()
        self.task = asyncio.create_task(self._poll_forever())

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task

    async def _poll_forever(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            if not self.hub.topics:
                continue
            try:
                await self.poll()
            except Exception as error:  # the database away: looked at again next time
                log.warning("live: comments not read (%s)", error)

    async def poll(self) -> int:
        """One look at the comments table; the number of events handed to the hub."""
        rows = await sync_to_async(_comments_since)(self.high - LOOK_BACK)
        delivered = 0
        for comment_id, post_id, published in rows:
            self.high = max(self.high, comment_id)
            if not published or comment_id in self.sent:
                continue
            topic = f"post:{post_id}"
            if topic in self.hub.topics:
                self.sent.add(comment_id)
                event = Event(str(comment_id), ADDED, comment_id)
                delivered += self.hub.deliver(topic, event)
        self.sent = {pk for pk in self.sent if pk > self.high - LOOK_BACK}
        return delivered

    async def replay(self, topic: str, post_id: int, since: str | None, after: int) -> list[Event]:
        if since is not None:
            after = order_of(since)[0]
        if after <= 0:
            return []
        ids = await sync_to_async(_published_after)(post_id, after)
        return [Event(str(pk), ADDED, pk) for pk in ids]


def _newest_comment_id() -> int:
    close_old_connections()
    return Comment.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _comments_since(low: int) -> list[tuple[int, int, bool]]:
    close_old_connections()
    rows = Comment.objects.filter(id__gt=low).order_by("id").values_list("id", "post_id", "status")
    return [(pk, post, status == Comment.Status.PUBLISHED) for pk, post, status in rows[:5000]]


def _published_after(post_id: int, after: int) -> list[int]:
    close_old_connections()
    published = Comment.objects.filter(
        post_id=post_id, status=Comment.Status.PUBLISHED, id__gt=after
    ).order_by("id")
    return list(published.values_list("id", flat=True)[: settings.MADANG_LIVE_REPLAY])


def make_feed(hub: Hub) -> Feed:
    if settings.REDIS_URL:
        return RedisFeed(hub, settings.REDIS_URL)
    return DatabaseFeed(hub, settings.MADANG_LIVE_POLL)
