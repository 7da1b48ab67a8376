"""Periodic upkeep, run by ``madang worker`` (which ``madang serve`` starts beside itself).

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


def _purge_client_addresses() -> object:
    from madang.accounts.actions import purge_client_addresses

    return purge_client_addresses()


def _purge_throttle_counters() -> object:
    from madang.accounts.throttle import purge_expired

    return purge_expired()


def _clear_expired_sessions() -> object:
    from madang.accounts.sessions import SessionStore

    SessionStore.clear_expired()
    return None


def _flush_views() -> object:
    from madang.boards.viewcounts import flush_views

    return flush_views()


def _forget_view_batches() -> object:
    from madang.boards.viewcounts import forget_old_batches

    return forget_old_batches()


def _end_expired_bans() -> object:
    from madang.moderation.bans import end_expired_bans

    return end_expired_bans()


def default_jobs() -> list[Job]:
    return [
        # Buffered view counts reach the posts within 10 seconds.
        Job("flush-views", timedelta(seconds=5), _flush_views),
        Job("forget-view-batches", timedelta(hours=6), _forget_view_batches),
        # Raw client addresses must be gone within 48 hours: hourly keeps them under 49.
        Job("purge-client-addresses", timedelta(hours=1), _purge_client_addresses),
        Job("purge-throttle-counters", timedelta(hours=1), _purge_throttle_counters),
        Job("clear-expired-sessions", timedelta(hours=6), _clear_expired_sessions),
        Job("end-expired-bans", timedelta(minutes=1), _end_expired_bans),
    ]


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
