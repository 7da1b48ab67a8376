"""`madang serve` starts the stream process on its own port, and stops it when it stops."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from madang.core.bench import free_port, wait_for

MADANG = (sys.executable, "-m", "madang")


def children(parent: int) -> dict[int, str]:
    """The processes ``parent`` started, with their command lines."""
    found = {}
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            if f"PPid:\t{parent}\n" in (folder / "status").read_text():
                found[int(folder.name)] = (folder / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
    return {pid: command.decode() for pid, command in found.items()}


def gone(pid: int, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return True
        if "State:\tZ" in state:  # ended, not yet reaped by a parent that was killed
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def serving(tmp_path):  # type: ignore[no-untyped-def]
    port, live_port = free_port(), free_port()
    env = {
        **os.environ,
        "MADANG_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/serve.sqlite3",
        "DJANGO_SETTINGS_MODULE": "madang.settings",
    }
    env.pop("REDIS_URL", None)
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603 - our own command
            [*MADANG, "serve", "--port", str(port), "--live-port", str(live_port), "--no-worker"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        try:
            wait_for(f"http://127.0.0.1:{port}/healthz")
            wait_for(f"http://127.0.0.1:{live_port}/live/healthz")
        except RuntimeError as error:
            raise RuntimeError(f"{error}; madang serve said:\n{log.read_text()}") from error
        yield server, live_port
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=20)


def live_process(server: subprocess.Popen) -> int:
    [pid] = [pid for pid, command in children(server.pid).items() if " live " in command]
    return pid


def test_serve_starts_the_stream_process_and_stops_it(serving):
    server, live_port = serving
    with urllib.request.urlopen(f"http://127.0.0.1:{live_port}/live/healthz", timeout=5) as answer:
        assert json.loads(answer.read()) == {"streams": 0, "feed": "database"}
    live = live_process(server)

    server.terminate()
    server.wait(timeout=30)

    assert gone(live)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{live_port}/live/healthz", timeout=2)


def test_the_stream_process_ends_when_serve_is_killed_outright(serving):
    server, _ = serving
    live = live_process(server)

    server.send_signal(signal.SIGKILL)
    server.wait(timeout=10)

    assert gone(live)


@pytest.mark.redis  # with the Redis feed started, the process used to stay up, serving nothing
def test_a_stream_process_whose_port_is_taken_ends_with_an_error(tmp_path):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    env = {**os.environ, "MADANG_VAR_DIR": str(tmp_path)}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path}/live.sqlite3"
    subprocess.run([*MADANG, "migrate", "-v", "0"], env=env, check=True, timeout=120)  # noqa: S603
    try:
        live = subprocess.run(  # noqa: S603 - our own command
            [*MADANG, "live", "--port", str(port)],
            env=env,
            capture_output=True,
            timeout=30,
            check=False,
        )
    finally:
        taken.close()
    assert live.returncode != 0
    assert b"address already in use" in live.stderr.lower()
