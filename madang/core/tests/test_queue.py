"""Background tasks: queued after the commit, run by ``madang worker``, tried again later.

In the suite tasks run at once after the commit (``MADANG_TASKS_EAGER``); the
tests of the backends turn that off and run a real worker, in this process or
in another one. Time is a clock of the test's own, so the waits between tries
are checked exactly and pass without waiting.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from madang.config import rq_queues, tasks_backend
from madang.core import queue, scheduler
from madang.core.tests import queue_tasks
from madang.core.tests.fault_services import wait_for
from madang.core.tests.faultkit import madang, madang_env, running

QUEUES = ["default", "media"]
READY = TaskResultStatus.READY


@pytest.fixture(autouse=True)
def _nothing_done_yet() -> Iterator[None]:
    queue_tasks.done.clear()
    yield
    queue_tasks.done.clear()


class Clock:
    """``timezone.now`` for everything in this process: the queue, the worker, the rows."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> None:
        self.now += by


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    frozen = Clock(timezone.now().replace(microsecond=0))
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


@pytest.fixture
def database_queue(settings) -> None:  # type: ignore[no-untyped-def]
    """The database backend, whichever the run's settings chose, and no eager mode."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": QUEUES}}
    settings.MADANG_TASKS_EAGER = False


@pytest.fixture
def no_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker in this process runs tasks only, not the apps' periodic jobs."""
    monkeypatch.setattr(scheduler, "_registered", {})


def work() -> None:
    """``madang worker --once`` in this process."""
    call_command("worker", "--once", stdout=io.StringIO())


# --- which backend ----------------------------------------------------------------------------


def test_tasks_are_queued_in_the_database_without_redis_and_in_rq_with_it():
    assert tasks_backend("", "") == "db"
    assert tasks_backend("", "redis://127.0.0.1:6379/0") == "rq"
    assert tasks_backend("db", "redis://127.0.0.1:6379/0") == "db"
    assert tasks_backend(" RQ ", "redis://127.0.0.1:6379/0") == "rq"
    with pytest.raises(ValueError, match="needs REDIS_URL"):
        tasks_backend("rq", "")
    with pytest.raises(ValueError, match="expected db or rq"):
        tasks_backend("celery", "")


def test_rq_gives_up_on_a_redis_that_does_not_answer_unless_told_otherwise():
    found = rq_queues("redis://127.0.0.1:6379/3?socket_timeout=9", QUEUES, {"media": 1800})
    assert found == {
        "default": {"URL": "redis://127.0.0.1:6379/3?socket_connect_timeout=1&socket_timeout=9"},
        "media": {
            "URL": "redis://127.0.0.1:6379/3?socket_connect_timeout=1&socket_timeout=9",
            "DEFAULT_TIMEOUT": 1800,
        },
    }


# --- eager, as in the rest of the suite -------------------------------------------------------


@pytest.mark.django_db
def test_eager_tasks_run_in_order_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        queue.enqueue(queue_tasks.note, "first")
        queue.enqueue(queue_tasks.note, "second")
        assert queue_tasks.done == []
    assert queue_tasks.done == ["first", "second"]


@pytest.mark.django_db
def test_eager_tasks_of_a_rolled_back_transaction_never_run(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            queue.enqueue(queue_tasks.note, "lost")
            raise RuntimeError("the write failed")
        queue.enqueue(queue_tasks.note, "kept")
    assert queue_tasks.done == ["kept"]


@pytest.mark.django_db
def test_an_eager_task_that_raises_is_logged_and_the_next_one_runs(
    django_capture_on_commit_callbacks, caplog
):
    with (
        caplog.at_level(logging.ERROR, logger="madang.core.queue"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        queue.enqueue(queue_tasks.note)  # a missing argument: a TypeError in the task
        queue.enqueue(queue_tasks.note, "after")
    assert queue_tasks.done == ["after"]
    assert "task note failed" in caplog.text


@pytest.mark.django_db
def test_eager_retries_run_at_once_until_the_task_gives_up(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue.enqueue(queue_tasks.fail, "upload")
    assert queue_tasks.done == [
        "upload #0",
        "upload #1",
        "upload #2",
        "upload #3",
        "gave up on upload",
    ]


# --- the database backend, worked in this process --------------------------------------------


@pytest.mark.django_db(transaction=True)  # the worker commits, as it does in its own process
def test_a_task_is_queued_when_its_transaction_commits_and_a_worker_runs_it(
    database_queue, no_jobs
):
    with transaction.atomic():
        queue.enqueue(queue_tasks.note, "committed")
        assert not DBTaskResult.objects.exists()
    with pytest.raises(RuntimeError), transaction.atomic():
        queue.enqueue(queue_tasks.note, "rolled back")
        raise RuntimeError("the write failed")
    (row,) = DBTaskResult.objects.all()
    assert row.status == READY
    assert queue_tasks.done == []

    work()
    assert queue_tasks.done == ["committed"]
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_tried_again_after_growing_waits_then_given_up(
    database_queue, no_jobs, clock
):
    queue.enqueue(queue_tasks.fail, "upload")
    for attempt, wait in enumerate(queue.RETRY_DELAYS):
        work()
        assert queue_tasks.done[-1] == f"upload #{attempt}"
        (retry,) = DBTaskResult.objects.filter(status=READY)
        assert retry.run_after == clock.now + wait
        assert retry.queue_name == "media"
        assert retry.args_kwargs == {"args": ["upload"], "kwargs": {"attempt": attempt + 1}}

        tried = len(queue_tasks.done)
        work()  # not due yet
        assert len(queue_tasks.done) == tried
        clock.advance(wait)

    work()  # the last try
    assert queue_tasks.done == [
        "upload #0",
        "upload #1",
        "upload #2",
        "upload #3",
        "gave up on upload",
    ]
    assert not DBTaskResult.objects.filter(status=READY).exists()


@pytest.mark.django_db
def test_finished_tasks_are_deleted_after_a_few_days_and_waiting_ones_kept(database_queue, clock):
    def task_row(status: str, days_ago: int) -> DBTaskResult:
        queue_tasks.note.enqueue("x")
        row = DBTaskResult.objects.latest("enqueued_at")
        when = clock.now - timedelta(days=days_ago)
        finished = None if status == READY else when
        DBTaskResult.objects.filter(pk=row.pk).update(
            status=status, enqueued_at=when, finished_at=finished
        )
        return row

    kept = [
        task_row(TaskResultStatus.SUCCESSFUL, days_ago=2),
        task_row(READY, days_ago=10),
    ]
    task_row(TaskResultStatus.SUCCESSFUL, days_ago=4)
    task_row(TaskResultStatus.FAILED, days_ago=4)

    assert queue.prune_results() == 2
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {row.pk for row in kept}
    assert scheduler._registered["prune-task-results"] == (timedelta(days=1), queue.prune_results)


def test_a_worker_refuses_a_queue_that_is_not_configured(database_queue):
    with pytest.raises(CommandError, match="unknown queues: mail"):
        call_command("worker", "--once", "--queues", "media,mail")


# --- `madang worker` in a process of its own --------------------------------------------------


@pytest.fixture
def worker_database(tmp_path: Path, sqlite_template: Path) -> str:
    """A migrated SQLite file of the test's own, which processes of madang share."""
    path = tmp_path / "tasks.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


def enqueue_in(env: dict[str, str], path: Path, text: str) -> None:
    """Queue ``write`` from a madang process (the production settings, not eager)."""
    code = (
        "from madang.core import queue; from madang.core.tests import queue_tasks; "
        f"queue.enqueue(queue_tasks.write, {str(path)!r}, {text!r})"
    )
    madang(env, "shell", "--no-startup", "--command", code)


def start_worker(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "madang", "worker", "--tick", "0.2", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def runs_then_stops_on_sigterm(env: dict[str, str], path: Path, text: str) -> None:
    """A running worker takes the task, then ends cleanly on SIGTERM."""
    worker = start_worker(env)
    try:
        enqueue_in(env, path, text)
        wait_for(lambda: path.exists() and path.read_text() == text, "the task", timeout=60)
        worker.send_signal(signal.SIGTERM)
        _, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
        assert "Traceback" not in err, err
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.communicate()


def test_madang_worker_once_runs_a_task_queued_in_the_database(
    tmp_path, fault_home, worker_database
):
    env = madang_env(fault_home, worker_database)
    path = tmp_path / "done.txt"
    enqueue_in(env, path, "queued in the database")
    assert not path.exists()
    assert "prune-task-results" in madang(env, "worker", "--once")
    assert path.read_text() == "queued in the database"


def test_madang_worker_runs_database_tasks_until_sigterm(tmp_path, fault_home, worker_database):
    env = madang_env(fault_home, worker_database)
    runs_then_stops_on_sigterm(env, tmp_path / "done.txt", "while it ran")


def test_madang_worker_ends_when_its_parent_ends(fault_home, worker_database):
    env = madang_env(fault_home, worker_database)
    # A shell starts the worker as its child and waits; killing the shell orphans it.
    script = '"$0" -m madang worker --parent $$ --tick 0.2 & echo $!; wait'
    parent = subprocess.Popen(  # noqa: S603 - our own command
        ["/bin/sh", "-c", script, sys.executable],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    try:
        parent.kill()
        parent.wait()
        wait_for(lambda: not running(worker), "the worker to end", timeout=60)
    finally:
        if running(worker):  # left behind by a failure: ended here
            os.kill(worker, signal.SIGKILL)


# --- RQ, with Redis -----------------------------------------------------------------------------


@pytest.fixture
def rq_queue(settings) -> None:  # type: ignore[no-untyped-def]
    """The RQ backend on the run's Redis (its database number, as the cache uses)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": QUEUES}}
    settings.RQ_QUEUES = rq_queues(settings.REDIS_URL, QUEUES, {})
    settings.MADANG_TASKS_EAGER = False


@pytest.mark.redis
@pytest.mark.django_db
def test_a_worker_process_runs_a_task_queued_in_redis(
    rq_queue, settings, tmp_path, fault_home, worker_database, django_capture_on_commit_callbacks
):
    path = tmp_path / "done.txt"
    with django_capture_on_commit_callbacks(execute=True):
        queue.enqueue(queue_tasks.write, str(path), "queued in redis")
    env = madang_env(fault_home, worker_database, settings.REDIS_URL)
    madang(env, "worker", "--once")
    assert path.read_text() == "queued in redis"


@pytest.mark.redis
def test_madang_worker_runs_rq_tasks_until_sigterm(settings, tmp_path, fault_home, worker_database):
    env = madang_env(fault_home, worker_database, settings.REDIS_URL)
    runs_then_stops_on_sigterm(env, tmp_path / "done.txt", "while it ran on redis")


@pytest.mark.redis
@pytest.mark.django_db
def test_a_retry_waits_in_redis_until_it_is_due(
    rq_queue,
    settings,
    clock,
    tmp_path,
    fault_home,
    worker_database,
    django_capture_on_commit_callbacks,
):
    import django_rq
    from rq.registry import ScheduledJobRegistry

    scheduled = ScheduledJobRegistry(queue=django_rq.get_queue("default"))
    due, later = tmp_path / "due.txt", tmp_path / "later.txt"
    clock.advance(timedelta(days=-1))  # its wait ended a day ago
    with django_capture_on_commit_callbacks(execute=True):
        assert queue.retry_later(queue_tasks.write, str(due), "due", attempt=0)
    clock.advance(timedelta(days=2))  # its wait ends tomorrow
    with django_capture_on_commit_callbacks(execute=True):
        assert queue.retry_later(queue_tasks.write, str(later), "later", attempt=1)
    waiting = {scheduled.get_scheduled_time(job_id) for job_id in scheduled.get_job_ids()}
    assert waiting == {
        clock.now - timedelta(days=2) + queue.RETRY_DELAYS[0],
        clock.now + queue.RETRY_DELAYS[1],
    }

    madang(madang_env(fault_home, worker_database, settings.REDIS_URL), "worker", "--once")
    assert due.read_text() == "due"
    assert not later.exists()
    (left,) = scheduled.get_job_ids()
    assert scheduled.get_scheduled_time(left) == clock.now + queue.RETRY_DELAYS[1]


@pytest.mark.faults  # a Redis of the test's own, stopped and started again
def test_the_rq_worker_lives_through_redis_going_away(
    tmp_path, fault_home, worker_database, private_redis
):
    env = madang_env(fault_home, worker_database, private_redis.url)
    log = tmp_path / "worker.log"

    def logged(text: str, after: int) -> bool:
        return text in log.read_text()[after:]

    private_redis.stop()
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "madang", "worker", "--tick", "0.2"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        # Started while Redis was away: it waits, and starts again when Redis is back.
        wait_for(lambda: logged("tasks not run: Redis did not answer", 0), "the worker to wait")
        private_redis.start()
        first = tmp_path / "first.txt"
        enqueue_in(env, first, "after a start without Redis")
        wait_for(lambda: first.exists(), "the first task", timeout=60)

        # Redis gone while it waits for tasks: RQ connects again by itself.
        seen = len(log.read_text())
        private_redis.stop()
        wait_for(lambda: logged("could not connect to Redis", seen), "the worker to notice")
        private_redis.start()
        second = tmp_path / "second.txt"
        enqueue_in(env, second, "after Redis came back")
        wait_for(lambda: second.exists(), "the second task", timeout=60)

        assert worker.poll() is None
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=60) == 0, log.read_text()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
