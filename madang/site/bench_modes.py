"""The modes of ``madang bench`` that measure one thing alone: ``--search``, ``--live``,
``--render``, ``--mix``, ``--news`` and ``--media``. Each takes the command's options
and a function to tell progress with, and gives back its table."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from madang.boards.models import Board
from madang.core import bench
from madang.media import bench_bad_input
from madang.site import bench_live, bench_media, bench_mix, bench_news, bench_render, bench_search
from madang.site.bench_setup import forget_bench_notifications, set_comment_limit, set_post_limit

Options = dict[str, Any]
Say = Callable[[str], Any]


def _board(options: Options) -> Board:
    board = Board.objects.filter(slug=options["board"]).first()
    if board is None:
        raise CommandError(
            f"no board {options['board']!r}: run `madang seed --board ... --posts N` first"
        )
    return board


def search(options: Options, say: Say) -> str:
    cases, extra = bench_search.run(
        _board(options), runs=options["search_runs"], build=options["search_build"]
    )
    return bench_search.table(cases, extra)


def live(options: Options, say: Say) -> str:
    figures = bench_live.run(
        _board(options), streams=options["live_streams"], comments=options["live_comments"]
    )
    if options["json_file"]:
        bench.write_json(options["json_file"], [], {"live": figures})
    return bench_live.table(figures)


def render(options: Options, say: Say) -> str:
    profile = Path(options["profile"]) if options["profile"] else None
    results = bench_render.run(_board(options), runs=options["render_runs"], profile=profile)
    if options["json_file"]:
        bench.write_json(options["json_file"], [], {"render": bench_render.as_json(results)})
    return bench_render.table(results)


def mix(options: Options, say: Say) -> str:
    """The mix against a server of its own, and the floor measured by wrk in the same run."""
    if not shutil.which("wrk"):
        raise CommandError(bench.WRK_HINT)
    board = _board(options)
    saved = (board.comments_per_hour, board.comment_gap_seconds)
    saved_posts = (board.posts_per_hour, board.post_gap_seconds)
    # The bench's members write as the model says, not as one person may.
    set_comment_limit(board, 32767, 0)
    set_post_limit(board, 32767, 0)
    server = None if options["url"] else bench.Server(options["workers"])
    started = timezone.now()
    try:
        base = options["url"] or server.base  # type: ignore[union-attr]
        size = bench.page_size(f"{base}{board.get_absolute_url()}")
        say(f"  framework floor, {size / 1000:.0f} KB (as the list) ...")
        floor = bench.run_wrk(
            "floor", f"{base}/_bench/floor?bytes={size}", connections=16, seconds=options["seconds"]
        ).requests_per_second
        steps = bench_mix.run(
            base,
            board,
            floor,
            seconds=options["seconds"],
            start=options["mix_start"],
            step=options["mix_step"],
            log=say,
        )
        memory = server.memory_mb() if server else []
    finally:
        if server is not None:
            server.stop()
        set_comment_limit(board, *saved)
        set_post_limit(board, *saved_posts)
        forget_bench_notifications(bench_mix.member_names(), since=started)
    if options["json_file"]:
        figures = {**bench_mix.as_json(steps, floor), "worker_memory_mb": memory}
        bench.write_json(options["json_file"], [], {"mix": figures})
    text = bench_mix.table(steps, floor)
    if memory:
        text += f"\nworker memory (MB): {', '.join(f'{size:.1f}' for size in memory)}"
    return text


def news(options: Options, say: Say) -> str:
    return bench_news.table(bench_news.run())


def media(options: Options, say: Say) -> str:
    return "\n".join(
        [
            bench_media.table(bench_media.convert_set()),
            "\nbad uploads, each probed in a process of its own:",
            bench_bad_input.table(bench_bad_input.run()),
        ]
    )


MODES: dict[str, Callable[[Options, Say], str]] = {
    "search": search,
    "live": live,
    "render": render,
    "mix": mix,
    "news": news,
    "media": media,
}
