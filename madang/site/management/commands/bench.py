"""``madang bench``: the benchmark suite (see madang.core.bench and docs/performance.md)."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string

from madang.boards.models import Board, Post
from madang.boards.viewcounts import flush_views
from madang.core import bench, bench_cpu
from madang.core import nginx as nginx_config
from madang.core.bench_floor import floor_page
from madang.site import bench_counter, bench_modes, bench_uncached
from madang.site.bench_setup import (
    PageSizes,
    bench_member,
    hot_board,
    list_with_pictures,
    post_with_comments,
    read_bench_notifications,
    session_cookie,
    set_comment_limit,
    viewer_script,
    writer_script,
)

WRITERS = 32
VIEWERS = 1000
# A two-syllable word across every board: what the search page is measured with.
SEARCH_PATH = "/search?q=%EC%82%AC%EC%A7%84"  # 사진
MICRO_CACHE_CASE = "anonymous board page 1 through the nginx micro-cache"


class Command(BaseCommand):
    help = "Benchmark madang with wrk and print requests/s, p50, p99 and ratios to the references."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--url", help="a running madang (with MADANG_BENCH_FLOOR=1) instead of starting one"
        )
        parser.add_argument("--board", default="square")
        parser.add_argument("--seconds", type=int, default=10)
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--workers", type=int, default=None)
        parser.add_argument("--deep-page", type=int, default=100_000)
        parser.add_argument("--json", dest="json_file")
        parser.add_argument(
            "--media", action="store_true", help="only the media cases: GIFs converted, page weight"
        )
        parser.add_argument(
            "--search", action="store_true", help="only search: queries timed on --board"
        )
        parser.add_argument(
            "--search-build", action="store_true", help="with --search: build the index first"
        )
        parser.add_argument("--search-runs", type=int, default=300)
        parser.add_argument(
            "--live",
            action="store_true",
            help="only live comments: streams held open on a post of --board, a comment's delivery",
        )
        parser.add_argument(
            "--news",
            action="store_true",
            help="only the news check: what it adds to posting, on a board of 3,000 news posts",
        )
        parser.add_argument(
            "--render",
            action="store_true",
            help="only renders: pages timed in the process with the page cache off",
        )
        parser.add_argument("--render-runs", type=int, default=200)
        parser.add_argument("--profile", help="with --render: write each case's cProfile here")
        parser.add_argument(
            "--mix",
            action="store_true",
            help="only the mix: a busy board's traffic at rising rates (docs/performance.md)",
        )
        parser.add_argument("--mix-start", type=float, default=0.2, help="of the floor")
        parser.add_argument("--mix-step", type=float, default=0.1, help="of the floor")
        parser.add_argument("--live-streams", type=int, default=5000)
        parser.add_argument("--live-comments", type=int, default=3)

    def handle(self, *args: object, **options: Any) -> None:
        for mode in bench_modes.MODES:
            if options[mode]:
                self.stdout.write(bench_modes.MODES[mode](options, self.stderr.write))
                return
        if not shutil.which("wrk"):
            raise CommandError(bench.WRK_HINT)
        board = Board.objects.filter(slug=options["board"]).first()
        if board is None:
            raise CommandError(
                f"no board {options['board']!r}: run `madang seed --board ... --posts N` first"
            )
        server: bench.Server | None = None
        nginx: bench.Nginx | None = None
        caching: bench.CachingNginx | None = None
        folder = Path(tempfile.mkdtemp(prefix="madang-bench-"))
        saved_limit = (board.comments_per_hour, board.comment_gap_seconds)
        saved_thumbnails = board.list_thumbnails
        extra_memory: list[float] = []
        try:
            post = post_with_comments(board)
            list_with_pictures(board, post)
            # The writers write as fast as they can. Lifted before the server starts: a
            # server on the embedded default keeps its cache to itself, and would never
            # hear of a change made from this process.
            set_comment_limit(board, 32767, 0)
            hot_refresh_seconds = hot_board(board)
            server = None if options["url"] else bench.Server(options["workers"])
            base = options["url"] or server.base  # type: ignore[union-attr]
            sizes = PageSizes(
                listing=bench.page_size(f"{base}/{board.slug}/"),
                post=bench.page_size(f"{base}{post.get_absolute_url()}"),
                hot=bench.page_size(f"{base}/hot/"),
                search=bench.page_size(f"{base}{SEARCH_PATH}"),
            )
            nginx = bench.Nginx(floor_page(sizes.listing)) if nginx_config.nginx_binary() else None
            caching = self.caching_nginx(base) if nginx else None
            clock = bench_cpu.Clock(server.process.pid) if server is not None else None
            results, extra = self.run_cases(
                base, board, post, sizes, options, folder, nginx, caching, clock
            )
            extra["hot_refresh_seconds"] = round(hot_refresh_seconds, 3)
        finally:
            read_bench_notifications()
            set_comment_limit(board, *saved_limit)
            board.list_thumbnails = saved_thumbnails
            board.save(update_fields=["list_thumbnails"])
            if server is not None:
                extra_memory = server.memory_mb()
                server.stop()
            if nginx is not None:
                nginx.stop()
            if caching is not None:
                caching.stop()
            shutil.rmtree(folder, ignore_errors=True)
        if server is not None:
            extra["worker_memory_mb"] = [round(size, 1) for size in extra_memory]
        self.stdout.write(bench.table(results))
        if cpu_table := bench.cpu_table(results):
            self.stdout.write(cpu_table)
        for key, value in extra.items():
            self.stdout.write(f"{key}: {value}")
        if options["json_file"]:
            bench.write_json(options["json_file"], results, extra)

    def caching_nginx(self, base: str) -> bench.CachingNginx | None:
        """The shipped nginx configuration in front of the server, when it is on this machine."""
        address = urlsplit(base)
        if address.hostname not in ("127.0.0.1", "localhost") or address.port is None:
            self.stderr.write("  no nginx micro-cache case: the server is not on this machine")
            return None
        if not nginx_config.SHIPPED.exists():
            self.stderr.write(f"  no nginx micro-cache case: {nginx_config.SHIPPED} is missing")
            return None
        return bench.CachingNginx(
            address.port, Path(settings.STATIC_ROOT), Path(settings.MEDIA_ROOT)
        )

    def run_cases(
        self,
        base: str,
        board: Board,
        post: Post,
        sizes: PageSizes,
        options: dict[str, Any],
        folder: Path,
        nginx: bench.Nginx | None,
        caching: bench.CachingNginx | None,
        clock: bench_cpu.Clock | None,
    ) -> tuple[list[bench.Result], dict[str, object]]:
        seconds, connections = options["seconds"], options["connections"]

        def wrk(case: str, url: str, **kwargs: Any) -> bench.Result:
            self.stderr.write(f"  {case} ...")
            return bench.run_wrk(
                case,
                url,
                connections=kwargs.pop("connections", connections),
                seconds=seconds,
                cpu=kwargs.pop("cpu", clock),
                **kwargs,
            )

        reader = session_cookie(bench_member("bench_reader"))
        post_url = f"{base}{post.get_absolute_url()}"
        deep = min(options["deep_page"], bench_uncached.last_page(board))
        floor = wrk(
            f"framework floor, {sizes.listing / 1000:.0f} KB (as the list)",
            f"{base}/_bench/floor?bytes={sizes.listing}",
        )
        post_floor = wrk(
            f"framework floor, {sizes.post / 1000:.0f} KB (as the post)",
            f"{base}/_bench/floor?bytes={sizes.post}",
        )
        static = wrk("nginx static file (as the list)", nginx.url) if nginx else None
        results = [wrk("anonymous board page 1", f"{base}/{board.slug}/")]
        if caching is not None:
            results.append(wrk(MICRO_CACHE_CASE, f"{caching.base}/{board.slug}/"))
        results += [
            wrk(f"anonymous board page {deep:,}", f"{base}/{board.slug}/?page={deep}"),
            wrk("member board page 1", f"{base}/{board.slug}/", headers={"Cookie": reader}),
        ]
        post_pages = [
            wrk("anonymous post, 100 comments", post_url),
            wrk("member post, 100 comments", post_url, headers={"Cookie": reader}),
        ]
        hot_floor = wrk(
            f"framework floor, {sizes.hot / 1000:.0f} KB (as /hot/)",
            f"{base}/_bench/floor?bytes={sizes.hot}",
        )
        hot_pages = [
            wrk("anonymous /hot/", f"{base}/hot/"),
            wrk("member /hot/", f"{base}/hot/", headers={"Cookie": reader}),
        ]
        search_floor = wrk(
            f"framework floor, {sizes.search / 1000:.0f} KB (as the search page)",
            f"{base}/_bench/floor?bytes={sizes.search}",
        )
        # A member's search is rendered for them, never taken from the page cache.
        search_pages = [
            wrk("member search across boards", f"{base}{SEARCH_PATH}", headers={"Cookie": reader})
        ]
        before = Post.objects.get(pk=post.pk).view_count
        views = wrk("view hits (1,000 viewers)", post_url, script=viewer_script(folder, VIEWERS))
        post_pages.append(views)
        writers = []
        for index in range(WRITERS):
            token = get_random_string(32)  # an unmasked CSRF secret, valid as cookie and header
            writers.append((session_cookie(bench_member(f"bench_writer_{index}")), token))
        comments = wrk(
            f"comment writes ({WRITERS} writers)",
            post_url,
            connections=WRITERS,
            script=writer_script(folder, f"{post.get_absolute_url()}/comments", writers),
        )
        time.sleep(12)  # the serving process flushes its own buffer every 5 s...
        if settings.REDIS_URL:
            flush_views()  # ...while with Redis the worker does it; the bench starts none
        counted = Post.objects.get(pk=post.pk).view_count - before
        extra: dict[str, object] = {
            "floor_requests_per_second": round(floor.requests_per_second),
            "post_floor_requests_per_second": round(post_floor.requests_per_second),
            "page_bytes": {
                "list": sizes.listing,
                "post": sizes.post,
                "hot": sizes.hot,
                "search": sizes.search,
            },
            "views_counted": counted,
            # one view per distinct browser; fewer requests than viewers means fewer views
            "views_expected": min(VIEWERS, views.requests - views.errors),
        }
        counter_cases: list[bench.Result] = []
        if settings.REDIS_URL:
            before = Post.objects.get(pk=post.pk).view_count
            counter_case, viewers = bench_counter.run(post.pk, seconds=seconds)
            flush_views()
            counter_cases.append(counter_case)
            extra["counter_views_counted"] = Post.objects.get(pk=post.pk).view_count - before
            extra["counter_views_expected"] = viewers
        uncached = (
            bench_uncached.run(board, folder, wrk)
            if not options["url"]
            else bench_uncached.Uncached([], [])
        )
        # Each page against a floor of its own size; writes and the counter against the list's.
        bench.with_ratios([*results, comments, *counter_cases, *uncached.lists], floor, static)
        bench.with_ratios([*post_pages, *uncached.posts], post_floor, static)
        bench.with_ratios(hot_pages, hot_floor, static)
        bench.with_ratios(search_pages, search_floor, static)
        if static is not None:
            extra["nginx_requests_per_second"] = round(static.requests_per_second)
        references = [floor, post_floor, hot_floor, search_floor, *([static] if static else [])]
        cases = [
            *results,
            *post_pages,
            *hot_pages,
            *search_pages,
            comments,
            *counter_cases,
            *uncached.lists,
            *uncached.posts,
        ]
        return [*references, *cases], extra
