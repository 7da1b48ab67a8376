"""The bench's cases on a second server with the page cache off (docs/performance.md).

Page 1 uncached is what a render of the busiest page costs. The other two are the
traffic no cache holds: readers going through random deep pages and random old
posts, each request a page or post drawn at random, as crawlers and links from
elsewhere ask for them. One fixed deep page would not be that: asked for again and
again, it is served from what each process keeps of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from madang.boards.models import Board
from madang.boards.paging import posts_per_page
from madang.core import bench, bench_cpu
from madang.site.bench_setup import random_pages_script, random_posts_script

PAGE_1 = "anonymous board page 1, uncached"
RANDOM_PAGES = "anonymous random deep pages, uncached"
RANDOM_POSTS = "anonymous random old posts, uncached"


@dataclass
class Uncached:
    """The cases by the floor they are compared with: the list's or the post's size."""

    lists: list[bench.Result]
    posts: list[bench.Result]


def last_page(board: Board) -> int:
    """The last full page of the board's list: every page up to it is a whole page."""
    return max(1, board.post_count // posts_per_page())


def run(board: Board, folder: Path, wrk: Callable[..., bench.Result]) -> Uncached:
    """The three cases, through ``wrk`` (the command's: its connections and seconds),
    against a server started for them and stopped after."""
    server = bench.Server(None, MADANG_PAGE_CACHE="false")
    clock = bench_cpu.Clock(server.process.pid)
    page_1 = f"{server.base}{board.get_absolute_url()}"
    pages = random_pages_script(folder, board.get_absolute_url(), last_page(board))
    posts = random_posts_script(folder, board.get_absolute_url(), board.last_number)
    try:
        # Not counted: a new server's workers compile their templates and prepare their
        # statements on their first renders, which the other cases' server has done.
        for script in (None, pages, posts):
            bench.run_wrk("warm-up", page_1, connections=4, seconds=2, script=script)
        return Uncached(
            lists=[
                wrk(PAGE_1, page_1, cpu=clock),
                wrk(RANDOM_PAGES, page_1, script=pages, cpu=clock),
            ],
            posts=[wrk(RANDOM_POSTS, page_1, script=posts, cpu=clock)],
        )
    finally:
        server.stop()
