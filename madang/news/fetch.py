"""Fetching a page for a link preview, safely: ``fetch_page(url) -> Page``.

Every hop, the link itself and each redirect, is checked whole (``targets``:
scheme, port, host, the addresses it resolves to), connected to the address
that was checked (``wire``), and counted against its host's rate. The fetch as
a whole has one deadline (5 s, redirects included) and its body one limit
(1 MB, once decompressed). No cookie is sent or kept: each request carries only
the headers below. Anything else ends in a ``FetchRefused`` or ``FetchFailed``
with a short code (``errors``); docs/news.md lists them and says why.

Why ``http.client`` and not ``requests`` or ``urllib3``: pinning the address
while the name stays in SNI and the certificate check takes one small
connection class with the standard library, and the deadline needs the socket
in hand; a client's pools, retries, proxies from the environment, cookie jars
and redirects would all have to be turned off one by one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings

from madang import __version__
from madang.accounts import throttle
from madang.news.errors import FetchFailed, FetchRefused
from madang.news.targets import Target, pinned_addresses, target_of
from madang.news.wire import Deadline, Exchange

log = logging.getLogger(__name__)

USER_AGENT = f"madang/{__version__} (link preview)"
MAX_REDIRECTS = 3
PER_HOST_MINUTE = 30  # the default of MADANG_NEWS_FETCH_PER_HOST_MINUTE
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class Wanted:
    """What a fetch takes for an answer: its media types (the refusal code when the
    type is another), its size and its time."""

    types: frozenset[str]
    accept: str
    wrong_type: str
    max_bytes: int = 1024 * 1024
    seconds: float = 5.0


PAGE = Wanted(
    frozenset({"text/html", "application/xhtml+xml"}),
    accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    wrong_type="not-html",
)
OEMBED = Wanted(
    frozenset({"application/json", "application/json+oembed", "text/json"}),
    accept="application/json+oembed,application/json;q=0.9",
    wrong_type="type",
)
# A preview's picture, for the media pipeline to decide what it is and re-encode:
# the type only keeps pages and scripts out; the content decides (media/probe.py).
PICTURE = Wanted(
    frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"}),
    accept="image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9",
    wrong_type="type",
    max_bytes=5 * 1024 * 1024,
)


@dataclass(frozen=True)
class Page:
    url: str  # where the last redirect led
    status: int
    content_type: str  # the media type, without parameters
    charset: str | None  # as the Content-Type header declared it, if it did
    body: bytes  # decompressed


def fetch_page(url: str, *, wanted: Wanted = PAGE) -> Page:
    """The answer at ``url``, after at most three redirects, each checked as the first.

    Raises ``FetchRefused`` (the policy says no) or ``FetchFailed`` (the network or
    the site failed), each with a short ``code``."""
    deadline = Deadline(wanted.seconds)
    target = target_of(url)
    for hop in range(MAX_REDIRECTS + 1):
        _count_against_host(target.host)
        pinned = pinned_addresses(target, seconds=deadline.left())
        with Exchange(target, pinned, deadline=deadline, headers=_headers(wanted)) as answer:
            if answer.status in REDIRECTS:
                location = (answer.header("Location") or "").strip()
                if not location:
                    raise FetchFailed("status", f"{answer.status} without a Location")
                if hop == MAX_REDIRECTS:
                    raise FetchRefused("redirects", f"more than {MAX_REDIRECTS}")
                target = target_of(urljoin(target.url, location))
                continue
            return _page(target, answer, wanted)
    raise AssertionError("the loop returns or raises")  # pragma: no cover


def _page(target: Target, answer: Exchange, wanted: Wanted) -> Page:
    if not 200 <= answer.status < 300:
        raise FetchFailed("status", str(answer.status))
    content_type, charset = answer.content_type()
    if content_type not in wanted.types:
        raise FetchRefused(wanted.wrong_type, content_type)
    body = answer.body(wanted.max_bytes)
    return Page(
        url=target.url,
        status=answer.status,
        content_type=content_type,
        charset=charset,
        body=body,
    )


def _headers(wanted: Wanted) -> dict[str, str]:
    # No Cookie, no Referer, no Authorization: the request says only what it wants.
    return {
        "User-Agent": USER_AGENT,
        "Accept": wanted.accept,
        "Accept-Language": "ko,en;q=0.8",
        "Accept-Encoding": "gzip, deflate",
        "Connection": "close",
    }


def _count_against_host(host: str) -> None:
    """At most MADANG_NEWS_FETCH_PER_HOST_MINUTE requests a minute to one host (0: no
    limit), so that many posts linking one site do not make madang hammer it.

    Counted with the project's counters (accounts/throttle.py): atomic on Redis and
    in a table on the embedded default, so every worker process shares the count
    (Django's local-memory cache would count per process); when the counters cannot
    be read, the fetch is refused (fail closed), and a task tries again later."""
    per_minute = getattr(settings, "MADANG_NEWS_FETCH_PER_HOST_MINUTE", PER_HOST_MINUTE)
    if per_minute <= 0:
        return
    limit = throttle.Limit("news-fetch-host", per_minute, 60)
    if throttle.is_blocked(limit, host):
        log.info("news fetch refused: %s asked %d times this minute", host, per_minute)
        raise FetchFailed("rate", host)
    throttle.record(limit, host)
