"""Periodic upkeep, run by ``madang worker`` (which ``madang serve`` starts beside itself).

Each app registers its jobs (``register``, from its ``AppConfig.ready``). A job
that empties a buffer kept in the process (the view counts of the embedded
default) also runs once more when a serving process stops cleanly
(``run_at_exit``, called by ``madang serve``'s gunicorn workers as they end),
so that a restart loses nothing it buffered.
Every job is idempotent, so two workers running the same job at once do no harm;
still, each period of a job is claimed in the cache first (``cache.add`` of a key
named for the job and the period), so that with Redis shared by several
machines each period runs on one worker only, not on every one of them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import close_old_connections, connection
from django.utils import timezone

log = logging.getLogger(__name__)


@dataclass
class Job:
    name: str
    every: timedelta
    run: Callable[[], object]
    last_run: datetime | None = field(default=None, compare=False)
    passed_period: int | None = field(default=None, compare=False)  # another worker's

    def due(self, now: datetime) -> bool:
        return self.last_run is None or now - self.last_run >= self.every

    def period(self, now: datetime) -> int:
        return int(now.timestamp() // self.every.total_seconds())

    def _claim_key(self, period: int) -> str:
        return f"job:{self.name}:{period}"

    def claim(self, period: int) -> bool:
        """True when this worker is the first to take the period (or the cache is away:
        the jobs are idempotent, and upkeep such as forgetting addresses must not wait)."""
        try:
            ttl = max(2, int(2 * self.every.total_seconds()))
            return bool(cache.add(self._claim_key(period), 1, ttl))
        except Exception as error:
            log.warning("job %s runs unclaimed: %s", self.name, type(error).__name__)
            return True

    def release(self, period: int) -> None:
        """Give a failed period back, so that any worker may try it again."""
        try:
            cache.delete(self._claim_key(period))
        except Exception as error:
            log.warning("job %s not released: %s", self.name, type(error).__name__)


# The apps' jobs, each registered by its app (``AppConfig.ready``): core knows no app.
_registered: dict[str, tuple[timedelta, Callable[[], object]]] = {}
_at_exit: dict[str, Callable[[], object]] = {}


def register(
    name: str, every: timedelta, run: Callable[[], object], *, at_exit: bool = False
) -> None:
    """An app's periodic job, run by every ``madang worker`` once per ``every``, and
    with ``at_exit`` by each serving process as it stops. Call it from the app's
    ``AppConfig.ready``; a name registered again is replaced."""
    _registered[name] = (every, run)
    if at_exit:
        _at_exit[name] = run
    else:
        _at_exit.pop(name, None)


def run_at_exit() -> list[str]:
    """Run the jobs registered ``at_exit``, each once; a failing one is logged."""
    ran = []
    for name, run in _at_exit.items():
        try:
            run()
        except Exception:
            log.exception("job %s failed as the process stopped", name)
        else:
            ran.append(name)
    return ran


def default_jobs() -> list[Job]:
    """The registered jobs, fresh: each worker keeps its own times of the last run."""
    return [Job(name, every, run) for name, (every, run) in _registered.items()]


def run_due(jobs: list[Job], now: datetime | None = None) -> list[str]:
    """Run every job that is due; a failing job is logged and tried again next time."""
    now = now or timezone.now()
    ran = []
    for job in jobs:
        if not job.due(now):
            continue
        period = job.period(now)
        if job.passed_period == period:
            continue
        if not job.claim(period):
            job.passed_period = period  # another worker runs it this time
            continue
        try:
            result = job.run()
        except Exception:
            log.exception("scheduled job %s failed", job.name)
            job.release(period)
        else:
            job.last_run = now
            ran.append(job.name)
            log.debug("scheduled job %s done: %s", job.name, result)
        finally:
            # Between jobs, drop connections that went bad (a database restart, say);
            # never from inside a transaction, where a caller still needs it.
            if not connection.in_atomic_block:
                close_old_connections()
    return ran


def run_forever(jobs: list[Job], stop: threading.Event, tick: float = 30.0) -> None:
    while not stop.is_set():
        run_due(jobs)
        stop.wait(tick)
