from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

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


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    database = _database_status()
    cache_state = _cache_status()
    healthy = database == "ok"
    body = {
        "status": "ok" if healthy and cache_state == "ok" else ("degraded" if healthy else "down"),
        "database": database,
        "database_engine": connection.vendor,
        "cache": cache_state,
        "cache_backend": "redis" if settings.REDIS_URL else "local",
        "version": settings.MADANG_VERSION,
    }
    return JsonResponse(body, status=200 if healthy else 503)
