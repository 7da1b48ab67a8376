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


OUTSIDE = "203.0.113.7"


def test_the_public_hears_only_whether_the_site_is_up(client, db):
    response = client.get("/healthz", REMOTE_ADDR=OUTSIDE)
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert "no-cache" in response["Cache-Control"]


def test_the_public_hears_503_and_nothing_more_when_the_database_is_down(client, db, monkeypatch):
    from madang.core import views

    monkeypatch.setattr(views, "_database_status", lambda: "down")
    response = client.get("/healthz", REMOTE_ADDR=OUTSIDE)
    assert response.status_code == 503
    assert response.json() == {"ok": False}


@pytest.mark.parametrize("local", ["127.0.0.1", "::1"])
def test_this_machine_hears_the_details(client, db, local):
    body = client.get("/healthz", REMOTE_ADDR=local).json()
    assert body["database_engine"] == connection.vendor
    assert body["version"] == __import__("madang").__version__


def test_staff_hear_the_details_from_anywhere(client, make_member):
    client.force_login(make_member(is_staff=True))
    assert "version" in client.get("/healthz", REMOTE_ADDR=OUTSIDE).json()


def test_members_who_are_not_staff_hear_only_ok(client, member):
    client.force_login(member)
    assert client.get("/healthz", REMOTE_ADDR=OUTSIDE).json() == {"ok": True}


def test_a_request_through_the_trusted_proxy_from_elsewhere_is_not_local(client, db, settings):
    settings.MADANG_TRUSTED_PROXIES = ["127.0.0.1"]
    through_proxy = client.get("/healthz", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=OUTSIDE)
    assert through_proxy.json() == {"ok": True}
    # a client on the proxy's own machine is still this machine
    local = client.get("/healthz", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert "version" in local.json()


def test_a_forged_forwarded_header_does_not_make_a_stranger_local(client, db, settings):
    settings.MADANG_TRUSTED_PROXIES = ["127.0.0.1"]
    forged = client.get("/healthz", REMOTE_ADDR=OUTSIDE, HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert forged.json() == {"ok": True}
