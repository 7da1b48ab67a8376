"""Where a bench case's CPU goes: madang's server, PostgreSQL, Redis and the load tool.

A request per second tells how fast a page is, not what makes it slow: the same
figure comes from a render that spends its time in Python and from one that waits
on the database. Linux counts each process's CPU time in /proc/<pid>/stat; a
reading before and after a case, divided by the requests answered, says how many
milliseconds of CPU each request cost in each group:

* ``app``: the serving process and all its descendants (gunicorn's workers, the
  live server), found through each process's parent;
* ``postgres``: every process named ``postgres`` (the server and its backends);
* ``redis``: every process named ``redis-server``;
* ``wrk``: every process named ``wrk``, and the children this process has waited
  for. The bench starts wrk and waits for it to end, so wrk is gone before the
  reading after a case: its time is then this process's children's.

Each process counts its own time and that of its ended children it waited for
(fields 14 to 17: utime, stime, cutime, cstime). A process that ends during a
case (a backend whose connection closed, an autovacuum worker, a recycled
gunicorn worker) is then still counted, by its parent. PostgreSQL and Redis are
shared by everything on the machine: the figures mean something only on a quiet
machine. Without /proc (not Linux), there is nothing to read and no figures.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
GROUPS = ("app", "postgres", "redis", "wrk")
BY_NAME = {"postgres": "postgres", "redis-server": "redis", "wrk": "wrk"}


@dataclass(frozen=True)
class Process:
    pid: int
    parent: int
    name: str
    ticks: int  # its own CPU time, in clock ticks
    children_ticks: int  # that of its ended children it waited for


def read_process(stat: Path) -> Process | None:
    """One /proc/<pid>/stat, or None when the process ended before it could be read.

    The name is in parentheses and may hold spaces or parentheses itself: the
    fields after it are counted from the last ")"."""
    try:
        text = stat.read_text()
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        # fields[0] is field 3 of proc(5): field n is fields[n - 3]
        utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
        return Process(int(stat.parent.name), int(fields[1]), name, utime + stime, cutime + cstime)
    except (OSError, ValueError, IndexError):
        return None


def processes(proc: Path = PROC) -> list[Process]:
    found = (read_process(folder / "stat") for folder in proc.glob("[0-9]*"))
    return [process for process in found if process is not None]


def descendants(root: int, every: list[Process]) -> set[int]:
    """``root`` and every process under it."""
    children: dict[int, list[int]] = {}
    for process in every:
        children.setdefault(process.parent, []).append(process.pid)
    tree, waiting = set(), [root]
    while waiting:
        pid = waiting.pop()
        if pid not in tree:
            tree.add(pid)
            waiting.extend(children.get(pid, []))
    return tree


@dataclass(frozen=True)
class Clock:
    """Reads the CPU time of each group, the app being ``app_pid`` and its descendants."""

    app_pid: int
    proc: Path = PROC

    def read(self) -> dict[str, int] | None:
        """Clock ticks spent so far by each group; None where there is no /proc."""
        if not (self.proc / str(os.getpid()) / "stat").exists():
            return None
        every = processes(self.proc)
        app = descendants(self.app_pid, every)
        ticks = dict.fromkeys(GROUPS, 0)
        for process in every:
            group = "app" if process.pid in app else BY_NAME.get(process.name)
            if group is not None:
                ticks[group] += process.ticks + process.children_ticks
            if process.pid == os.getpid():
                ticks["wrk"] += process.children_ticks
        return ticks


def per_request(
    before: dict[str, int] | None, after: dict[str, int] | None, requests: int
) -> dict[str, float] | None:
    """Milliseconds of CPU each request cost in each group, between two readings.

    A group whose process ended without a parent of the group to wait for it (a
    wrk of someone else's) loses its time: never below zero."""
    if before is None or after is None or requests <= 0:
        return None
    ms_per_tick = 1000 / os.sysconf("SC_CLK_TCK")
    return {
        group: max(0, after[group] - before[group]) * ms_per_tick / requests for group in GROUPS
    }
