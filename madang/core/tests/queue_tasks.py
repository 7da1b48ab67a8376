"""Tasks for the queue's tests: module-level, as the Tasks API asks, so that a worker
in another process finds them too."""

from __future__ import annotations

from pathlib import Path

from django_tasks import task

from madang.core.queue import retry_later

# What the tasks run in this process did, in order.
done: list[str] = []


@task()
def note(text: str) -> None:
    done.append(text)


@task()
def write(path: str, text: str, attempt: int = 0) -> None:
    """Leaves a file behind: what a worker in another process did."""
    Path(path).write_text(text)


def gave_up(text: str) -> None:
    done.append(f"gave up on {text}")


@task(queue_name="media")
def fail(text: str, attempt: int = 0) -> None:
    """Fails every time, as a task does whose file cannot be converted."""
    done.append(f"{text} #{attempt}")
    try:
        raise RuntimeError("cannot convert")
    except RuntimeError:
        retry_later(fail, text, attempt=attempt, give_up=gave_up)
