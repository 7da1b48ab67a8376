"""The client's address, as the site sees it."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the request came straight from a proxy in ``MADANG_TRUSTED_PROXIES``."""
    remote = request.META.get("REMOTE_ADDR", "")
    return bool(remote) and remote in settings.MADANG_TRUSTED_PROXIES


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the address a trusted proxy in front of us reports.

    ``MADANG_TRUSTED_PROXIES`` lists the proxies (nginx) whose X-Forwarded-For
    we believe; the last address they did not add is the client's.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 - not a bind address
    trusted = settings.MADANG_TRUSTED_PROXIES
    if not from_trusted_proxy(request):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    while hops:
        hop = hops.pop()
        if hop not in trusted:
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote
    return remote
