"""The live tests' tools: the stream application served by uvicorn in a thread of the
test process (so that it reads the test database), and a reader of its events."""

from __future__ import annotations

import asyncio
import http.client
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from asgiref.sync import SyncToAsync
from django.db import connections

from madang.core.bench import free_port


@dataclass
class Message:
    """One server-sent message: an event, or a comment line (the heartbeat)."""

    fields: dict[str, str] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)

    @property
    def event(self) -> str | None:
        return self.fields.get("event")


class Stream:
    """A reader of one stream, over plain HTTP/1.1 (or https, through nginx)."""

    def __init__(self, connection: http.client.HTTPConnection, path: str, **headers: str) -> None:
        self.connection = connection
        connection.request("GET", path, headers={"Accept": "text/event-stream", **headers})
        self.response = connection.getresponse()
        self.status = self.response.status
        self.headers = self.response.headers

    def next(self) -> Message:
        """The next message; socket.timeout (TimeoutError) when none comes in time."""
        message = Message()
        while True:
            line = self.response.readline()
            if not line:
                raise EOFError("the stream ended")
            text = line.decode().rstrip("\n")
            if text == "":
                if message.fields or message.comments:
                    return message
                continue
            if text.startswith(":"):
                message.comments.append(text[1:].strip())
            else:
                name, _, value = text.partition(":")
                message.fields[name] = value.removeprefix(" ")

    def next_event(self) -> Message:
        """The next message that is an event (heartbeats and retry advice passed over)."""
        while True:
            message = self.next()
            if message.event:
                return message

    def body(self) -> str:
        return self.response.read().decode()

    def close(self) -> None:
        self.connection.close()


@dataclass
class Served:
    port: int
    app: Any
    streams: list[Stream] = field(default_factory=list)

    def open(self, path: str, timeout: float = 10, **headers: str) -> Stream:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        stream = Stream(connection, path, **headers)
        self.streams.append(stream)
        return stream

    def health(self) -> dict[str, Any]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", "/live/healthz")
            return dict(json.loads(connection.getresponse().read()))
        finally:
            connection.close()

    def wait_for_streams(self, count: int, seconds: float = 10) -> None:
        """Until ``count`` streams follow their topics (a stream answers its headers first)."""
        deadline = time.monotonic() + seconds
        while self.health()["streams"] != count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.health()['streams']} streams open, not {count}")
            time.sleep(0.02)


@contextmanager
def sharing_the_test_connection() -> Iterator[None]:
    """asgiref's one thread for synchronous code (where the stream application asks the
    database) uses the test's own connection to an in-memory SQLite database, as Django's
    live server thread does: several connections to one in-memory database lock each
    other's tables. On other databases it has a connection of its own, closed at the end
    (PostgreSQL would not drop the test database while it is open)."""
    shared = [
        conn
        for conn in connections.all()
        if conn.vendor == "sqlite" and conn.is_in_memory_db()  # type: ignore[attr-defined]
    ]
    run = SyncToAsync.single_thread_executor.submit

    def lend() -> None:
        for conn in shared:
            connections[conn.alias] = conn

    def give_back() -> None:
        connections.close_all()
        for conn in shared:
            del connections[conn.alias]

    for conn in shared:
        conn.inc_thread_sharing()
    run(lend).result()
    try:
        yield
    finally:
        run(give_back).result()
        for conn in shared:
            conn.dec_thread_sharing()


@contextmanager
def served(app: Any) -> Iterator[Served]:
    """``app`` on a free port, in a thread, until the block ends."""
    with sharing_the_test_connection(), _served(app) as running:
        yield running


@contextmanager
def _served(app: Any) -> Iterator[Served]:
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, lifespan="on", log_level="warning", access_log=False
    )
    config.timeout_graceful_shutdown = 1
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="live-stream-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the stream server did not start")
        time.sleep(0.01)
    running = Served(port, app)
    try:
        yield running
    finally:
        for stream in running.streams:
            stream.close()
        server.should_exit = True
        thread.join(timeout=10)


class Front:
    """A stand-in for nginx in the browser tests: /live/ to the stream application, the
    rest to Django's live server, on one origin, as the page expects."""

    SKIPPED = frozenset({"connection", "transfer-encoding", "keep-alive"})

    def __init__(self, live: Any, upstream_port: int) -> None:
        self.live = live
        self.upstream_port = upstream_port

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan" or scope["path"].startswith("/live/"):
            await self.live(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        status, headers, content = await asyncio.to_thread(self.forward, scope, body)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    def forward(self, scope: dict[str, Any], body: bytes) -> tuple[int, list, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=30)
        try:
            target = scope["raw_path"].decode("latin-1")
            if scope["query_string"]:
                target += "?" + scope["query_string"].decode("latin-1")
            connection.putrequest(
                scope["method"], target, skip_host=True, skip_accept_encoding=True
            )
            for name, value in scope["headers"]:
                if name.decode("latin-1").lower() not in self.SKIPPED:
                    connection.putheader(name.decode("latin-1"), value.decode("latin-1"))
            connection.endheaders(body or None)
            answer = connection.getresponse()
            content = answer.read()
            headers = [
                (name.lower().encode("latin-1"), value.encode("latin-1"))
                for name, value in answer.getheaders()
                if name.lower() not in self.SKIPPED
            ]
            return answer.status, headers, content
        finally:
            connection.close()
