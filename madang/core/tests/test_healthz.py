from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection


def test_healthz_reports_database_cache_and_version(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["database_engine"] == connection.vendor
    assert body["cache"] == "ok"
    assert body["version"] == __import__("madang").__version__
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_down(client, db, monkeypatch):
    from madang.core import views

    monkeypatch.setattr(views, "_database_status", lambda: "down")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down"


def test_healthz_is_degraded_when_only_the_cache_is_down(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache away")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"] == "down"


@pytest.mark.redis
def test_healthz_uses_redis_when_configured(client, db):
    body = client.get("/healthz").json()
    assert body["cache_backend"] == "redis"
    assert body["cache"] == "ok"
    import redis
    from django.conf import settings

    server = redis.Redis.from_url(settings.REDIS_URL)
    assert any(b"healthz" in key for key in server.keys("madang:*"))


@pytest.mark.postgres
def test_postgres_runs_through_psycopg_3_with_persistent_connections(db):
    from django.conf import settings

    assert connection.vendor == "postgresql"
    assert connection.Database.__name__ == "psycopg"  # type: ignore[attr-defined]
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
