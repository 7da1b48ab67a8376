"""``/healthz``: whether the site is up; how it runs, to its operators only."""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from madang.core.client import client_address

log = logging.getLogger(__name__)


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        log.warning("health check: database unreachable", exc_info=True)
        return "down"
    return "ok"


def _cache_status() -> str:
    try:
        cache.set("healthz", "1", 5)
        if cache.get("healthz") != "1":
            return "down"
    except Exception:
        log.warning("health check: cache unreachable", exc_info=True)
        return "down"
    return "ok"


def _from_this_machine(request: HttpRequest) -> bool:
    """The real client (behind a trusted proxy, the one it forwards for) is a loopback address."""
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_loopback


def _is_staff(request: HttpRequest) -> bool:
    try:  # reading the member needs the session store, which may be what is down
        return bool(request.user.is_authenticated and request.user.is_staff)
    except Exception:
        return False


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Up or not for everyone; the version, database engine and cache only for this
    machine (monitoring, the load balancer's checks) and logged-in staff, since they
    tell an attacker which known flaws to try."""
    database = _database_status()
    cache_state = _cache_status()
    healthy = database == "ok"
    status = 200 if healthy else 503
    if not (_from_this_machine(request) or _is_staff(request)):
        return JsonResponse({"ok": healthy}, status=status)
    body = {
        "ok": healthy,
        "status": "ok" if healthy and cache_state == "ok" else ("degraded" if healthy else "down"),
        "database": database,
        "database_engine": connection.vendor,
        "cache": cache_state,
        "cache_backend": "redis" if settings.REDIS_URL else "local",
        "version": settings.MADANG_VERSION,
    }
    return JsonResponse(body, status=status)
