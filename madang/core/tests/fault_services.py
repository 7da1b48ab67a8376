"""Private Redis and PostgreSQL for the fault tests, never the shared ones.

Each fault test starts its own ``redis-server`` on a free port; the session
shares one PostgreSQL cluster made with ``initdb`` in a temporary folder (as the
``postgres`` user when the tests run as root, which PostgreSQL refuses to run
as), and every test gets its own database copied from a migrated template.
"""

from __future__ import annotations

import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Seconds any one step (a request, a service starting) may take: past it the test
# fails instead of hanging. Never an assertion about speed.
TIMEOUT = 20.0
DEBIAN_POSTGRES = Path("/usr/lib/postgresql")


# --- what the machine has --------------------------------------------------------------------


def postgres_bindir() -> Path | None:
    """PostgreSQL's server programs: MADANG_PG_BINDIR, PATH, pg_config, or Debian's folder."""
    candidates: list[Path] = []
    if configured := os.environ.get("MADANG_PG_BINDIR"):
        candidates.append(Path(configured))
    if found := shutil.which("pg_ctl"):
        candidates.append(Path(found).resolve().parent)
    if pg_config := shutil.which("pg_config"):
        try:
            answer = subprocess.run(  # noqa: S603 - a fixed program and argument
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            )
            candidates.append(Path(answer.stdout.strip()))
        except (OSError, subprocess.SubprocessError):
            pass
    versions = DEBIAN_POSTGRES.glob("*/bin") if DEBIAN_POSTGRES.is_dir() else []
    candidates += sorted(versions, key=lambda path: _version(path.parent.name), reverse=True)
    for folder in candidates:
        if all((folder / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name))


def faults_missing() -> str | None:
    """Why the fault tests cannot run here, or None when they can."""
    if not shutil.which("redis-server"):
        return "fault tests need redis-server on PATH (apt-get install redis-server)"
    if postgres_bindir() is None:
        return (
            "fault tests need PostgreSQL's server programs (initdb, pg_ctl, postgres): "
            "apt-get install postgresql, or set MADANG_PG_BINDIR"
        )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "fault tests run as root need a postgres user to run PostgreSQL as"
        if not shutil.which("runuser"):
            return "fault tests run as root need runuser (util-linux) to run PostgreSQL"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(check: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        time.sleep(0.05)


# --- Redis -----------------------------------------------------------------------------------


class PrivateRedis:
    """A redis-server of the test's own, keeping nothing on disk."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own arguments
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, f"redis-server on port {self.port}")

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def freeze(self) -> None:
        """Still listening, never answering: what a hung server looks like to its clients."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        """Gone at once, as in a crash: connections are refused from now on."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGCONT)  # a frozen process cannot die of SIGKILL late
        self.process.kill()
        self.process.wait(timeout=TIMEOUT)
        self.process = None


# --- PostgreSQL ------------------------------------------------------------------------------


class PrivatePostgres:
    """A cluster of our own in a temporary folder, on a free port, removed at the end."""

    TEMPLATE = "madang_template"

    def __init__(self) -> None:
        bindir = postgres_bindir()
        assert bindir is not None, faults_missing()
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="madang-faults-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_owner: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self.as_owner = [shutil.which("runuser") or "runuser", "-u", "postgres", "--"]
        self._databases = 0

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(  # noqa: S603 - our own arguments
            [*self.as_owner, str(self.bindir / tool), *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def init(self) -> None:
        self._run(
            "initdb",
            "--pgdata",
            str(self.data),
            "--username",
            "postgres",
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--locale",
            "C",
            "--no-sync",
        )

    def start(self) -> None:
        # fsync off: nothing here outlives the machine, and the restarts are clean ones
        # (a fast shutdown writes everything out), so no acknowledged write depends on it.
        options = (
            f"-p {self.port} -k {shlex.quote(str(self.root))} "
            "-c listen_addresses=127.0.0.1 -c fsync=off"
        )
        self._run(
            "pg_ctl",
            "--pgdata",
            str(self.data),
            "--log",
            str(self.root / "server.log"),
            "--wait",
            "--timeout",
            "30",
            "-o",
            options,
            "start",
        )

    def restart(self) -> None:
        """A fast restart: every session is terminated, the transactions in them roll back."""
        self._run(
            "pg_ctl",
            "--pgdata",
            str(self.data),
            "--log",  # without it the new server would write into our pipe and keep it open
            str(self.root / "server.log"),
            "--wait",
            "--timeout",
            "30",
            "-m",
            "fast",
            "restart",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(
            "pg_ctl", "--pgdata", str(self.data), "--wait", "--timeout", "30", "-m", mode, "stop"
        )

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def destroy(self) -> None:
        if self.running():
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def connect(self, name: str = "postgres") -> Any:
        import psycopg

        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user="postgres",
            dbname=name,
            autocommit=True,
            connect_timeout=5,
        )

    def new_database(self, name: str | None = None, template: str | None = None) -> str:
        self._databases += 1
        name = name or f"madang_fault_{self._databases}"
        with self.connect() as connection:
            clause = f' TEMPLATE "{template}"' if template else ""
            connection.execute(f'CREATE DATABASE "{name}"{clause}')
        return name

    def waiting_on_locks(self, name: str) -> int:
        """How many sessions of the database wait for a lock someone else holds."""
        with self.connect() as connection:
            row = connection.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = %s AND wait_event_type = 'Lock'",
                [name],
            ).fetchone()
        return int(row[0])
