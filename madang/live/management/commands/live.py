"""``madang live``: the stream process of live comments (uvicorn; docs/live.md).

``madang serve`` starts it beside gunicorn, on its own port (8001 beside 8000),
and the shipped nginx routes ``/live/`` to it. One process holds every stream:
events come to it once (Redis, or the database) and it fans them out itself.
"""

from __future__ import annotations

import logging
import os
import resource
import signal
import threading
from typing import Any

import uvicorn
from django.core.management.base import BaseCommand

log = logging.getLogger(__name__)

APPLICATION = "madang.live.views:application"


def raise_open_files_limit() -> int:
    """Every stream is an open socket: the soft limit (often 1,024) up to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        wanted = hard if hard != resource.RLIM_INFINITY else 1 << 20
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            return wanted
        except (ValueError, OSError):
            return soft
    return soft


def end_with_parent(parent: int, every: float = 1.0) -> None:
    """Stop as SIGTERM does once ``madang serve`` has ended, even when it was killed
    outright: an orphan's parent id changes."""

    def watch() -> None:
        stop = threading.Event()
        while os.getppid() == parent:
            stop.wait(every)
        log.warning("the server that started this stream process is gone: stopping")
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class Command(BaseCommand):
    help = "Serve the live comment streams (server-sent events) with uvicorn."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8001)
        parser.add_argument(
            "--parent",
            type=int,
            default=None,
            help="end when the process with this id ends (madang serve passes its own)",
        )

    def handle(self, *args: object, **options: Any) -> None:
        raise_open_files_limit()
        if options["parent"] is not None:
            end_with_parent(options["parent"])
        config = uvicorn.Config(
            APPLICATION,
            host=options["host"],
            port=options["port"],
            loop="uvloop",
            http="httptools",
            lifespan="on",
            access_log=False,
            log_level="warning",
            backlog=4096,
            # Streams never end by themselves: on SIGTERM they are asked to end at once
            # (ClosingServer), and the browsers reconnect to the next process.
            timeout_graceful_shutdown=2,
            server_header=False,
        )
        # Bound before the event loop starts, so that a port in use ends the process with
        # its error. Bound by uvicorn inside the loop, the failure left the process
        # running, serving nothing and deaf to SIGTERM, once the Redis feed had started.
        listening = config.bind_socket()
        self.stdout.write(
            f"live comments stream on http://{options['host']}:{options['port']}/live/"
        )
        self.stdout.flush()
        ClosingServer(config).run(sockets=[listening])


class ClosingServer(uvicorn.Server):
    """uvicorn, asking the application to end its streams before it waits for them:
    otherwise they are cancelled after the grace period, with an error in the log."""

    async def shutdown(self, sockets: Any = None) -> None:
        app = self.config.loaded_app
        while app is not None and not hasattr(app, "close"):
            app = getattr(app, "app", None)  # through uvicorn's own middleware
        if app is not None:
            app.close()
        await super().shutdown(sockets)
