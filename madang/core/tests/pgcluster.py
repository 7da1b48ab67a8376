"""A private PostgreSQL primary with a streaming standby, for the replica tests.

Both clusters live in a temporary folder, listen on free ports of 127.0.0.1
only, and log every statement with the client's application name, so a test
can tell which server ran what. As root, the server programs run as the
``postgres`` user (``initdb`` refuses root).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

PROGRAMS = ("initdb", "pg_ctl", "pg_basebackup", "postgres")


def bindir() -> Path | None:
    """The folder of PostgreSQL's server programs (``pg_config --bindir``, or Debian's)."""
    candidates = []
    if shutil.which("pg_config"):
        done = subprocess.run(
            ["pg_config", "--bindir"],  # noqa: S607
            capture_output=True,
            text=True,
        )
        if done.returncode == 0:
            candidates.append(done.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if all(os.access(Path(folder) / name, os.X_OK) for name in PROGRAMS):
            return Path(folder)
    return None


def missing_reason() -> str | None:
    """Why a primary and standby cannot be made here, or None."""
    if bindir() is None:
        return "replica tests need PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup)"
    if os.geteuid() == 0:
        if not shutil.which("runuser"):
            return "replica tests run as root need runuser to start PostgreSQL as postgres"
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "replica tests run as root need a postgres user to own the clusters"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition, what: str, seconds: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    """Poll ``condition`` until it holds; fail with ``what`` when it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting: {what}")


@dataclass
class Server:
    data: Path
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/madang"

    def query(self, sql: str, database: str = "madang") -> list[tuple]:  # type: ignore[type-arg]
        conninfo = f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"
        with psycopg.connect(conninfo, autocommit=True, application_name="replica-test") as conn:
            cursor = conn.execute(sql)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []

    def log_lines(self, start: int = 0) -> list[str]:
        with open(self.log, "rb") as handle:
            handle.seek(start)
            return handle.read().decode("utf-8", "replace").splitlines()

    def log_size(self) -> int:
        return self.log.stat().st_size


@dataclass
class Pair:
    root: Path
    primary: Server
    standby: Server
    programs: Path
    _started: list[Server] = field(default_factory=list)

    def run(self, *args: str | Path) -> None:
        command = [str(arg) for arg in args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603 - PostgreSQL's own

    def start(self, server: Server) -> None:
        self.run(self.programs / "pg_ctl", "-D", server.data, "-l", server.log, "-w", "start")
        self._started.append(server)

    def stop(self, server: Server) -> None:
        self.run(self.programs / "pg_ctl", "-D", server.data, "-m", "fast", "-w", "stop")
        self._started.remove(server)

    def stop_all(self) -> None:
        for server in list(self._started):
            with contextlib.suppress(subprocess.CalledProcessError):
                self.run(self.programs / "pg_ctl", "-D", server.data, "-m", "immediate", "stop")
        self._started.clear()

    def caught_up(self) -> bool:
        """The standby has replayed everything the primary has written so far."""
        (target,) = self.primary.query("SELECT pg_current_wal_lsn()::text")[0]
        (done,) = self.standby.query(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")[0]
        return bool(done)


SETTINGS = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{sockets}'
fsync = off
full_page_writes = off
log_statement = 'all'
log_line_prefix = '%a|'
"""


def make_pair() -> Pair:
    """initdb a primary, clone a standby from it with pg_basebackup -R, start both."""
    programs = bindir()
    assert programs is not None
    root = Path(tempfile.mkdtemp(prefix="madang-replica-"))
    if os.geteuid() == 0:
        os.chown(root, pwd.getpwnam("postgres").pw_uid, -1)
    primary = Server(root / "primary", free_port(), root / "primary.log")
    standby = Server(root / "standby", free_port(), root / "standby.log")
    pair = Pair(root, primary, standby, programs)
    try:
        pair.run(
            programs / "initdb", "-D", primary.data, "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        with open(primary.data / "postgresql.conf", "a") as conf:
            conf.write(SETTINGS.format(port=primary.port, sockets=root))
        pair.start(primary)
        primary.query("CREATE DATABASE madang", database="postgres")
        pair.run(
            programs / "pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port),
            "-U", "postgres", "-D", standby.data, "-R", "-X", "stream", "-c", "fast",
        )  # fmt: skip
        with open(standby.data / "postgresql.conf", "a") as conf:
            conf.write(f"port = {standby.port}\n")
        pair.start(standby)
        wait_until(lambda: _in_recovery(standby), "the standby to accept reads")
    except BaseException:
        pair.stop_all()
        shutil.rmtree(root, ignore_errors=True)
        raise
    return pair


def _in_recovery(server: Server) -> bool:
    try:
        return bool(server.query("SELECT pg_is_in_recovery()")[0][0])
    except psycopg.OperationalError:
        return False
