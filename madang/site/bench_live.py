"""``madang bench --live``: thousands of open streams on one post, and a comment reaching
them all (docs/live.md).

It starts the stream process (``madang live``, as ``madang serve`` does) on a free
port, with this process's settings (Redis when REDIS_URL is set, else the
database feed), and opens the streams from a load generator in this process: one
asyncio loop in a thread, a plain protocol per connection, which notes when the
event for a comment arrives. Then, a few times over, a member comments through
the writing gate and the comment action, as the comment form does, and each
stream's delay from just before that write to its event is measured. Reported:
the delays' p50, p95 and max over every stream and comment, the events that did
not arrive within 30 s, and the stream process's resident memory (VmRSS) before
the streams and with them all open.
"""

from __future__ import annotations

import asyncio
import os
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import uvloop
from django.utils.crypto import get_random_string

from madang.boards import actions
from madang.boards.models import Board, Post
from madang.core import bench
from madang.site.bench_setup import bench_member, set_comment_limit
from madang.writing import submit

WAIT = 30.0  # seconds a comment's event may take before it counts as missed
BATCH = 200  # connections opened at once


class Reader(asyncio.Protocol):
    """One stream: the moment each comment's event arrived."""

    def __init__(self, request: bytes, opened: asyncio.Event, arrived: dict[str, float]) -> None:
        self.request = request
        self.opened = opened
        self.arrived = arrived
        self.tail = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.write(self.request)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        text = self.tail + data
        if not self.opened.is_set() and b"retry:" in text:
            self.opened.set()
        for comment_id in re.findall(rb"\ndata: (\d+)\n", text):
            self.arrived.setdefault(comment_id.decode(), now)
        self.tail = text[-64:]


@dataclass
class Load:
    """The load generator: its loop runs in a thread of its own."""

    port: int
    path: str
    readers: list[Reader] = field(default_factory=list)
    # uvloop, as in the stream process: a plain asyncio loop's own overhead for thousands
    # of sockets would be counted in the delays.
    loop: asyncio.AbstractEventLoop = field(default_factory=uvloop.new_event_loop)

    def __post_init__(self) -> None:
        threading.Thread(target=self.loop.run_forever, name="live-load", daemon=True).start()

    def open(self, count: int) -> float:
        """Open ``count`` streams, ``BATCH`` at a time; the seconds it took."""
        started = time.monotonic()
        asyncio.run_coroutine_threadsafe(self._open(count), self.loop).result()
        return time.monotonic() - started

    async def _open(self, count: int) -> None:
        request = f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
        for start in range(0, count, BATCH):
            batch = []
            for _ in range(min(BATCH, count - start)):
                reader = Reader(request, asyncio.Event(), {})
                await self.loop.create_connection(partial(_same, reader), "127.0.0.1", self.port)
                batch.append(reader)
            await asyncio.wait_for(asyncio.gather(*(r.opened.wait() for r in batch)), 120)
            self.readers += batch

    def delays(self, comment_id: str, since: float) -> tuple[list[float], int]:
        """Each stream's delay (ms) for the comment, once all have it or WAIT has passed."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if all(comment_id in reader.arrived for reader in self.readers):
                break
            time.sleep(0.01)
        got = [r.arrived[comment_id] for r in self.readers if comment_id in r.arrived]
        return [(moment - since) * 1000 for moment in got], len(self.readers) - len(got)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)


def _same(reader: Reader) -> Reader:
    return reader


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(found.group(1)) / 1024 if found else 0.0


def raise_open_files_limit(wanted: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


LIVE_POST_TITLE = "실시간 댓글 벤치마크"


def live_post(board: Board) -> Post:
    """The post the streams follow: the one an earlier run made, or a new one."""
    found = (
        Post.objects.filter(board=board, status="published", title=LIVE_POST_TITLE)
        .order_by("-number")
        .first()
    )
    if found is not None:
        return found
    writer = bench_member("bench_writer")
    return actions.create_post(board=board, author=writer, title=LIVE_POST_TITLE, body="")


def run(board: Board, *, streams: int = 5000, comments: int = 3) -> dict[str, object]:
    raise_open_files_limit(streams + 1000)
    writer = bench_member("bench_live_writer")
    post = live_post(board)
    saved_limit = (board.comments_per_hour, board.comment_gap_seconds)
    set_comment_limit(board, 32767, 0)
    port = bench.free_port()
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "madang", "live", "--port", str(port)],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
    )
    load = Load(port, f"/live/{board.slug}/{post.number}")
    try:
        bench.wait_for(f"http://127.0.0.1:{port}/live/healthz")
        idle = rss_mb(process.pid)
        connect_seconds = load.open(streams)
        time.sleep(1)  # settled
        with_streams = rss_mb(process.pid)
        delays: list[float] = []
        missed = 0
        for index in range(comments):
            time.sleep(1)
            post = Post.objects.select_related("board").get(pk=post.pk)
            started = time.monotonic()
            body = f"{index + 1}번째 댓글 ({get_random_string(8)})"  # never a repeat
            comment, _ = submit.write_comment(member=writer, post=post, body=body)
            found, lost = load.delays(str(comment.pk), started)
            delays += found
            missed += lost
        peak = rss_mb(process.pid)
    finally:
        load.close()
        process.terminate()
        process.wait(timeout=30)
        set_comment_limit(board, *saved_limit)
    return {
        "streams": streams,
        "comments": comments,
        "feed": "redis" if os.environ.get("REDIS_URL") else "database",
        "connect_seconds": round(connect_seconds, 1),
        "delivery_p50_ms": round(statistics.median(delays), 1) if delays else None,
        "delivery_p95_ms": round(percentile(delays, 0.95), 1) if delays else None,
        "delivery_max_ms": round(max(delays), 1) if delays else None,
        "missed": missed,
        "rss_idle_mb": round(idle, 1),
        "rss_streams_mb": round(with_streams, 1),
        "rss_after_mb": round(peak, 1),
        "kb_per_stream": round((with_streams - idle) * 1024 / streams, 1),
    }


def table(figures: dict[str, object]) -> str:
    width = max(len(key) for key in figures)
    return "\n".join(f"{key:<{width}}  {value}" for key, value in figures.items())
