"""The embedded default (SQLite, no Redis) served by ``madang serve``, and broken.

- The server killed outright (SIGKILL, as the OOM killer does): the ``madang
  worker`` it started ends too, instead of running on beside the next server.
- SQLite's write lock held by another process past the busy timeout (lowered
  here to a second through ``MADANG_SQLITE_BUSY_TIMEOUT``): writes answer 503
  with Retry-After and give back what was typed; reads go on (WAL).
- The server stopped cleanly (SIGTERM, as a deploy or systemd stops it): the
  views buffered in its process are counted before it ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from madang.core.errors import BUSY
from madang.core.tests.fault_services import wait_for
from madang.core.tests.faultkit import (
    Server,
    Visitor,
    child,
    children,
    command_line,
    madang_env,
    running,
)

pytestmark = pytest.mark.faults


PASSWORD = "a small yard of our own"
VIEWS = 100
TITLE = "레디스가 없어도 보이는 글"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, fault_home: Path, sqlite_template: Path):
    """A seeded database to copy (seeding once for the module), and what was seeded."""
    path = tmp_path_factory.mktemp("embedded") / "seeded.sqlite3"
    shutil.copyfile(sqlite_template, path)
    env = madang_env(fault_home, f"sqlite:///{path}")
    return path, child(env, "seed", members=["writer"], password=PASSWORD)


@pytest.fixture
def database(tmp_path: Path, seeded) -> Path:
    path = tmp_path / "embedded.sqlite3"
    for suffix in ("", "-wal"):  # what the seeding left in the write-ahead log too
        if Path(f"{seeded[0]}{suffix}").exists():
            shutil.copyfile(f"{seeded[0]}{suffix}", f"{path}{suffix}")
    return path


@pytest.fixture
def env(database: Path, fault_home: Path) -> dict[str, str]:
    return madang_env(fault_home, f"sqlite:///{database}")


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


def test_a_write_lock_held_too_long_answers_503_and_keeps_the_comment(
    env, database, seeded, tmp_path
):
    env = {**env, "MADANG_SQLITE_BUSY_TIMEOUT": "1"}
    post = f"/faults/{seeded[1]['number']}"
    server = Server(env, tmp_path, workers=1)
    server.start()
    try:
        writer = Visitor(server.base, name="writer")
        assert writer.log_in("writer", PASSWORD).status == 302
        holder = sqlite3.connect(database, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process writing, and not finishing
        try:
            typed = "잠긴 동안 쓴 댓글"
            answer = writer.post(f"{post}/comments", {"body": typed})
            assert answer.status == 503, answer.body[:500]
            assert answer.header("Retry-After") == str(BUSY.retry_after)
            assert "다른 기록이 끝나기를 기다리다" in answer.body
            form = BeautifulSoup(answer.body, "html.parser").select_one("form.kept-form")
            assert form is not None and form.select_one("textarea[name=body]").text == typed
            for reader in (writer, Visitor(server.base)):  # readers are not held up (WAL)
                page = reader.get(post)
                assert page.status == 200 and TITLE in page.body
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert writer.post(f"{post}/comments", {"body": typed}).status == 302
        assert server.alive()
        assert "Internal Server Error" not in server.log()
    finally:
        server.stop()


def test_a_clean_stop_counts_every_buffered_view(env, seeded, tmp_path):
    post = f"/faults/{seeded[1]['number']}"
    server = Server(env, tmp_path, workers=1)
    server.start()
    try:
        for n in range(VIEWS):  # a hundred readers, one view each
            assert Visitor(server.base, name=f"reader{n}").get(post).status == 200
    finally:
        server.stop()  # SIGTERM, and a wait for the end
    posts = child(env, "state", board=seeded[1]["board"])["posts"]
    assert [row[3] for row in posts if row[0] == seeded[1]["number"]] == [VIEWS]
    assert "Traceback" not in server.log()
