"""Local web servers for the fetcher's tests, and the names that lead to them.

``web`` is a threaded ``http.server`` on 127.0.0.1 at a random port, stopped at
the end of the test, answering what the test tells it to (pages, redirects,
slow and big answers) and keeping the requests it was sent. The fetcher refuses
127.0.0.1 and random ports; the fixture allows exactly this server's
``address:port`` (``MADANG_NEWS_FETCH_ALLOW``) and gives test names addresses
through the one resolver the fetcher asks (``addresses.resolve``), so that
``http://news.example:<port>/`` reaches it. ``other_web`` is a second server whose
port is not allowed: a redirect there must be refused.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from madang.news import addresses
from madang.news.errors import FetchError
from madang.news.fetch import fetch_page

Respond = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Request:
    path: str
    headers: dict[str, str]


@dataclass
class LocalWeb:
    server: ThreadingHTTPServer
    routes: dict[str, Respond] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    @property
    def pair(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str = "/", host: str = "news.example") -> str:
        return f"http://{host}:{self.port}{path}"

    def respond(self, path: str, respond: Respond) -> None:
        self.routes[path] = respond

    def page(
        self,
        path: str,
        body: bytes | str,
        *,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
        length: bool = True,
    ) -> None:
        data = body.encode() if isinstance(body, str) else body

        def respond(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(status)
            if content_type:
                handler.send_header("Content-Type", content_type)
            if length:
                handler.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(data)

        self.respond(path, respond)

    def redirect(self, path: str, location: str, *, status: int = 302, **headers: str) -> None:
        self.page(path, b"", status=status, headers={"Location": location, **headers})

    def paths(self) -> list[str]:
        return [request.path for request in self.requests]


def refusal(url: str, **kwargs: Any) -> FetchError:
    """Why fetch_page did not fetch ``url`` (the test fails if it did)."""
    with pytest.raises(FetchError) as caught:
        fetch_page(url, **kwargs)
    return caught.value


def _handler(web: LocalWeb) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            web.requests.append(Request(self.path, {k.lower(): v for k, v in self.headers.items()}))
            respond = web.routes.get(self.path)
            if respond is None:
                self.send_error(404)
                return
            # The fetcher hangs up past its limits, as it should.
            with suppress(BrokenPipeError, ConnectionResetError):
                respond(self)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def start_web() -> Iterator[Callable[..., LocalWeb]]:
    started: list[tuple[LocalWeb, threading.Thread]] = []

    def start(tls: ssl.SSLContext | None = None) -> LocalWeb:
        server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
        server.daemon_threads = True
        if tls is not None:
            server.socket = tls.wrap_socket(server.socket, server_side=True)
        web = LocalWeb(server)
        server.RequestHandlerClass = _handler(web)
        thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="local-web", daemon=True
        )
        thread.start()
        started.append((web, thread))
        return web

    yield start
    for web, thread in started:
        web.stopping.set()
        web.server.shutdown()
        web.server.server_close()
        thread.join()


@pytest.fixture
def names(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Test host names and their addresses; any other name does not resolve."""
    table = {"news.example": ["127.0.0.1"]}

    def resolve(host: str) -> list[addresses.IPAddress]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [ipaddress.ip_address(address) for address in table[host]]

    monkeypatch.setattr(addresses, "resolve", resolve)
    return table


@pytest.fixture
def web(
    db: None, start_web: Callable[..., LocalWeb], names: dict[str, list[str]], settings: Any
) -> LocalWeb:
    """A local server that the fetcher may reach, as news.example at its port."""
    server = start_web()
    settings.MADANG_NEWS_FETCH_ALLOW = [server.pair]
    return server


@pytest.fixture
def other_web(start_web: Callable[..., LocalWeb]) -> LocalWeb:
    """Another local server, on a port the fetcher is not allowed."""
    return start_web()
