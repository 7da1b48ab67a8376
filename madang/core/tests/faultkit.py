"""The site under test for the fault tests: madang processes and a plain HTTP client.

The fault tests stop, freeze, restart and kill things, so they run madang
against services of their own (``fault_services.py``), never the PostgreSQL or
Redis that the rest of the suite, or anyone else on the machine, uses. The site
is ``madang serve`` in a subprocess, driven over HTTP.

What runs inside those madang processes (seeding, reading the state back, the
write that gets killed) is in ``fault_steps.py``.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

from madang.core.tests.fault_services import TIMEOUT, free_port, wait_for

# --- madang in subprocesses ------------------------------------------------------------------


def madang_env(home: Path, database_url: str, redis_url: str = "") -> dict[str, str]:
    """The environment of a madang process on the private services (production settings)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL") and not key.startswith("MADANG_")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "madang.settings",
            "MADANG_VAR_DIR": str(home),
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            # Plain http on 127.0.0.1: Secure-only cookies would never come back.
            "MADANG_SECURE_COOKIES": "false",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def madang(env: dict[str, str], *args: str, timeout: float = 60) -> str:
    """Run a madang command to its end; its output, or a failure that shows it."""
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "madang", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"madang {args[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def in_child(env: dict[str, str], step: str, **arguments: Any) -> subprocess.CompletedProcess[str]:
    """Run a step of ``fault_steps`` in a ``madang shell`` process of its own."""
    code = (
        "from madang.core.tests import fault_steps; "
        f"fault_steps.main({step!r}, {json.dumps(arguments)!r})"
    )
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "madang", "shell", "--no-startup", "--command", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def child(env: dict[str, str], step: str, **arguments: Any) -> Any:
    """The JSON that a child step printed last; the child must end normally."""
    done = in_child(env, step, **arguments)
    assert done.returncode == 0, f"{step} failed:\n{done.stdout}\n{done.stderr}"
    return json.loads(done.stdout.strip().splitlines()[-1])


class Server:
    """``madang serve`` (gunicorn) on a free port, its output kept in a file; with
    ``background``, the ``madang worker`` that serve starts beside it as in production
    (the tests run ``madang worker --once`` themselves otherwise)."""

    def __init__(
        self, env: dict[str, str], folder: Path, workers: int, background: bool = False
    ) -> None:
        self.env = env
        self.port = free_port()
        self.workers = workers
        self.background = background
        self.log_path = folder / f"serve-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own command
                [
                    sys.executable,
                    "-m",
                    "madang",
                    "serve",
                    "--port",
                    str(self.port),
                    "--workers",
                    str(self.workers),
                    *([] if self.background else ["--no-worker"]),
                ],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_for(self._healthy, f"madang serve on port {self.port}", timeout=60)
        except BaseException:
            self.stop()
            raise

    def _healthy(self) -> bool:
        assert self.process is not None and self.process.poll() is None, self.log()
        try:
            with DIRECT.open(f"{self.base}/healthz", timeout=2) as answer:
                return bool(answer.status == 200)
        except (OSError, http.client.HTTPException):
            return False

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=TIMEOUT)
        self.process = None


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``, from Linux's /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    """Whether the process runs: a zombie that nobody has reaped yet has ended."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def command_line(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")[:-1]
    except OSError:
        return []


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


# Straight to 127.0.0.1, whatever http_proxy says.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is the answer we want to see


class Visitor:
    """One browser: its own cookies and a browser's user agent (bots are not counted)."""

    def __init__(self, base: str, name: str = "guest") -> None:
        self.base = base
        self.cookies = CookieJar()
        self.agent = f"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0 {name}"
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPCookieProcessor(self.cookies),
            _NoRedirects(),
        )

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def request(self, path: str, data: dict[str, str] | None = None) -> Answer:
        body = None
        headers = {"User-Agent": self.agent, "Accept-Language": "ko"}
        if data is not None:
            token = self.cookie("csrftoken")
            assert token, "no CSRF cookie yet: GET a page with a form first"
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(  # noqa: S310 - http to our own server
            self.base + path, data=body, headers=headers
        )
        try:
            with self.opener.open(request, timeout=TIMEOUT) as answer:
                return _answer(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as error:
            with error:
                return _answer(error.code, error.headers, error.read())

    def get(self, path: str) -> Answer:
        return self.request(path)

    def post(self, path: str, data: dict[str, str]) -> Answer:
        return self.request(path, data)

    def log_in(self, username: str, password: str) -> Answer:
        self.get("/accounts/login/")
        return self.post("/accounts/login/", {"username": username, "password": password})


def _answer(status: int, headers: Any, raw: bytes) -> Answer:
    return Answer(
        status=status,
        headers={key.lower(): value for key, value in headers.items()},
        body=raw.decode("utf-8", errors="replace"),
    )
