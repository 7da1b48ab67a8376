"""Several `madang worker` processes share one schedule through the cache."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from madang.core import scheduler

pytestmark = pytest.mark.django_db  # between jobs the scheduler drops broken connections


def start_of_a_period():  # type: ignore[no-untyped-def]
    """Ten seconds into a five-minute period, so that the next seconds stay in it."""
    now = timezone.now().replace(second=10, microsecond=0)
    return now - timedelta(minutes=now.minute % 5)


def workers(count: int, job_run) -> list[list[scheduler.Job]]:  # type: ignore[no-untyped-def]
    """Each worker builds its own job list, as each `madang worker` process does."""
    return [[scheduler.Job("upkeep", timedelta(minutes=5), job_run)] for _ in range(count)]


def test_each_period_of_a_job_runs_on_one_worker_only():
    runs = []
    first, second, third = workers(3, lambda: runs.append(1))
    now = start_of_a_period()
    assert scheduler.run_due(first, now) == ["upkeep"]
    assert scheduler.run_due(second, now + timedelta(seconds=1)) == []
    assert scheduler.run_due(third, now + timedelta(seconds=2)) == []
    assert runs == [1]

    later = now + timedelta(minutes=5)
    ran = [scheduler.run_due(jobs, later) for jobs in (second, third, first)]
    assert ran == [["upkeep"], [], []]
    assert runs == [1, 1]


def test_a_failed_period_is_given_back_for_any_worker_to_retry():
    calls = []

    def flaky() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database away")

    first, second = workers(2, flaky)
    now = start_of_a_period()
    assert scheduler.run_due(first, now) == []
    assert scheduler.run_due(second, now + timedelta(seconds=1)) == ["upkeep"]
    assert len(calls) == 2


def test_jobs_still_run_when_the_cache_cannot_answer(monkeypatch):
    runs = []

    def away(*args: object, **kwargs: object) -> bool:
        raise ConnectionError("cache away")

    monkeypatch.setattr(cache, "add", away)
    (jobs,) = workers(1, lambda: runs.append(1))
    assert scheduler.run_due(jobs, timezone.now()) == ["upkeep"]
    assert runs == [1]


def test_jobs_registered_to_run_at_exit_run_once_more_as_the_process_stops(monkeypatch):
    monkeypatch.setattr(scheduler, "_registered", {})
    monkeypatch.setattr(scheduler, "_at_exit", {})
    flushed: list[str] = []

    def broken() -> None:
        raise RuntimeError("the database is away")

    scheduler.register("flush", timedelta(seconds=5), lambda: flushed.append("views"), at_exit=True)
    scheduler.register("broken", timedelta(seconds=5), broken, at_exit=True)
    scheduler.register("upkeep", timedelta(hours=1), lambda: flushed.append("upkeep"))
    assert scheduler.run_at_exit() == ["flush"]  # a failing job is logged, and the rest run
    assert flushed == ["views"]
    scheduler.register("flush", timedelta(seconds=5), lambda: flushed.append("again"))
    assert scheduler.run_at_exit() == []
