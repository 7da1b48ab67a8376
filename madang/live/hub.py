"""The stream process's own fan-out: one event, every local stream of its post.

A feed (``live/feeds.py``) hands each event to the hub once. The topic keeps
the last few events, framed once as the bytes every stream sends, and wakes
the streams waiting on it: each waits on a future of its own, and a wake-up is
one ``set_result`` per stream, nothing more (no timer, no task, no copy). A
stream that was busy writing when two events came finds both among the recent
events: it remembers the sequence number of the last one it sent.

The heartbeat is the hub's too: one timer for the process wakes every stream
every ``MADANG_LIVE_HEARTBEAT`` seconds, rather than a timer per stream.

Topics live while a stream follows them: a post's (``post:<id>``), and a
member's own (``member:<key>``: their unread count), which a member's stream
follows beside its post's (docs/live.md).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

RECENT = 64  # events each topic keeps for its streams that are behind


@dataclass(frozen=True)
class Event:
    id: str  # what the browser sends back as Last-Event-ID
    name: str  # the SSE event name: publishing.ADDED or publishing.CHANGED
    comment_id: int

    @property
    def order(self) -> tuple[int, int]:
        """Ids compared: Redis stream ids ("1700000000000-3") or comment ids ("42")."""
        return order_of(self.id)

    def frame(self) -> bytes:
        return f"id: {self.id}\nevent: {self.name}\ndata: {self.comment_id}\n\n".encode()


def order_of(event_id: str) -> tuple[int, int]:
    """An event id as a sortable pair; (-1, -1) for one that is neither kind."""
    first, _, second = event_id.partition("-")
    if not (first.isdigit() and (second.isdigit() or not second)) or len(event_id) > 41:
        return (-1, -1)
    return (int(first), int(second or 0))


def wake(waiting: list[asyncio.Future[None]]) -> None:
    for future in waiting:
        if not future.done():
            future.set_result(None)


class Topic:
    __slots__ = ("followers", "last", "recent", "sequence", "waiting")

    def __init__(self) -> None:
        self.followers = 0
        self.sequence = 0
        self.recent: deque[tuple[int, Event, bytes]] = deque(maxlen=RECENT)
        self.waiting: list[asyncio.Future[None]] = []
        self.last: tuple[int, int] = (-1, -1)  # the newest event's order, to catch up from

    def add(self, event: Event) -> bool:
        """Keep the event and wake the followers; False for one already had (a catch-up
        after Redis came back finds again what the subscription brought)."""
        if any(kept.id == event.id for _, kept, _ in self.recent):
            return False
        self.last = max(self.last, event.order)
        self.sequence += 1
        self.recent.append((self.sequence, event, event.frame()))
        self.wake()
        return True

    def wake(self) -> None:
        waiting, self.waiting = self.waiting, []
        wake(waiting)

    def wait(self, future: asyncio.Future[None]) -> asyncio.Future[None]:
        self.waiting.append(future)
        return future

    def since(self, sequence: int) -> Iterator[tuple[int, Event, bytes]]:
        return (kept for kept in self.recent if kept[0] > sequence)


class Hub:
    """Topics followed by this process's streams, and the heartbeat's count."""

    def __init__(self) -> None:
        self.topics: dict[str, Topic] = {}
        self.beats = 0

    @property
    def streams(self) -> int:
        """Open streams: each follows one post (a member's also follows their own topic)."""
        return sum(
            topic.followers for name, topic in self.topics.items() if name.startswith("post:")
        )

    def follow(self, name: str) -> Topic:
        topic = self.topics.get(name)
        if topic is None:
            topic = self.topics[name] = Topic()
        topic.followers += 1
        return topic

    def leave(self, name: str) -> None:
        topic = self.topics.get(name)
        if topic is None:
            return
        topic.followers -= 1
        if topic.followers <= 0:
            del self.topics[name]
            topic.wake()

    def deliver(self, name: str, event: Event) -> bool:
        """Hand an event to the streams of its topic; False when none follows it here."""
        topic = self.topics.get(name)
        return topic is not None and topic.add(event)

    def beat(self) -> None:
        """A heartbeat for every stream: each that wakes and finds the count changed sends one."""
        self.beats += 1
        for topic in list(self.topics.values()):
            topic.wake()
