"""The stream process's ASGI application: server-sent events per post (docs/live.md).

A plain ASGI callable rather than Django's async views or a framework: an open
stream then costs the server's connection, this coroutine and one task that
notices the reader leave, about ten kilobytes, which is what lets 5,000 streams
stay well under 300 MB (docs/live.md has the figures). Django is still there
for the one thing that needs it, deciding who may follow a post, which the page
module (``live/views.py``) hands in as ``authorize`` and which runs in Django's
one thread for synchronous code.

``GET /live/<board>/<number>`` answers ``text/event-stream``: ``retry:`` advice
first, then the events the reader missed (``Last-Event-ID``, or ``?after=`` the
newest comment the page shows), then each new one as ``id:``, ``event:``
(``comment`` or ``comment-changed``) and ``data:`` (the comment id), with a
comment line as heartbeat every ``MADANG_LIVE_HEARTBEAT`` seconds.
``GET /live/healthz`` says how many streams are open and which feed serves them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import Http404

from madang.boards.permissions import BoardClosed
from madang.boards.slugs import SLUG_PATTERN
from madang.live.feeds import Feed, make_feed
from madang.live.hub import Hub, wake
from madang.live.publishing import post_topic

log = logging.getLogger(__name__)

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
# (board slug, post number, the request's Cookie header) -> the post's id and the member's
# own topic (None for a guest), or raises Http404 (no such post, or not for this reader)
# or BoardClosed (the board is not theirs).
Authorize = Callable[[str, int, str], tuple[int, str | None]]

POST_PATH = re.compile(rf"\A/live/({SLUG_PATTERN})/([0-9]{{1,18}})\Z")
STREAM_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-store"),
    (b"x-accel-buffering", b"no"),  # nginx passes each event on at once
    (b"x-content-type-options", b"nosniff"),
]
HEARTBEAT = b": heartbeat\n\n"


class LiveApp:
    def __init__(self, authorize: Authorize) -> None:
        self.authorize = sync_to_async(authorize)
        self.hub = Hub()
        self.feed: Feed | None = None
        self.starting: asyncio.Lock | None = None
        self.beating: asyncio.Task[None] | None = None
        self._closing: asyncio.Future[None] | None = None

    @property
    def closing(self) -> asyncio.Future[None]:
        """Done once the server is stopping; made in the server's loop on first need."""
        if self._closing is None:
            self._closing = asyncio.get_running_loop().create_future()
        return self._closing

    def close(self) -> None:
        """End every stream now (the server is stopping): each sends its last chunk, and
        the browsers come back to the next process with their Last-Event-ID."""
        if not self.closing.done():
            self.closing.set_result(None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self.started()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.beating is not None:
                    self.beating.cancel()
                if self.feed is not None:
                    await self.feed.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def started(self) -> Feed:
        """The feed and the heartbeat, started on first need (a server without lifespan
        events starts them here)."""
        if self.starting is None:
            self.starting = asyncio.Lock()
        async with self.starting:
            if self.feed is None:
                feed = make_feed(self.hub)
                await feed.start()
                self.feed = feed
                self.beating = asyncio.create_task(self._beat_forever())
        return self.feed

    async def _beat_forever(self) -> None:
        while True:
            await asyncio.sleep(settings.MADANG_LIVE_HEARTBEAT)
            self.hub.beat()

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]
        if scope["method"] != "GET":
            await _plain(send, 405, "GET only")
            return
        if path == "/live/healthz":
            feed = await self.started()
            body = json.dumps({"streams": self.hub.streams, "feed": feed.name})
            await _plain(send, 200, body, b"application/json")
            return
        match = POST_PATH.match(path)
        if match is None:
            await _plain(send, 404, "no such stream")
            return
        headers = dict(scope["headers"])
        try:
            post_id, member = await self.authorize(
                match[1], int(match[2]), headers.get(b"cookie", b"").decode("latin-1")
            )
        except Http404:
            await _plain(send, 404, "no such post")
            return
        except BoardClosed:
            await _plain(send, 403, "not for this reader")
            return
        except Exception as error:  # the database away: the browser tries again later
            log.warning("live: could not check a reader (%s)", error)
            await _plain(send, 503, "try again", retry_after=True)
            return
        since = headers.get(b"last-event-id", b"").decode("latin-1")[:64] or None
        await self.stream(post_id, since, _after(scope), receive, send, member)

    async def stream(
        self,
        post_id: int,
        since: str | None,
        after: int,
        receive: Receive,
        send: Send,
        member: str | None = None,
    ) -> None:
        feed = await self.started()
        loop = asyncio.get_running_loop()
        name = post_topic(post_id)
        # First: nothing published from now on is missed. A member follows their own
        # topic too (their unread count), on the same stream.
        names = [name, member] if member else [name]
        topics = [self.hub.follow(each) for each in names]
        sequences, beat = [topic.sequence for topic in topics], self.hub.beats
        waiting: list[asyncio.Future[None]] = [loop.create_future()]

        def wake_me(_: object) -> None:  # the reader left, or the server is stopping
            wake(waiting)

        gone: asyncio.Future[Any] = asyncio.ensure_future(_disconnected(receive))
        gone.add_done_callback(wake_me)
        self.closing.add_done_callback(wake_me)
        try:
            await send({"type": "http.response.start", "status": 200, "headers": STREAM_HEADERS})
            retry = int(settings.MADANG_LIVE_RETRY * 1000)
            await send(_body(f"retry: {retry}\n\n".encode()))
            missed = await feed.replay(name, post_id, since, after)
            if missed:
                await send(_body(b"".join(event.frame() for event in missed)))
            sent = {event.id for event in missed}  # the replay and the live events overlap
            while not gone.done() and not self.closing.done():
                quiet = all(t.sequence == s for t, s in zip(topics, sequences, strict=True))
                if quiet and self.hub.beats == beat:
                    waiting[0] = loop.create_future()
                    for topic in topics:
                        topic.wait(waiting[0])
                    await waiting[0]
                    continue
                chunks = []
                for index, topic in enumerate(topics):
                    for number, event, framed in topic.since(sequences[index]):
                        sequences[index] = number
                        if event.id not in sent:
                            chunks.append(framed)
                if self.hub.beats != beat:
                    beat = self.hub.beats
                    chunks.append(HEARTBEAT)
                if chunks:
                    await send(_body(b"".join(chunks)))
            if self.closing.done():
                await send({"type": "http.response.body", "body": b"", "more_body": False})
        except asyncio.CancelledError:
            # Cancelled by a server that is stopping without asking close() first.
            with contextlib.suppress(Exception):
                await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            self.closing.remove_done_callback(wake_me)
            gone.cancel()
            for each in names:
                self.hub.leave(each)


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


def _after(scope: Scope) -> int:
    raw = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("after", [""])[0]
    return int(raw) if raw.isdigit() and len(raw) <= 18 else 0


def _body(data: bytes) -> dict[str, Any]:
    return {"type": "http.response.body", "body": data, "more_body": True}


async def _plain(
    send: Send,
    status: int,
    text: str,
    content_type: bytes = b"text/plain; charset=utf-8",
    retry_after: bool = False,
) -> None:
    headers = [(b"content-type", content_type), (b"cache-control", b"no-store")]
    if retry_after:
        headers.append((b"retry-after", b"5"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": text.encode()})
