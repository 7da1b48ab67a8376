"""`madang check --deploy` with the settings of a site behind the shipped nginx.

Run in a process of its own: settings.py reads the environment once, at import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SHOW = """
import json
from django.conf import settings
names = ["SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
         "SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT", "SESSION_COOKIE_SECURE"]
print("SETTINGS " + json.dumps({name: getattr(settings, name) for name in names}))
"""


def madang(var: Path, *args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # Not the suite's own: its settings, and the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE.
        if not key.startswith(("MADANG_", "DJANGO_")) and key not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "madang.settings",
            "MADANG_VAR_DIR": str(var),
            "DATABASE_URL": f"sqlite:///{var}/check.sqlite3",
            **environment,
        }
    )
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "madang", *args], env=env, capture_output=True, text=True
    )


BEHIND_NGINX = {"MADANG_ALLOWED_HOSTS": "example.org", "MADANG_TRUSTED_PROXIES": "127.0.0.1"}


def test_the_deploy_check_passes_behind_the_shipped_proxy(tmp_path):
    done = madang(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **BEHIND_NGINX)
    assert done.returncode == 0, done.stdout + done.stderr
    for warning in ("W004", "W005", "W008", "W021"):
        assert warning not in done.stdout + done.stderr


def settings_of(tmp_path: Path, **environment: str) -> dict[str, object]:
    done = madang(tmp_path, "shell", "-c", SHOW, **environment)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.split("SETTINGS ", 1)[1])  # type: ignore[no-any-return]


def test_https_sites_ask_browsers_for_https_for_a_year(tmp_path):
    found = settings_of(tmp_path, **BEHIND_NGINX)
    assert found["SECURE_HSTS_SECONDS"] >= 31_536_000  # type: ignore[operator]
    assert found["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert found["SECURE_HSTS_PRELOAD"] is False  # the domain owner's own decision
    assert found["SECURE_SSL_REDIRECT"] is True
    assert found["SECURE_REDIRECT_EXEMPT"] == [r"^healthz$"]  # health checks over plain http


@pytest.mark.parametrize(
    "environment",
    [
        {"MADANG_DEBUG": "true"},
        {"MADANG_SECURE_COOKIES": "false", **BEHIND_NGINX},
    ],
    ids=["debug", "plain-http"],
)
def test_sites_on_plain_http_neither_redirect_nor_pin_https(tmp_path, environment):
    found = settings_of(tmp_path, **environment)
    assert found["SECURE_HSTS_SECONDS"] == 0
    assert found["SECURE_SSL_REDIRECT"] is False


def test_without_a_proxy_telling_the_scheme_nothing_is_redirected(tmp_path):
    """The app cannot tell https from http without a trusted proxy: every request would
    look like http, and a redirect to https would come back to it for ever."""
    found = settings_of(tmp_path, MADANG_ALLOWED_HOSTS="example.org")
    assert found["SECURE_SSL_REDIRECT"] is False
    assert found["SECURE_HSTS_SECONDS"] >= 31_536_000  # type: ignore[operator]
