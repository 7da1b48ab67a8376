"""``madang bench --search``: search timed in the process, on a seeded board (docs/search.md).

Each case runs a few hundred searches as ``/<board>/?q=`` runs them (a guest,
title and body, newest first, page 1: the first 20 results and the count of
the page links' block), cycling through words of the seeded titles and bodies,
rare and common ones, and reports p50 and p95; also by relevance (the newest
1,000 matches ranked). A member's search page is timed
whole through Django's test client (rendered, the page cache off). With
``--search-build`` the index is built anew first, and timed.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings

from madang.boards.models import Board
from madang.boards.visibility import GUEST
from madang.search import engine, indexing, searching
from madang.search.models import PostEntry
from madang.search.query import parse
from madang.site.bench_setup import bench_member

# Two syllables: common in the seeded titles (라면, 후기, 택배), in the bodies (사진, 정리),
# and absent from them (라인, 정부), which the index must answer without a scan.
TWO_SYLLABLES = ["라면", "후기", "택배", "사진", "정리", "요금", "동네", "라인", "정부", "산책"]
TWO_WORDS = [
    "고양이 사진",
    "택배 지연",
    "회사 점심",
    "동네 빵집",
    "라면 후기",
    "겨울 패딩",
    "전기 요금",
    "한강 산책",
    "사진 공유",
    "라인 정부",
]


@dataclass
class Case:
    name: str
    times_ms: list[float]
    found: list[int]  # results counted, or bytes of the page
    unit: str = "results"

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def _timed(
    name: str, queries: list[str], runs: int, search: Callable[[str], int], unit: str = "results"
) -> Case:
    for word in queries:  # warm: the first run of each reads from the disk
        search(word)
    case = Case(name, [], [], unit)
    for index in range(runs):
        word = queries[index % len(queries)]
        started = time.perf_counter()
        case.found.append(search(word))
        case.times_ms.append((time.perf_counter() - started) * 1000)
    return case


def run(board: Board, *, runs: int = 300, build: bool = False) -> tuple[list[Case], dict]:
    extra: dict[str, object] = {"database": connection.vendor}
    if build:
        started = time.monotonic()
        done = indexing.rebuild()
        extra["build_seconds"] = round(time.monotonic() - started, 1)
        extra["indexed"] = done
    extra["entries"] = PostEntry.objects.count()
    extra["index_mib"] = {
        kind: round(size / 2**20, 1) for kind, size in engine.index_size("default").items()
    }
    scope = searching.Scope([board])

    def search(order: str) -> Callable[[str], int]:
        def run_one(words: str) -> int:
            results = searching.search(
                viewer=GUEST,
                query=parse(words),
                scope=scope,
                field="title_body",
                order=order,
                page=1,
            )
            return results.counted

        return run_one

    newest = search(searching.NEW)

    cases = [
        _timed("two syllables, newest 20", TWO_SYLLABLES, runs, newest),
        _timed("two words, newest 20", TWO_WORDS, runs, newest),
        _timed("two syllables, by relevance", TWO_SYLLABLES, runs // 3, search("relevance")),
        _timed(
            "member search page, rendered", TWO_SYLLABLES, max(50, runs // 3), _page(board), "bytes"
        ),
    ]
    return cases, extra


def _page(board: Board) -> Callable[[str], int]:
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost")
    client.force_login(bench_member("bench_reader"))

    def render(words: str) -> int:
        with override_settings(MADANG_PAGE_CACHE=False):
            response = client.get(f"/{board.slug}/", {"q": words})
        assert response.status_code == 200, response.status_code
        return len(response.content)

    return render


def table(cases: list[Case], extra: dict) -> str:
    lines = [f"{'case':34} {'runs':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  median"]
    for case in cases:
        lines.append(
            f"{case.name:34} {len(case.times_ms):5} {case.p50:8.1f} {case.p95:8.1f}"
            f" {max(case.times_ms):8.1f}  {statistics.median(case.found):,.0f} {case.unit}"
        )
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return "\n".join(lines)
