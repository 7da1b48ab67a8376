"""``madang serve``: the production server (gunicorn), after migrations and static files,
with the live comment streams (`madang live`) and the background worker beside it."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

SHARED_MEMORY = "/dev/shm"  # noqa: S108 (a folder for gunicorn's mkstemp, not a file name)


def worker_shape(workers: int | None, threads: int | None, redis: bool) -> tuple[int, int]:
    """Processes and threads: the embedded default serves from one process.

    Without Redis the view buffer and the caches live in memory, so one process
    with threads keeps them whole (SQLite writes one at a time anyway). With
    Redis, sync workers, two per core, share everything through it.
    """
    if redis:
        return workers or 2 * (os.cpu_count() or 1), threads or 1
    return workers or 1, threads or 8


def _worker_exit(server: object, worker: object) -> None:
    """gunicorn's hook, in each worker process as it ends: run the jobs registered to
    run at exit, such as flushing the view counts buffered in the process."""
    from madang.core.scheduler import run_at_exit

    run_at_exit()


class Command(BaseCommand):
    help = "Apply migrations, collect static files and serve madang with gunicorn."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="worker processes (default: 2 per core with Redis, 1 without)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help="threads per worker (default: 1, or 8 without Redis)",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start `madang worker` beside the server (run it separately)",
        )
        parser.add_argument(
            "--live-port",
            type=int,
            default=None,
            help="port of the live comment streams, `madang live` (default: --port + 1)",
        )
        parser.add_argument(
            "--no-live",
            action="store_true",
            help="do not start `madang live` beside the server (run it separately)",
        )

    def handle(self, *args: object, **options: Any) -> None:
        workers, threads = worker_shape(
            options["workers"], options["threads"], bool(settings.REDIS_URL)
        )
        if workers > 1 and not settings.REDIS_URL:
            self.stderr.write(
                "Without REDIS_URL, view counts and caches live in each process: "
                "several workers would count a viewer once per worker. Set REDIS_URL."
            )
        options["workers"], options["threads"] = workers, threads
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        # gunicorn forks its workers from this process: a database connection left
        # open here would be one socket shared by every worker, and their queries
        # would interleave on it ("lost synchronization with server").
        connections.close_all()
        from gunicorn.app.base import BaseApplication

        from madang.wsgi import application

        config = {
            "bind": f"{options['host']}:{options['port']}",
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread" if options["threads"] > 1 else "sync",
            "timeout": 30,
            "graceful_timeout": 20,
            "keepalive": 5,
            # A worker is replaced after this many requests, against slow leaks. Each new
            # worker loads Django again (about a second of CPU) and starts with empty
            # memos: at 20,000, a busy site replaced a worker every few seconds.
            "max_requests": 1_000_000,
            "max_requests_jitter": 100_000,
            # Workers prove they are alive by touching a file there; on a disk-backed
            # folder that can wait on the file system's journal (gunicorn's docs).
            # gunicorn makes the file with mkstemp and unlinks it at once.
            **({"worker_tmp_dir": SHARED_MEMORY} if os.path.isdir(SHARED_MEMORY) else {}),
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
            # A worker that stops cleanly (SIGTERM, a deploy) flushes what it buffered.
            "worker_exit": _worker_exit,
        }

        class Server(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        worker = None
        if not options["no_worker"]:
            # A separate process, not a thread of gunicorn's master: the master forks,
            # and a forked copy of a live database connection would be shared. It ends
            # with this process even when this one is killed outright (--parent).
            worker = subprocess.Popen(  # noqa: S603 - our own command
                [sys.executable, "-m", "madang", "worker", "--parent", str(os.getpid())]
            )
        live = None
        if not options["no_live"]:
            # The live comment streams (docs/live.md): an asyncio process of its own, since
            # gunicorn's workers hold a thread per request and a stream stays open for as
            # long as its page. nginx routes /live/ to it; it also ends with this process.
            live_port = options["live_port"] or options["port"] + 1
            live = subprocess.Popen(  # noqa: S603 - our own command
                [
                    *(sys.executable, "-m", "madang", "live", "--host", options["host"]),
                    *("--port", str(live_port), "--parent", str(os.getpid())),
                ]
            )
        self.stdout.write(
            self.style.SUCCESS(f"madang is serving on http://{options['host']}:{options['port']}/")
        )
        self.stdout.flush()
        try:
            Server().run()
        finally:
            if live is not None:
                live.terminate()  # its streams get two seconds; the browsers reconnect
            if worker is not None:
                worker.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    # A task in progress (a video's conversion) is finished first; the
                    # worker ends by itself after it, without this process waiting.
                    worker.wait(timeout=10)
            if live is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    live.wait(timeout=10)
