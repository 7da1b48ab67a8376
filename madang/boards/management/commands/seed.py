"""``madang seed --board square --posts N [--comments-per-post M]``: volume for benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from madang.boards import actions
from madang.boards.models import Board
from madang.boards.seeding import seed_board

DEFAULT_CATEGORIES = [
    ("issue", "이슈"),
    ("news", "기사/뉴스"),
    ("humor", "유머"),
    ("info", "정보"),
    ("tip", "팁/유용/추천"),
]


class Command(BaseCommand):
    help = "Bulk-load synthetic posts (COPY on PostgreSQL) for benchmarks."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--board", default="square")
        parser.add_argument("--posts", type=int, required=True)
        parser.add_argument("--comments-per-post", type=int, default=0)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: object, **options: Any) -> None:
        if options["posts"] < 0 or options["comments_per_post"] < 0:
            raise CommandError("counts must not be negative")
        board = Board.objects.filter(slug=options["board"]).first()
        if board is None:
            board = actions.create_board(slug=options["board"], name=options["board"])
            for order, (slug, name) in enumerate(DEFAULT_CATEGORIES):
                actions.create_category(board=board, slug=slug, name=name, order=order)
        started = time.monotonic()
        done = seed_board(
            board=board,
            posts=options["posts"],
            comments_per_post=options["comments_per_post"],
            seed=options["seed"],
        )
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"seeded {done['posts']:,} posts and {done['comments']:,} comments "
            f"on /{board.slug}/ in {elapsed:.1f} s"
        )
