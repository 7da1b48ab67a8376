"""``madang worker``: runs the periodic upkeep (and, later, queued tasks)."""

from __future__ import annotations

import os
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand

from madang.core.scheduler import default_jobs, run_due, run_forever


class Command(BaseCommand):
    help = "Run madang's background work: periodic upkeep such as forgetting old client addresses."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--once", action="store_true", help="run what is due once and exit")
        parser.add_argument("--tick", type=float, default=1.0, help="seconds between checks")
        parser.add_argument(
            "--parent",
            type=int,
            default=None,
            help="end when the process with this id ends (madang serve passes its own)",
        )

    def handle(self, *args: object, **options: Any) -> None:
        jobs = default_jobs()
        if options["once"]:
            ran = run_due(jobs)
            self.stdout.write("ran: " + (", ".join(ran) or "nothing"))
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        if options["parent"] is not None:
            end_with_parent(options["parent"], stop, every=options["tick"])
        run_forever(jobs, stop, tick=options["tick"])


def end_with_parent(parent: int, stop: threading.Event, every: float) -> None:
    """Set ``stop`` once the process ``parent`` has ended.

    ``madang serve`` stops its worker when it stops, but a server killed
    outright (SIGKILL, the OOM killer) cannot: its worker would run on, and the
    next server would start another beside it. An orphan is handed to another
    parent, so a changed parent id means the server is gone. Polled rather than
    asked of the kernel (PR_SET_PDEATHSIG) so that it works wherever Python does.
    """

    def watch() -> None:
        while os.getppid() == parent:
            if stop.wait(every):
                return
        stop.set()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
