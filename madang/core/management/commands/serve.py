"""``madang serve``: the production server (gunicorn), after migrations and static files."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Apply migrations, collect static files and serve madang with gunicorn."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=max(2, os.cpu_count() or 1), help="worker processes"
        )
        parser.add_argument("--threads", type=int, default=1, help="threads per worker")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start `madang worker` beside the server (run it separately)",
        )

    def handle(self, *args: object, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
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
            "max_requests": 20000,
            "max_requests_jitter": 2000,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
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
            # and a forked copy of a live database connection would be shared.
            worker = subprocess.Popen([sys.executable, "-m", "madang", "worker"])
        self.stdout.write(
            self.style.SUCCESS(f"madang is serving on http://{options['host']}:{options['port']}/")
        )
        self.stdout.flush()
        try:
            Server().run()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
