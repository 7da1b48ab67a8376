"""The stream process's own fan-out: one event, every local stream of its post.

A feed (``live/feeds.py``) hands each event to the hub once; the hub keeps the
last few of each topic and wakes every stream waiting on it through one shared
future, so that an event costs the process one wake-up per stream and no copy.
A stream that was busy writing when two events came finds both in the topic's
recent events: it remembers the sequence number of the last one it sent.

Topics live while a stream follows them. Today a topic is a post's
(``post:<id>``); a member's own topic (their unread notifications) would be one
more kind of topic on the same hub (docs/live.md).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Iterator
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


def order_of(event_id: str) -> tuple[int, int]:
    """An event id as a sortable pair; (-1, -1) for one that is neither kind."""
    first, _, second = event_id.partition("-")
    if not (first.isdigit() and (second.isdigit() or not second)) or len(event_id) > 41:
        return (-1, -1)
    return (int(first), int(second or 0))


class Topic:
    __slots__ = ("followers", "last", "next", "recent", "sequence")

    def __init__(self) -> None:
        self.followers = 0
        self.sequence = 0
        self.recent: deque[tuple[int, Event]] = deque(maxlen=RECENT)
        self.next: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.last: tuple[int, int] = (-1, -1)  # the newest event's order, to catch up from

    def add(self, event: Event) -> bool:
        """Keep the event and wake the followers; False for one already had (a catch-up
        after Redis came back finds again what the subscription brought)."""
        if any(kept.id == event.id for _, kept in self.recent):
            return False
        self.last = max(self.last, event.order)
        self.sequence += 1
        self.recent.append((self.sequence, event))
        woken, self.next = self.next, asyncio.get_running_loop().create_future()
        woken.set_result(None)
        return True

    def since(self, sequence: int) -> Iterator[tuple[int, Event]]:
        return ((number, event) for number, event in self.recent if number > sequence)


class Hub:
    """Topics followed by this process's streams; ``on_first`` and ``on_last`` tell the
    feed when a topic starts and stops being followed."""

    def __init__(
        self,
        on_first: Callable[[str, Topic], None] = lambda name, topic: None,
        on_last: Callable[[str], None] = lambda name: None,
    ) -> None:
        self.topics: dict[str, Topic] = {}
        self.on_first = on_first
        self.on_last = on_last

    @property
    def streams(self) -> int:
        return sum(topic.followers for topic in self.topics.values())

    def follow(self, name: str) -> Topic:
        topic = self.topics.get(name)
        if topic is None:
            topic = self.topics[name] = Topic()
            self.on_first(name, topic)
        topic.followers += 1
        return topic

    def leave(self, name: str) -> None:
        topic = self.topics.get(name)
        if topic is None:
            return
        topic.followers -= 1
        if topic.followers <= 0:
            del self.topics[name]
            self.on_last(name)

    def deliver(self, name: str, event: Event) -> bool:
        """Hand an event to the streams of its topic; False when none follows it here."""
        topic = self.topics.get(name)
        return topic is not None and topic.add(event)
