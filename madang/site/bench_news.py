"""What the news check adds to posting, measured on the database (``madang bench --news``).

A board ``newsbench`` is given a busy board's 48 hours of news posts (3,000 by
default, titles and links as ``news.bench_duplicates`` makes them, written through
the posting action so that their links and stories are stored as in use). Then,
for each new post, the two things the news app adds to posting are timed on their
own: the gate's check (``news.earlier.earlier_posts``: the post's story, the board's
window brought up to date, the earlier posts read through the visibility rule) and
the keeping of the post's links and story when it is saved (``news.keeping``). The
new posts are a third fresh, a third a retitled copy of a post of the window, a
third its link again. A whole post written through the gate (``writing.submit``),
check included, is timed beside them for scale. Link previews are not fetched.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from madang.boards import actions as board_actions
from madang.boards.models import Board, Duplicates
from madang.moderation.permissions import viewer_of
from madang.news import windows
from madang.news.bench_duplicates import made_link, made_titles, retitled
from madang.news.earlier import earlier_posts
from madang.news.keeping import keep_post
from madang.news.models import PostLink, RecentTitle
from madang.site.bench_setup import bench_member
from madang.writing import submit

BOARD = "newsbench"


@dataclass
class Figures:
    window: int
    runs: int
    check_p50: float
    check_p95: float
    keep_p50: float
    keep_p95: float
    added_p50: float
    added_p95: float
    post_p50: float
    post_p95: float
    found: int


def _board() -> Board:
    board = Board.objects.filter(slug=BOARD).first()
    if board is None:
        board = board_actions.create_board(
            slug=BOARD, name="뉴스 벤치", post_gap_seconds=0, comment_gap_seconds=0
        )
    board.duplicates = Duplicates.WARN
    board.duplicate_window_hours = 48
    board.posts_per_hour = 32767
    board.save()
    return board


def _fill(board: Board, size: int, rng: random.Random) -> list[tuple[str, str]]:
    """The window's posts (link, title), written when fewer than ``size`` are in it."""
    since = timezone.now() - timedelta(hours=47)
    held = RecentTitle.objects.filter(board=board, created_at__gte=since).count()
    author = bench_member("bench-news-writer")
    links = [made_link(rng) for _ in range(size)]
    titles = made_titles(size, rng)
    for link, title in list(zip(links, titles, strict=True))[held:]:
        board_actions.create_post(
            board=board, author=author, title=title[:100], body="<p>뉴스</p>", source_url=link
        )
    return [
        (post.source_url, post.title)
        for post in board.posts.filter(created_at__gte=since).only("source_url", "title")[:size]
    ]


@override_settings(MADANG_LINK_PREVIEWS=False)
def run(window: int = 3000, runs: int = 200, seed: int = 2026) -> Figures:
    rng = random.Random(seed)
    board = _board()
    stored = _fill(board, window, rng)
    member = bench_member("bench-news-reader")
    viewer = viewer_of(member)
    windows.forget()
    earlier_posts(board, viewer, "창 채우기")  # the process's window, built once
    fresh = made_titles(runs, rng)
    checks: list[float] = []
    keeps: list[float] = []
    posts: list[float] = []
    found = 0
    stamp = int(time.time())  # a run's posts are its own: the repeat limit refuses the same text
    for index in range(runs):
        link, title = rng.choice(stored)
        if index % 3 == 0:
            link, title = made_link(rng), fresh[index]
        elif index % 3 == 1:
            link, title = made_link(rng), retitled(title, rng)
        began = time.perf_counter()
        earlier = earlier_posts(board, viewer, title[:100], link)
        checks.append(time.perf_counter() - began)
        found += bool(earlier)
        began = time.perf_counter()
        post, _cleared = submit.write_post(
            member=member,
            board=board,
            title=f"{title[:80]} {stamp}-{index}",
            body="<p>뉴스</p>",
            source_url=f"https://www.hanbit-ilbo.example/news/{stamp}-{index}",
            duplicates_seen=True,
            mask_personal_data=True,
        )
        posts.append(time.perf_counter() - began)
        began = time.perf_counter()
        with transaction.atomic():  # as on posting: in the write's transaction, new
            PostLink.objects.filter(post=post).delete()
            RecentTitle.objects.filter(post=post).delete()
            began = time.perf_counter()
            keep_post(post, queue_fetch=False, new=True)
            keeps.append(time.perf_counter() - began)
    added = [check + keep for check, keep in zip(checks, keeps, strict=True)]
    ms = 1000
    return Figures(
        window=len(stored),
        runs=runs,
        check_p50=statistics.median(checks) * ms,
        check_p95=_p95(checks) * ms,
        keep_p50=statistics.median(keeps) * ms,
        keep_p95=_p95(keeps) * ms,
        added_p50=statistics.median(added) * ms,
        added_p95=_p95(added) * ms,
        post_p50=statistics.median(posts) * ms,
        post_p95=_p95(posts) * ms,
        found=found,
    )


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def table(figures: Figures) -> str:
    rows = [
        ("the gate's check (earlier posts)", figures.check_p50, figures.check_p95),
        ("keeping links and story on save", figures.keep_p50, figures.keep_p95),
        ("added to posting (both)", figures.added_p50, figures.added_p95),
        ("a whole post through the gate", figures.post_p50, figures.post_p95),
    ]
    lines = [
        f"news check on a window of {figures.window:,} posts, {figures.runs} new posts "
        f"({figures.found} found repeating):",
        f"{'case':<40} {'p50 ms':>8} {'p95 ms':>8}",
    ]
    lines += [f"{name:<40} {p50:>8.2f} {p95:>8.2f}" for name, p50, p95 in rows]
    return "\n".join(lines)
