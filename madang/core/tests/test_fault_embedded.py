"""The embedded default (SQLite, no Redis) served by ``madang serve``, and broken.

- The server killed outright (SIGKILL, as the OOM killer does): the ``madang
  worker`` it started ends too, instead of running on beside the next server.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
from pathlib import Path

import pytest

from madang.core.tests.fault_services import wait_for
from madang.core.tests.faultkit import Server, children, command_line, madang_env, running

pytestmark = pytest.mark.faults


@pytest.fixture
def env(tmp_path: Path, fault_home: Path, sqlite_template: Path) -> dict[str, str]:
    path = tmp_path / "embedded.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return madang_env(fault_home, f"sqlite:///{path}")


def test_the_worker_ends_with_a_server_that_was_killed(env, tmp_path):
    server = Server(env, tmp_path, workers=1, background=True)
    server.start()
    assert server.process is not None
    master = server.process.pid
    started = children(master)  # the gunicorn worker and madang worker
    try:
        assert any("worker" in command_line(pid) for pid in started), started
        server.process.kill()
        server.process.wait()
        wait_for(lambda: not any(running(pid) for pid in started), "the server's children to end")
    finally:
        server.stop()
        for pid in started:  # left behind by a failure: ended here, not by the next test
            if running(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
