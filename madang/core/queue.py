"""Background tasks through the Django Tasks API (the django-tasks backport; docs/tasks.md).

A task is a module-level function under ``@task`` (``django_tasks.task``); ``enqueue``
hands it to the configured backend once the current transaction commits, so a task
never looks for rows that are not there yet, nor runs for writes rolled back. The
backend is the database on the embedded default and RQ with Redis (settings.py,
``MADANG_TASKS_BACKEND``); ``madang worker`` runs the tasks. Tests set
``MADANG_TASKS_EAGER``: each task then runs at once after the commit, in order.

A task that fails asks to be tried again later (``retry_later``), with a growing
delay; after the last try it gives up, and its ``give_up`` records the failure::

    @task(queue_name="media")
    def process(media_id: int, attempt: int = 0) -> None:
        try:
            convert(media_id)
        except Exception:
            log.exception("media %s: conversion failed", media_id)
            retry_later(process, media_id, attempt=attempt, give_up=mark_failed)

The task takes ``attempt`` (0 on the first run) and returns after asking for the
retry instead of raising: the failure is handled, and RQ's registry of failed jobs
keeps only what crashed. Arguments must survive JSON (the database backend stores
them so): ids, not rows.

Finished task rows of the database backend are deleted after ``RESULTS_KEPT``, by
a daily job of the scheduler (``prune_results``, registered in ``CoreConfig.ready``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task_backends
from django_tasks.base import Task

log = logging.getLogger(__name__)

# The waits before each retry: three retries, then ``give_up``.
RETRY_DELAYS = (timedelta(seconds=10), timedelta(minutes=1), timedelta(minutes=5))
# How long finished tasks stay in the database, to look into a failure.
RESULTS_KEPT = timedelta(days=3)


def enqueue(task: Task[..., Any], *args: Any, **kwargs: Any) -> None:
    """Queue ``task(*args, **kwargs)`` once the current transaction commits (at once
    outside one). A backend that cannot take it (Redis away) is logged, not raised: the
    writes it followed are committed, and the page that made them still answers."""

    def submit() -> None:
        if getattr(settings, "MADANG_TASKS_EAGER", False):
            _call(task, args, kwargs)
            return
        try:
            task.enqueue(*args, **kwargs)
        except Exception:
            log.exception("task %s not enqueued", task.name)

    transaction.on_commit(submit)


def _call(task: Task[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Run a task here and now, as a worker would: its failure is logged, not raised."""
    try:
        task.call(*args, **kwargs)
    except Exception:
        log.exception("task %s failed", task.name)


def retry_later(
    task: Task[..., Any],
    *args: Any,
    attempt: int,
    give_up: Callable[..., object] | None = None,
    delays: Sequence[timedelta] = RETRY_DELAYS,
    **kwargs: Any,
) -> bool:
    """After a failed ``attempt`` (0 for the first run), queue ``task(*args, **kwargs,
    attempt=attempt + 1)`` to run after the next of ``delays``, and return True. When
    every delay is used up, call ``give_up(*args, **kwargs)`` and return False.

    In eager mode the retry runs at once after the current one (no waiting), so
    tests see the give-up without a worker."""
    if attempt < len(delays):
        later = task.using(run_after=timezone.now() + delays[attempt])
        enqueue(later, *args, attempt=attempt + 1, **kwargs)
        return True
    log.warning("task %s gave up after %s attempts", task.name, attempt + 1)
    if give_up is not None:
        give_up(*args, **kwargs)
    return False


def queue_names() -> list[str]:
    """The configured queues, ``default`` first (a worker on all of them looks there first)."""
    return sorted(task_backends["default"].queues, key=lambda name: (name != "default", name))


def uses_database() -> bool:
    """Whether tasks are queued in the database (django_tasks_db), not in Redis."""
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def prune_results(older_than: timedelta = RESULTS_KEPT) -> int:
    """Delete the database backend's tasks that finished (successfully or not) more than
    ``older_than`` ago; the number deleted. RQ expires its own results."""
    if not uses_database():
        return 0
    from django_tasks_db.models import DBTaskResult

    finished = DBTaskResult.objects.finished().filter(finished_at__lt=timezone.now() - older_than)
    deleted, _ = finished.delete()
    return deleted
