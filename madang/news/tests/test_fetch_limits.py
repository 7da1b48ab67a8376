"""fetch_page's limits: size (as sent and decompressed), type, time and rate."""

from __future__ import annotations

import gzip
import threading
import time
import tracemalloc
import zlib
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from madang.news.errors import FetchFailed
from madang.news.fetch import OEMBED, PAGE, fetch_page
from madang.news.tests.conftest import LocalWeb, refusal

pytestmark = pytest.mark.django_db

HTML = "<!doctype html><title>기사</title><p>본문</p>"
MB = 1024 * 1024


def test_a_body_past_the_limit_is_refused_by_its_length(web: LocalWeb) -> None:
    web.page("/big", b"x" * (MB + 1))
    assert refusal(web.url("/big")).code == "too-big"


def test_a_body_past_the_limit_is_refused_while_it_streams(web: LocalWeb) -> None:
    web.page("/big", b"<p>" + b"x" * (3 * MB), length=False)
    assert refusal(web.url("/big")).code == "too-big"


def test_a_body_at_the_limit_is_taken(web: LocalWeb) -> None:
    web.page("/full", b"x" * MB, length=False)
    assert len(fetch_page(web.url("/full")).body) == MB


def chunked(pieces: list[bytes]) -> Any:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        for piece in pieces:
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        handler.wfile.write(b"0\r\n\r\n")

    return respond


def test_a_chunked_body_is_read_and_held_to_the_limit(web: LocalWeb) -> None:
    web.respond("/small", chunked([b"<title>", "조각".encode(), b"</title>"]))
    web.respond("/big", chunked([b"x" * 100_000] * 11))
    assert fetch_page(web.url("/small")).body == "<title>조각</title>".encode()
    assert refusal(web.url("/big")).code == "too-big"


def test_a_gzip_bomb_stops_at_the_limit_without_inflating_past_it(web: LocalWeb) -> None:
    bomb = gzip.compress(b"\0" * (64 * MB), compresslevel=9)
    assert len(bomb) < MB // 10
    web.page("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        error = refusal(web.url("/bomb"))
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "too-big" and "decompressed" in error.detail
    assert peak < 8 * MB  # a few copies of the 1 MB limit, never the 64 MB inside


def test_gzip_and_deflate_pages_are_decompressed(web: LocalWeb) -> None:
    web.page("/gz", gzip.compress(HTML.encode()), headers={"Content-Encoding": "gzip"})
    web.page("/zz", zlib.compress(HTML.encode()), headers={"Content-Encoding": "deflate"})
    assert fetch_page(web.url("/gz")).body == HTML.encode()
    assert fetch_page(web.url("/zz")).body == HTML.encode()


def test_an_encoding_not_offered_is_refused(web: LocalWeb) -> None:
    web.page("/br", b"\x1b\x00", headers={"Content-Encoding": "br"})
    assert refusal(web.url("/br")).code == "encoding"


def test_broken_compressed_data_fails(web: LocalWeb) -> None:
    web.page("/bad", b"not gzip at all", headers={"Content-Encoding": "gzip"})
    assert refusal(web.url("/bad")).code == "http"


@pytest.mark.parametrize(
    "content_type", ["application/json", "image/png", "text/plain", "application/pdf", ""]
)
def test_answers_that_are_not_html_are_refused_unread(web: LocalWeb, content_type: str) -> None:
    web.page("/x", b"x" * (3 * MB), content_type=content_type)
    assert refusal(web.url("/x")).code == "not-html"


def test_xhtml_is_html(web: LocalWeb) -> None:
    web.page("/x", HTML, content_type="application/xhtml+xml")
    assert fetch_page(web.url("/x")).content_type == "application/xhtml+xml"


def test_oembed_takes_json_and_refuses_html(web: LocalWeb) -> None:
    web.page("/o.json", b'{"title": "t"}', content_type="application/json+oembed")
    web.page("/page", HTML)
    assert fetch_page(web.url("/o.json"), wanted=OEMBED).body == b'{"title": "t"}'
    assert refusal(web.url("/page"), wanted=OEMBED).code == "type"


class Trickle:
    """Answers a byte at a time, each well within any single read's timeout, for about
    ten times the fetch's deadline; ``finished`` tells whether it got to the end."""

    def __init__(self, data: bytes, *, headers_first: bool) -> None:
        self.data = data
        self.headers_first = headers_first
        self.finished = threading.Event()

    def __call__(self, handler: BaseHTTPRequestHandler) -> None:
        if self.headers_first:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.end_headers()
            handler.wfile.flush()
        for byte in self.data:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.05)
        self.finished.set()


def test_a_body_that_trickles_ends_at_the_deadline(web: LocalWeb) -> None:
    slow = Trickle(b"x" * 100, headers_first=True)
    web.respond("/slow", slow)
    assert refusal(web.url("/slow"), wanted=replace(PAGE, seconds=0.5)).code == "timeout"
    assert not slow.finished.is_set()


def test_headers_that_trickle_end_at_the_deadline(web: LocalWeb) -> None:
    slow = Trickle(b"HTTP/1.0 200 OK\r\n" + b"X-Slow: 1\r\n" * 10, headers_first=False)
    web.respond("/slow", slow)
    assert refusal(web.url("/slow"), wanted=replace(PAGE, seconds=0.5)).code == "timeout"
    assert not slow.finished.is_set()


def test_the_deadline_covers_the_whole_fetch_redirects_included(web: LocalWeb) -> None:
    """Each hop answers well within the deadline; together they do not."""

    def slow_redirect(target: str) -> Any:
        def respond(handler: BaseHTTPRequestHandler) -> None:
            time.sleep(0.3)
            handler.send_response(302)
            handler.send_header("Location", target)
            handler.end_headers()

        return respond

    web.respond("/1", slow_redirect("/2"))
    web.respond("/2", slow_redirect("/3"))
    web.respond("/3", slow_redirect("/4"))
    web.page("/4", HTML)
    assert refusal(web.url("/1"), wanted=replace(PAGE, seconds=0.7)).code == "timeout"
    assert "/4" not in web.paths()


def test_one_host_is_asked_at_most_so_often_a_minute(
    web: LocalWeb, names: dict[str, list[str]], settings: Any
) -> None:
    settings.MADANG_NEWS_FETCH_PER_HOST_MINUTE = 2
    names["other.example"] = ["127.0.0.1"]
    web.page("/a", HTML)
    fetch_page(web.url("/a"))
    fetch_page(web.url("/a"))
    error = refusal(web.url("/a"))
    assert isinstance(error, FetchFailed) and error.code == "rate"
    assert len(web.requests) == 2
    assert fetch_page(web.url("/a", host="other.example")).status == 200


def test_each_redirect_counts_against_its_host(web: LocalWeb, settings: Any) -> None:
    settings.MADANG_NEWS_FETCH_PER_HOST_MINUTE = 3
    web.redirect("/1", "/2")
    web.redirect("/2", "/3")
    web.redirect("/3", "/4")
    web.page("/4", HTML)
    assert refusal(web.url("/1")).code == "rate"
    assert web.paths() == ["/1", "/2", "/3"]
