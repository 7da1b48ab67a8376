"""ETags, conditional GETs and caching headers for every answer of the API.

The ETag is a hash of the answer's bytes: it changes exactly when the answer
does, whoever reads, and costs one hash of a body already rendered. A client
that sends it back in If-None-Match gets 304 and no body. Answers depend on who
asks (a member's own writing, their filters, their scraps), so they vary on
Authorization and Cookie, and a member's are ``private``: no shared cache may
keep them. Every answer is ``no-cache``: a cache may keep it, and must ask
again (cheaply, with the ETag) before it uses it.
"""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from madang.api.auth import caller_of

VARY = ("Authorization", "Cookie", "Accept-Language")


def etag_of(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _matches(request: HttpRequest, etag: str) -> bool:
    """If-None-Match, compared weakly (RFC 9110): a compressing proxy marks ETags weak."""
    sent = request.headers.get("If-None-Match")
    if not sent:
        return False
    tags = parse_etags(sent)
    return "*" in tags or etag in (tag.removeprefix("W/") for tag in tags)


def finish(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The caching headers; for a GET answered in full, its ETag, or 304 when the client
    has it already."""
    private = caller_of(request).member is not None
    if request.method == "GET" and response.status_code == 200:
        etag = etag_of(response.content)
        if _matches(request, etag):
            response = HttpResponseNotModified()
        response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache" if private else "no-cache"
    patch_vary_headers(response, VARY)
    return response
