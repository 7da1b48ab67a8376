"""The framework floor for ``madang bench``: a bare view returning a page from memory.

The page is as large as ``?bytes=`` asks (30,000 by default), so that each
page of the site is compared with a floor of its own size: sending 110 KB costs
more than sending 30 KB, in any framework. Mounted only when MADANG_BENCH_FLOOR
is set (the bench sets it on the server it starts), so a normal site never has it.
"""

from __future__ import annotations

from functools import lru_cache

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

FLOOR_SIZE = 30_000
MAX_SIZE = 2_000_000


@lru_cache(maxsize=16)
def floor_page(size: int = FLOOR_SIZE) -> bytes:
    """An HTML page of exactly ``size`` bytes, of Korean text like the site's pages."""
    head = b"<!doctype html><title>floor</title>"
    body = ("마당 " * (size // 7 + 1)).encode()
    return (head + body)[:size].rsplit(b" ", 1)[0].ljust(size, b" ")


def floor(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("bytes", str(FLOOR_SIZE))
    if not raw.isdigit() or not 100 <= int(raw) <= MAX_SIZE:
        return HttpResponseBadRequest("bytes: 100 to 2,000,000")
    return HttpResponse(floor_page(int(raw)), content_type="text/html; charset=utf-8")
