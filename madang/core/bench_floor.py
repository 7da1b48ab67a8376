"""The framework floor for ``madang bench``: a bare view returning a page from memory.

Mounted only when MADANG_BENCH_FLOOR is set (the bench sets it on the server it
starts), so a normal site never has it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

FLOOR_SIZE = 30_000
_PAGE = ("<!doctype html><title>floor</title>" + "마당 " * (FLOOR_SIZE // 7)).encode()


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_PAGE, content_type="text/html; charset=utf-8")


def floor_page() -> bytes:
    return _PAGE
