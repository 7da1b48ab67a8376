from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from madang.core.client import from_trusted_proxy

# Pages carry no inline script or style, so they need no nonce and stay cacheable:
# only our own files run. The one exception is the editor (see editor_page).
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-src": "https://www.youtube-nocookie.com",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def media_origin() -> str:
    """The origin uploads are served from when MADANG_MEDIA_URL names another one (a
    CDN, a cookieless host); "" when they come from this site."""
    parts = urlsplit(settings.MEDIA_URL)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def content_security_policy(style_nonce: str | None = None, *, local_files: bool = False) -> str:
    policy = dict(POLICY)
    if style_nonce:
        policy["style-src"] = f"'self' 'nonce-{style_nonce}'"
    if local_files:
        policy["img-src"] = "'self' data: blob:"
    if origin := media_origin():  # pictures, posters and videos from the media origin
        policy["img-src"] += f" {origin}"
        policy["media-src"] = f"'self' {origin}"
    return "; ".join(f"{name} {value}" for name, value in policy.items())


def trusted_proxy_scheme(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """X-Forwarded-Proto counts only from a proxy in ``MADANG_TRUSTED_PROXIES``.

    Django reads it through SECURE_PROXY_SSL_HEADER: behind nginx's TLS, the
    app then knows a request was https (CSRF compares the Origin's scheme). From
    anyone else the header is dropped before anything asks.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        if "HTTP_X_FORWARDED_PROTO" in request.META and not from_trusted_proxy(request):
            del request.META["HTTP_X_FORWARDED_PROTO"]
        return get_response(request)

    return middleware


def security_headers(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        nonce = getattr(request, "style_nonce", None)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(nonce))
        return response

    return middleware


def editor_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The rich-text editor inserts its own small <style> elements; allow them by nonce.
    It also shows a picture being uploaded from the writer's own file, through a
    ``blob:`` address that only this page's scripts can make.

    Editor pages are per member and never cached, so a fresh nonce costs nothing.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.style_nonce = nonce  # type: ignore[attr-defined]
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = content_security_policy(nonce, local_files=True)
        return response

    return wrapped
