"""``madang bench --render``: what a page costs to render, timed in the process.

Every request the page cache does not hold (an old post a crawler opens, a deep
page, a member who hides a category, the first request after a write) is a
render, and the render sets the capacity for all of them (docs/performance.md).
Each case here goes through Django's whole handler (middleware, view, template)
with Django's test client and the page cache off, so that it times the render
and nothing of HTTP; it also counts the SQL each render runs and the time spent
in it. With ``--profile DIR`` each case is run once more under cProfile, and its
statistics are written to ``DIR/<case>.prof`` (read them with ``python -m
pstats`` or snakeviz) with the top functions printed.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import random
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from madang.boards.models import Board, Category
from madang.boards.paging import posts_per_page
from madang.boards.preferences import save_preferences
from madang.site.bench_setup import bench_member, post_with_comments

HIDING_MEMBER = "bench_hider"  # hides one category: a render of their own


@dataclass
class Case:
    name: str
    times_ms: list[float] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    size: list[int] = field(default_factory=list)

    def at(self, share: float) -> float:
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


class _SqlClock:
    """Counts the statements a render runs and the time they take (connection.execute_wrapper)."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return execute(sql, params, many, ctx)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def _client(member_name: str | None = None) -> Client:
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
    client = Client(HTTP_HOST=host.lstrip(".") or "localhost", HTTP_ACCEPT_LANGUAGE="ko")
    if member_name:
        client.force_login(bench_member(member_name))
    return client


def _hiding_member(board: Board) -> str:
    """A member who hides the board's last category, so that their list is their own."""
    category = Category.objects.filter(board=board).order_by("-order").first()
    if category is not None:
        save_preferences(
            member=bench_member(HIDING_MEMBER), excluded_categories=[category], muted_words=""
        )
    return HIDING_MEMBER


def cases(board: Board, seed: int = 7) -> list[tuple[str, Client, Callable[[], str]]]:
    """Each case: its name, who asks, and the next address to ask for."""
    rng = random.Random(seed)
    post = post_with_comments(board)
    last_number = board.last_number
    last_page = max(1, board.post_count // posts_per_page())
    guest, member = _client(), _client("bench_reader")
    hider = _client(_hiding_member(board))
    base = board.get_absolute_url()
    return [
        ("list page 1", guest, lambda: base),
        ("list, random deep page", guest, lambda: f"{base}?page={rng.randint(2, last_page)}"),
        ("post, 100 comments", guest, lambda: post.get_absolute_url()),
        ("post, random old post", guest, lambda: f"{base}{rng.randint(1, last_number)}"),
        ("member list page 1, hiding a category", hider, lambda: base),
        ("member post, 100 comments", member, lambda: post.get_absolute_url()),
    ]


@contextmanager
def _uncached() -> Iterator[None]:
    with override_settings(MADANG_PAGE_CACHE=False):
        yield


def _fetch(client: Client, path: str) -> int:
    response = client.get(path)
    if response.status_code == 301:  # an old post's address with its slug, or a moved one
        response = client.get(response["Location"])
    if response.status_code not in (200, 404):  # a random number may be a deleted post
        raise RuntimeError(f"{path} answered {response.status_code}")
    return len(response.content)


def run(board: Board, *, runs: int = 200, profile: Path | None = None) -> list[Case]:
    # The pages name their static files through the manifest, as `madang serve` has them.
    call_command("collectstatic", interactive=False, verbosity=0)
    results = []
    with _uncached():
        for name, client, next_path in cases(board):
            for _ in range(5):  # warm: the first renders compile templates and plans
                _fetch(client, next_path())
            case = Case(name)
            for _ in range(runs):
                path = next_path()
                clock = _SqlClock()
                with connection.execute_wrapper(clock):
                    started = time.perf_counter()
                    case.size.append(_fetch(client, path))
                    case.times_ms.append((time.perf_counter() - started) * 1000)
                case.sql_ms.append(clock.seconds * 1000)
                case.queries.append(clock.count)
            results.append(case)
            if profile is not None:
                _profile(profile, name, client, next_path, max(20, runs // 4))
    return results


def _profile(
    folder: Path, name: str, client: Client, next_path: Callable[[], str], runs: int
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    profiler = cProfile.Profile()
    paths = [next_path() for _ in range(runs)]
    profiler.enable()
    for path in paths:
        _fetch(client, path)
    profiler.disable()
    slug = "".join(char if char.isalnum() else "-" for char in name).strip("-")
    profiler.dump_stats(folder / f"{slug}.prof")
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(12)
    print(f"\n--- {name}: {runs} renders, top functions by own time ---")
    print("\n".join(line for line in text.getvalue().splitlines()[6:] if line.strip()))


def table(results: list[Case]) -> str:
    lines = [
        f"{'render (page cache off)':40} {'runs':>5} {'p50 ms':>7} {'p95 ms':>7}"
        f" {'SQL ms':>7} {'queries':>7} {'KB':>6}"
    ]
    for case in results:
        lines.append(
            f"{case.name:40} {len(case.times_ms):5} {case.at(0.5):7.1f} {case.at(0.95):7.1f}"
            f" {statistics.median(case.sql_ms):7.1f} {statistics.median(case.queries):7.0f}"
            f" {statistics.median(case.size) / 1000:6.1f}"
        )
    return "\n".join(lines)


def as_json(results: list[Case]) -> list[dict[str, object]]:
    return [
        {
            "case": case.name,
            "runs": len(case.times_ms),
            "p50_ms": round(case.at(0.5), 2),
            "p95_ms": round(case.at(0.95), 2),
            "sql_ms_median": round(statistics.median(case.sql_ms), 2),
            "queries_median": statistics.median(case.queries),
            "bytes_median": statistics.median(case.size),
        }
        for case in results
    ]
