"""Work that must not happen inside a request: sending mail, for now.

``defer`` runs a function after the current transaction commits, on a small
thread pool, so the request answers without waiting for it (a password reset
answers just as fast for an unknown address as for a known one). Tests set
``MADANG_TASKS_EAGER`` to run deferred work at once, in order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction

log = logging.getLogger(__name__)
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="madang-task")


def _run(func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    try:
        func(*args, **kwargs)
    except Exception:
        log.exception("deferred task %s failed", getattr(func, "__name__", func))


def _run_in_thread(func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    try:
        _run(func, args, kwargs)
    finally:
        close_old_connections()


def defer(func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    def submit() -> None:
        if getattr(settings, "MADANG_TASKS_EAGER", False):
            _run(func, args, kwargs)
        else:
            _pool.submit(_run_in_thread, func, args, kwargs)

    transaction.on_commit(submit)
