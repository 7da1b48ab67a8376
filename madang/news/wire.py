"""One request on the wire: connected to a pinned address, under a wall-clock deadline.

``http.client`` (the standard library's) speaks HTTP; this module owns the
socket. It connects to an address already checked, never to the name, while
the name goes in the Host header and, over TLS, in SNI and the certificate
check (``ssl.create_default_context``: the system's authorities, the host name
verified). Nothing resolves the name here, so nothing can resolve it differently.

Socket timeouts bound each wait, not the whole: a server that sends a byte just
before each timeout would hold the fetch for ever. So a timer shuts the socket
down when the deadline passes, whatever the request is doing (the TLS
handshake, the headers, the body), and each read is given at most the time left.

The body is read in pieces and refused as soon as it passes its limit, counted
as sent and again once decompressed: only gzip and deflate are offered, and
they are inflated in bounded steps, so a gzip bomb stops at the limit.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import TracebackType

from madang.news.addresses import IPAddress
from madang.news.errors import FetchError, FetchFailed, FetchRefused
from madang.news.targets import Target

CHUNK = 64 * 1024


def tls_context() -> ssl.SSLContext:
    """Certificates verified against the system's authorities and the host name.
    (Tests that run a TLS server replace it with one that trusts their own authority.)"""
    return ssl.create_default_context()


class Deadline:
    """The wall-clock end of a whole fetch, redirects included."""

    def __init__(self, seconds: float) -> None:
        self.ends = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left; the fetch fails with ``timeout`` when none are."""
        left = self.ends - time.monotonic()
        if left <= 0:
            raise FetchFailed("timeout")
        return left


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP connection to a checked address; the host name is only a name."""

    def __init__(self, target: Target, address: IPAddress, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.address = address
        # http.client lets go of ``sock`` once the answer is to be read to its end (the
        # answer keeps the file it reads from); the deadline still needs the socket.
        self.pinned_socket: socket.socket | None = None

    def connect(self) -> None:
        family = socket.AF_INET6 if self.address.version == 6 else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(self.timeout)
            sock.connect((str(self.address), self.port))
        except BaseException:
            sock.close()
            raise
        self.sock = self.pinned_socket = sock


class _PinnedTLSConnection(_PinnedConnection):
    def connect(self) -> None:
        super().connect()
        # The handshake runs after the TLS socket is in place, so that the deadline's
        # timer can shut it down in the middle of a handshake that crawls.
        self.sock = self.pinned_socket = tls_context().wrap_socket(
            self.sock, server_hostname=self.host, do_handshake_on_connect=False
        )
        self.sock.do_handshake()


class Exchange:
    """A GET to one target: connected on entry (to the first of its addresses that
    answers), its answer's status and headers read; the body on demand."""

    def __init__(
        self,
        target: Target,
        pinned: list[IPAddress],
        *,
        deadline: Deadline,
        headers: dict[str, str],
    ) -> None:
        self.target = target
        self.pinned = pinned
        self.deadline = deadline
        self.headers = headers
        self.connection: _PinnedConnection | None = None
        self.response: http.client.HTTPResponse | None = None
        self.cut = threading.Event()
        self.timer: threading.Timer | None = None

    def __enter__(self) -> Exchange:
        self.timer = threading.Timer(self.deadline.left(), self._cut_off)
        self.timer.daemon = True
        self.timer.start()
        try:
            with self._failures():
                self.connection = self._connect()
                self.connection.request("GET", self.target.path, headers=self.headers)
                self.response = self.connection.getresponse()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        if self.response is not None:
            self.response.close()
        if self.connection is not None:
            self.connection.close()
            if self.connection.pinned_socket is not None:
                self.connection.pinned_socket.close()

    @property
    def status(self) -> int:
        assert self.response is not None
        return self.response.status

    def header(self, name: str) -> str | None:
        assert self.response is not None
        return self.response.getheader(name)

    def content_type(self) -> tuple[str, str | None]:
        """The media type (``text/plain`` when there is none) and the declared charset."""
        assert self.response is not None
        message = self.response.headers
        return message.get_content_type(), message.get_content_charset()

    def body(self, max_bytes: int) -> bytes:
        """The body, decompressed; ``too-big`` as soon as it passes ``max_bytes``."""
        assert self.response is not None and self.connection is not None
        length = self.header("Content-Length") or ""
        if length.strip().isdigit() and int(length) > max_bytes:
            raise FetchRefused("too-big", f"Content-Length {length.strip()}")
        inflater = _inflater(self.header("Content-Encoding"))
        body = bytearray()
        received = 0
        with self._failures():
            while True:
                left = self.deadline.left()
                if self.connection.pinned_socket is not None:
                    self.connection.pinned_socket.settimeout(left)
                chunk = self.response.read1(CHUNK)
                if not chunk:
                    break
                received += len(chunk)
                if received > max_bytes:
                    raise FetchRefused("too-big", f"more than {max_bytes} bytes sent")
                body += inflater.feed(chunk, room=max_bytes - len(body)) if inflater else chunk
                if len(body) > max_bytes:
                    raise FetchRefused("too-big", f"more than {max_bytes} bytes decompressed")
            if self.cut.is_set():  # the end was the timer's, not the server's
                raise FetchFailed("timeout")
        return bytes(body)

    def _connect(self) -> _PinnedConnection:
        kind = _PinnedTLSConnection if self.target.scheme == "https" else _PinnedConnection
        last: OSError | None = None
        for address in self.pinned:
            connection = kind(self.target, address, timeout=self.deadline.left())
            self.connection = connection  # the timer cuts whichever is being tried
            try:
                connection.connect()
            except ssl.SSLError:
                raise
            except OSError as error:
                connection.close()
                last = error
                continue
            return connection
        assert last is not None
        raise last

    def _cut_off(self) -> None:
        self.cut.set()
        connection = self.connection
        sock = connection.pinned_socket if connection is not None else None
        if sock is not None:
            # The plain socket's shutdown, even for TLS: it wakes a blocked read
            # without touching the TLS state another thread is using.
            with suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    @contextmanager
    def _failures(self) -> Iterator[None]:
        """What the network and http.client raise, as the fetch's failure codes."""
        try:
            yield
        except FetchError:
            raise
        except (OSError, http.client.HTTPException, zlib.error) as error:
            raise self._failure(error) from error

    def _failure(self, error: Exception) -> FetchFailed:
        if self.cut.is_set() or isinstance(error, TimeoutError):
            return FetchFailed("timeout")
        if isinstance(error, ssl.SSLError):  # certificate errors included
            return FetchFailed("tls", str(error))
        if isinstance(error, http.client.HTTPException):
            return FetchFailed("http", type(error).__name__)
        if isinstance(error, zlib.error):
            return FetchFailed("http", f"bad compressed body: {error}")
        return FetchFailed("connect", f"{type(error).__name__}: {error}")


class _Inflater:
    """gzip or deflate (zlib), inflated at most ``room`` + 1 bytes at a time."""

    def __init__(self) -> None:
        self.stream = zlib.decompressobj(wbits=32 + zlib.MAX_WBITS)  # gzip or zlib header

    def feed(self, data: bytes, *, room: int) -> bytes:
        out = bytearray()
        while data and not self.stream.eof:
            out += self.stream.decompress(data, room + 1 - len(out))
            if len(out) > room:
                break  # the caller refuses the body
            data = self.stream.unconsumed_tail
        return bytes(out)


def _inflater(encoding: str | None) -> _Inflater | None:
    name = (encoding or "").strip().lower()
    if name in ("", "identity"):
        return None
    if name in ("gzip", "x-gzip", "deflate"):
        return _Inflater()
    raise FetchRefused("encoding", name)
