"""Pages compressed by the app itself, for when no web server in front does it.

The shipped nginx compresses on its own and asks the app for plain answers
(docs/deploy/nginx.md); ``madang serve`` alone, or behind a proxy that only
passes bytes, sends a board page of 19 to 31 KB as it is rendered. So this
middleware sends brotli where the browser accepts it and gzip otherwise, for
whole answers only: the page cache's copies included, since it sits outside
every view. A streaming answer (a file, the live stream's events) goes as it
is: compressing a stream holds its events back until a block fills.

The levels are fast ones: the page cache serves a page in well under a
millisecond, and brotli at its top quality spends 30 to 75 ms on a list or a
post page where quality 5 spends 0.15 to 0.4 ms (docs/performance.md).

BREACH: an attacker who can put text into a compressed page and watch its
length may guess a secret the page repeats. Django masks the CSRF token afresh
on every answer, and its gzip adds a file name of random length to the header so
that lengths say less; brotli gets the same: a metadata block of random length,
which decoders skip.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

import brotli
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

BROTLI_QUALITY = 5
MIN_LENGTH = 200  # below this the headers cost more than the bytes saved
MAX_RANDOM_BYTES = 100  # Django's GZipMiddleware pads up to as many
# Types that shrink; pictures, videos and archives are compressed already.
_TEXT_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "application/javascript",
    "application/problem+json",
    "image/svg+xml",
)


def compression(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    def middleware(request: HttpRequest) -> HttpResponse:
        return compress(request, get_response(request))

    return middleware


def compress(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if not _compressible(response):
        return response
    patch_vary_headers(response, ("Accept-Encoding",))
    encoding = chosen_encoding(request.headers.get("Accept-Encoding", ""))
    if encoding is None:
        return response
    plain = response.content
    packed = brotli_padded(plain) if encoding == "br" else _gzip(plain)
    if len(packed) >= len(plain):
        return response
    response.content = packed
    response["Content-Length"] = str(len(packed))
    response["Content-Encoding"] = encoding
    etag = response.get("ETag")
    if etag and etag.startswith('"'):  # the bytes differ now: equal in meaning only
        response["ETag"] = "W/" + etag
    return response


def _compressible(response: HttpResponse) -> bool:
    if response.streaming or response.has_header("Content-Encoding"):
        return False
    if len(response.content) < MIN_LENGTH:
        return False
    content_type = response.get("Content-Type", "").lower()
    return content_type.startswith(_TEXT_TYPES)


def chosen_encoding(accept_encoding: str) -> str | None:
    """The encoding to send, "br" or "gzip", whichever the header weighs more (brotli
    when they tie), or None for neither."""
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        name, _, params = item.partition(";")
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[name.strip().lower()] = weight
    anything = weights.get("*", 0.0)
    best = max(("br", "gzip"), key=lambda name: (weights.get(name, anything), name == "br"))
    return best if weights.get(best, anything) > 0 else None


def _gzip(data: bytes) -> bytes:
    """Django's gzip at level 6, with its random-length file name against BREACH."""
    return compress_string(data, max_random_bytes=MAX_RANDOM_BYTES)


def brotli_padded(data: bytes) -> bytes:
    """Brotli at a fast quality, led by a metadata block of 0 to MAX_RANDOM_BYTES bytes.

    After a flush the encoder's output ends on a byte boundary, where a block of
    our own may stand (RFC 7932, 9.2): ISLAST 0, MNIBBLES 0 (coded 3), a reserved 0,
    MSKIPBYTES 1, then MSKIPLEN - 1 in a byte, zero bits to the boundary, and the
    skipped bytes.
    """
    compressor = brotli.Compressor(quality=BROTLI_QUALITY)
    head = compressor.process(b"") + compressor.flush()  # the window size, aligned
    length = secrets.randbelow(MAX_RANDOM_BYTES + 1)
    padding = b""
    if length:
        padding = ((3 << 1) | (1 << 4) | ((length - 1) << 6)).to_bytes(2, "little")
        padding += bytes(length)
    return head + padding + compressor.process(data) + compressor.finish()
