"""``madang worker``: runs the periodic upkeep (and, later, queued tasks)."""

from __future__ import annotations

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

    def handle(self, *args: object, **options: Any) -> None:
        jobs = default_jobs()
        if options["once"]:
            ran = run_due(jobs)
            self.stdout.write("ran: " + (", ".join(ran) or "nothing"))
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        run_forever(jobs, stop, tick=options["tick"])
