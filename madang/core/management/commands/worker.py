"""``madang worker``: the periodic upkeep and the queued tasks (docs/tasks.md).

The tasks run in the main thread: RQ's worker installs its own signal handlers,
which only the main thread may do, and the database backend's worker is stopped by
ours. The periodic jobs (``core/scheduler.py``) run beside them in a thread, so that
a slow task (a video conversion) never holds up the flush of the view counts.
SIGTERM or SIGINT ends both after the task and the job in progress (a second
Ctrl+C ends the process at once), and so does the end of ``--parent``.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connections
from django.utils.crypto import get_random_string

from madang.core.queue import queue_names, uses_database
from madang.core.scheduler import Job, default_jobs, run_due, run_forever

log = logging.getLogger(__name__)

POLL = 0.5  # seconds between looks for ready tasks in the database
AWAY = 5.0  # seconds before trying again when the database or Redis did not answer
# Set once this process was asked to stop: the end of its parent then asks no more.
stopping = threading.Event()


class Command(BaseCommand):
    help = "Run madang's background work: periodic upkeep and the queued tasks."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--once",
            action="store_true",
            help="run the jobs that are due and the tasks that are ready, then exit",
        )
        parser.add_argument("--tick", type=float, default=1.0, help="seconds between checks")
        parser.add_argument(
            "--parent",
            type=int,
            default=None,
            help="end when the process with this id ends (madang serve passes its own)",
        )
        parser.add_argument(
            "--queues",
            default="",
            help="comma-separated queues to take tasks from (default: every configured queue)",
        )

    def handle(self, *args: object, **options: Any) -> None:
        stopping.clear()
        queues = chosen_queues(options["queues"])
        jobs = default_jobs()
        if options["once"]:
            ran = run_due(jobs)
            run_tasks(queues, once=True)
            self.stdout.write("ran: " + (", ".join(ran) or "nothing"))
            return
        stop = threading.Event()
        upkeep = threading.Thread(
            target=keep_up, args=(jobs, stop, options["tick"]), name="upkeep", daemon=True
        )
        if options["parent"] is not None:
            end_with_parent(options["parent"], every=options["tick"])
        upkeep.start()
        try:
            run_tasks(queues, once=False)
        finally:
            stop.set()
            upkeep.join()  # the job in progress ends first


def chosen_queues(option: str) -> list[str]:
    configured = queue_names()
    chosen = [name.strip() for name in option.split(",") if name.strip()] or configured
    unknown = sorted(set(chosen) - set(configured))
    if unknown:
        raise CommandError(f"unknown queues: {', '.join(unknown)} (configured: {configured})")
    return chosen


def keep_up(jobs: list[Job], stop: threading.Event, tick: float) -> None:
    try:
        run_forever(jobs, stop, tick=tick)
    finally:
        connections.close_all()  # this thread's own connections


def run_tasks(queues: list[str], once: bool) -> None:
    if uses_database():
        DatabaseTasks(queues).run(once)
    else:
        run_rq(queues, once)


class DatabaseTasks:
    """django_tasks_db's worker, woken by a plain read: it claims a task inside an
    exclusive transaction, which on SQLite takes the write lock, so an idle worker
    looks first and only asks the worker to claim when something is ready."""

    def __init__(self, queues: list[str]) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        self.worker = Worker(
            queue_names=queues,
            interval=POLL,
            batch=True,  # returns once nothing is ready
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        self.stopped = threading.Event()

    def ready(self) -> bool:
        from django_tasks_db.models import DBTaskResult

        tasks = DBTaskResult.objects.ready().filter(
            backend_name=self.worker.backend_name, queue_name__in=self.worker.queue_names
        )
        return tasks.exists()

    def stop(self, signum: int, frame: object) -> None:
        stopping.set()
        self.stopped.set()
        self.worker.running = False  # the task in progress ends first
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a second Ctrl+C: at once

    def run(self, once: bool) -> None:
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, self.stop)
        while not self.stopped.is_set():
            wait = POLL
            try:
                if self.ready():
                    self.worker.run()  # closes old connections around each task itself
            except Exception:
                log.exception("tasks not run")  # the database away: tried again, as jobs are
                close_old_connections()  # a database restarted meanwhile: connect again
                wait = AWAY
            if once:
                return
            self.stopped.wait(wait)


def run_rq(queues: list[str], once: bool) -> None:
    """RQ's worker with its scheduler, which queues the tasks given a ``run_after``
    when they are due.

    The jobs run in this process (``SimpleWorker``) rather than in a fork for each:
    the upkeep thread runs beside them, and a fork copies the locks of a process but
    not its other threads, so a lock that one of them held at that moment (a database
    connection's, a log handler's) stays held in the copy. The scheduler is such a
    fork, made once, and uses Redis only."""
    from django_rq.queues import get_queues
    from django_tasks_rq import Job as TaskJob
    from redis import RedisError
    from rq import SimpleWorker

    class Worker(SimpleWorker):
        def execute_job(self, job: Any, queue: Any) -> None:
            close_old_connections()
            try:
                super().execute_job(job, queue)
            finally:
                close_old_connections()

        def request_stop(self, signum: Any, frame: Any) -> None:
            stopping.set()
            super().request_stop(signum, frame)

        def subscribe(self) -> None:
            # RQ's own, but the thread that listens for RQ's commands wakes each second
            # rather than each minute: since redis-py 8 a stop waits for it to wake, and
            # RQ's stop of it races with its unsubscribing, so a worker (`--once` too)
            # took up to a minute to end.
            self.pubsub = self.connection.pubsub()
            self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
            self.pubsub_thread = self.pubsub.run_in_thread(  # type: ignore[assignment]
                sleep_time=1, daemon=True, exception_handler=self._pubsub_exception_handler
            )

    while not stopping.is_set():
        on = get_queues(*queues, job_class=TaskJob)
        try:
            worker = Worker(
                on, connection=on[0].connection, job_class=TaskJob, queue_class=type(on[0])
            )
            worker.work(burst=once, with_scheduler=True, logging_level="WARNING")
        except RedisError as error:  # RQ gives up on a Redis away while it starts
            log.warning("tasks not run: Redis did not answer (%s)", error)
        # RQ also gives up, and returns, on a Redis that stops answering while it works.
        if once or stopping.is_set():
            return
        for signum in (signal.SIGTERM, signal.SIGINT):  # RQ's handlers end with its worker
            signal.signal(signum, lambda *_: stopping.set())
        stopping.wait(AWAY)


def end_with_parent(parent: int, every: float) -> None:
    """Stop as SIGTERM does once the process ``parent`` has ended.

    ``madang serve`` stops its worker when it stops, but a server killed
    outright (SIGKILL, the OOM killer) cannot: its worker would run on, and the
    next server would start another beside it. An orphan is handed to another
    parent, so a changed parent id means the server is gone. Polled rather than
    asked of the kernel (PR_SET_PDEATHSIG) so that it works wherever Python does.
    The signal goes to this process, so that whichever worker runs the tasks
    stops the way it stops for SIGTERM: after the task in progress. A worker already
    stopping (the server's SIGTERM, then the server's end) is not signalled again.
    """

    def watch() -> None:
        while os.getppid() == parent:
            if stopping.wait(every):
                return
        if not stopping.is_set():
            log.warning("the server that started this worker is gone: stopping")
            os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
