"""``madang rebuild_search [--board slug]``: index every post and comment anew (docs/search.md)."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from madang.boards.models import Board
from madang.search import engine
from madang.search.indexing import rebuild

BAR = 30  # characters of the progress bar


class Command(BaseCommand):
    help = "Rebuild the search index in batches, with a progress bar (idempotent)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--board", help="only this board's posts and comments")
        parser.add_argument("--database", default="default")

    def handle(self, *args: object, **options: Any) -> None:
        board = None
        if options["board"]:
            board = Board.objects.using(options["database"]).filter(slug=options["board"]).first()
            if board is None:
                raise CommandError(f"no board {options['board']!r}")
        self.started = time.monotonic()
        done = rebuild(board=board, using=options["database"], progress=self.progress)
        took = time.monotonic() - self.started
        sizes = engine.index_size(options["database"])
        self.stdout.write(
            f"indexed {done[engine.POSTS]:,} posts and {done[engine.COMMENTS]:,} comments"
            f" in {took:.1f} s; index {sum(sizes.values()) / 2**20:,.1f} MiB"
            f" (posts {sizes[engine.POSTS] / 2**20:,.1f}, comments"
            f" {sizes[engine.COMMENTS] / 2**20:,.1f})"
        )

    def progress(self, kind: str, done: int, total: int) -> None:
        """A bar redrawn in place on a terminal; elsewhere a line every tenth of the way."""
        now = time.monotonic()
        if kind != getattr(self, "kind", None):  # posts done, comments begin
            self.kind, self.shown, self.drawn = kind, -1.0, 0.0
            self.kind_started = getattr(self, "kind_ended", self.started)
        share = done / total if total else 1.0
        tty = sys.stdout.isatty()
        finished = done >= total
        if not finished and (
            (tty and now - self.drawn < 0.2)
            or (not tty and int(share * 10) == int(self.shown * 10))
        ):
            return
        self.drawn, self.shown = now, share
        filled = int(BAR * share)
        rate = done / max(now - self.kind_started, 1e-6)
        line = (
            f"{kind:8} [{'#' * filled}{'.' * (BAR - filled)}] {share:6.1%}"
            f" {done:,}/{total:,} ({rate:,.0f}/s)"
        )
        if finished:
            self.kind_ended = now
        if tty:
            self.stdout.write("\r" + line + ("\n" if finished else ""), ending="")
            self.stdout.flush()
        else:
            self.stdout.write(line)
