"""Feeds from the page cache, with validators for conditional GET.

A feed is rendered once per key and stored like a guest's page
(``core/pagecache.py``): under its board's generation, which every write to the
board renews, or, for the hot feed, under the generation of the pages of no
one board, which every write and each run of the hot-score job renews. Feeds
hold nobody's own view, so every request shares the stored copy, whatever its
cookies say: no session is read, no cookie set, and the answer does not vary
with the Cookie header. They are written in the site's language, so neither
does it vary with the reader's.

Of the address, the key holds what the feed writes into the document: the
scheme and host its links are built from, the path and the query parameters
it reads.

Validators: the ETag is a hash of the bytes, exact. Last-Modified is the
moment of the newest write behind the feed's generations, read before its
data, so that it is never earlier than what the feed shows: a comment renews
it without changing the bytes (a request with If-Modified-Since alone then
gets the same feed again; one with the ETag gets 304), and two writes within
one second share it, which only the ETag tells apart (HTTP dates count whole
seconds).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from madang.core import pagecache, pagequery
from madang.core.pagerender import Page
from madang.feeds.atom import CONTENT_TYPE


@dataclass(frozen=True)
class Validators:
    """Kept with the stored feed (its ``madang_facts``), so a copy from the cache
    answers with the validators of the render that made it."""

    etag: str
    last_modified: int  # seconds since the epoch


def last_change(board_id: int | None) -> int:
    """The newest bump of the generations a feed of ``board_id`` (None: the hot feed)
    is stored under, in whole seconds, never in the future; now, with the cache away."""
    now = time.time()
    try:
        newest = max(int(pagecache.generation(scope)) for scope in pagecache.scopes(board_id))
    except Exception:  # the cache is away, or holds what no bump wrote
        return int(now)
    return int(min(newest / 1e9, now))


def _render(board_id: int | None, render: Callable[[], bytes]) -> HttpResponse:
    changed = last_change(board_id)  # before the data: never earlier than what it shows
    document = render()
    response = HttpResponse(document, content_type=CONTENT_TYPE)
    digest = hashlib.blake2b(document, digest_size=16).hexdigest()
    response.madang_facts = Validators(quote_etag(digest), changed)  # type: ignore[attr-defined]
    return response


def _origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def cached_feed(
    request: HttpRequest,
    board_id: int | None,
    render: Callable[[], bytes],
    reads: pagequery.Reads = pagequery.NOTHING,
) -> HttpResponse:
    """The feed from the cache, rendered once per key when missing; 304 when the
    request's validators match it."""
    with translation.override(settings.LANGUAGE_CODE):
        if pagecache.enabled():
            found = pagecache.shared_page(
                request,
                board_id,
                lambda: _render(board_id, render),
                variant=_origin(request),
                reads=reads,
            )
        else:
            found = _render(board_id, render)
    if isinstance(found, Page):
        response = HttpResponse(found.content, content_type=found.content_type)
        validators = found.facts
        if found.hit:
            response["X-Madang-Cache"] = "hit"
    else:  # rendered here while the cache is away
        response = found
        validators = getattr(found, "madang_facts", None)
    if not isinstance(validators, Validators):
        return response
    response["ETag"] = validators.etag
    response["Last-Modified"] = http_date(validators.last_modified)
    conditional = get_conditional_response(
        request, etag=validators.etag, last_modified=validators.last_modified, response=response
    )
    return conditional or response
