"""``madang bench --mix``: a busy board's traffic, offered at fixed rates that rise.

The traffic model (docs/performance.md, "A realistic mix"). Of the reads:

- 30 % the board's page 1, as guests;
- 25 % posts of the last day: a post among the newest 2,000, nearer the newest
  more often (log-uniform over their rank: Zipf's law with exponent 1);
- 10 % the long tail of list pages: pages 2 to the last, log-uniform;
- 10 % the long tail of posts: any post of the board, log-uniform over its rank;
- 10 % crawlers: an old post or a deep page, uniform over all of them;
- 15 % members (20 bench members, 5 of whom hide a category): half page 1,
  half posts of the last day.

And the writes, at fixed rates whatever the reads' rate: comments on posts of
the last day (``comments_per_second``, by the bench members) and new posts
(one every ``seconds_per_post``), each making the pages it touches stale.

Requests are sent on a schedule (open loop, one connection each, as
gunicorn's sync workers close theirs), and each latency counts from the moment
the request was due, so a server that falls behind is charged for the wait.
Each step offers a rate for ``seconds``; the rates rise by ``step`` times the
framework floor from ``start`` times it until the p99 of the reads passes
``P99_LIMIT_MS`` or more than 1 % of them fail, after a warm-up at the first
rate that is not counted. The highest rate held is the
result, with the page cache's hit ratio (``X-Madang-Cache: hit``) and p50 and
p99 for each kind of request.
"""

from __future__ import annotations

import asyncio
import math
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from django.utils.crypto import get_random_string

from madang.boards.models import Board, Category
from madang.boards.paging import posts_per_page
from madang.boards.preferences import save_preferences
from madang.site.bench_setup import bench_member, session_cookie

P99_LIMIT_MS = 250.0
WARM_UP_SECONDS = 5.0
NEWEST = 2000  # "posts of the last day" on a busy board
MEMBERS = 20
HIDING = 5
TIMEOUT = 10.0
# New posts' titles: words drawn at random, so that no two read as the same story to
# the board's duplicate check (news/duplicates.py), nor as a repeat to the limits.
WORDS = (
    "오늘",
    "동네",
    "빵집",
    "회사",
    "점심",
    "택배",
    "지연",
    "겨울",
    "패딩",
    "한강",
    "산책",
    "고양이",
    "사진",
    "전기",
    "요금",
    "버스",
    "지하철",
    "라면",
    "후기",
    "주말",
    "여행",
    "야구",
    "경기",
    "드라마",
    "결말",
    "커피",
    "가격",
    "이사",
    "준비",
    "운동",
    "기록",
)
READS: list[tuple[str, float]] = [
    ("list page 1", 0.30),
    ("post, last day", 0.25),
    ("list, tail", 0.10),
    ("post, tail", 0.10),
    ("crawler", 0.10),
    ("member", 0.15),
]


@dataclass
class Request:
    kind: str
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass
class Step:
    offered: float  # requests a second
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    hits: int = 0
    reads: int = 0

    def p(self, share: float, kind: str | None = None) -> float:
        values = (
            self.latencies.get(kind, [])
            if kind
            else [ms for name, found in self.latencies.items() if name != "write" for ms in found]
        )
        if not values:
            return math.nan
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))]

    @property
    def read_errors(self) -> int:
        return sum(count for kind, count in self.errors.items() if kind != "write")

    @property
    def held(self) -> bool:
        return self.p(0.99) <= P99_LIMIT_MS and self.read_errors <= 0.01 * max(1, self.reads)

    @property
    def hit_ratio(self) -> float:
        return self.hits / self.reads if self.reads else 0.0


def _log_uniform(rng: random.Random, low: int, high: int) -> int:
    """An integer in [low, high], each decade as likely as the next (Zipf, exponent 1)."""
    if high <= low:
        return low
    return min(high, int(math.exp(rng.uniform(math.log(low), math.log(high + 1)))))


class Traffic:
    """Picks the next request of the model."""

    def __init__(self, board: Board, seed: int = 11) -> None:
        self.rng = random.Random(seed)
        self.base = board.get_absolute_url()
        self.last_number = board.last_number
        self.last_page = max(1, board.post_count // posts_per_page())
        self.members = _members(board)
        self.writers = [(cookie, get_random_string(32)) for cookie in self.members]
        self.kinds, self.weights = zip(*READS, strict=True)
        self.categories = list(
            Category.objects.filter(board=board).order_by("order").values_list("pk", flat=True)
        )
        self.written = 0

    def recent_number(self) -> int:
        return self.last_number - _log_uniform(self.rng, 1, min(NEWEST, self.last_number)) + 1

    def read(self) -> Request:
        kind = self.rng.choices(self.kinds, self.weights)[0]
        rng, base = self.rng, self.base
        if kind == "list page 1":
            return Request(kind, "GET", base)
        if kind == "post, last day":
            return Request(kind, "GET", f"{base}{self.recent_number()}")
        if kind == "list, tail":
            return Request(kind, "GET", f"{base}?page={_log_uniform(rng, 2, self.last_page)}")
        if kind == "post, tail":
            rank = _log_uniform(rng, 1, self.last_number)
            return Request(kind, "GET", f"{base}{self.last_number - rank + 1}")
        if kind == "crawler":
            if rng.random() < 0.5:
                return Request(kind, "GET", f"{base}{rng.randint(1, self.last_number)}")
            return Request(kind, "GET", f"{base}?page={rng.randint(1, self.last_page)}")
        cookie = rng.choice(self.members)
        path = base if rng.random() < 0.5 else f"{base}{self.recent_number()}"
        return Request(kind, "GET", path, {"Cookie": cookie})

    def comment(self) -> Request:
        cookie, token = self.rng.choice(self.writers)
        self.written += 1
        number = self.last_number - self.rng.randint(0, min(199, self.last_number - 1))
        return _form(f"{self.base}{number}/comments", cookie, token, f"body=mix+{self.written}")

    def post(self) -> Request:
        cookie, token = self.rng.choice(self.writers)
        self.written += 1
        title = "+".join(quote(word) for word in self.rng.sample(WORDS, 5))
        body = f"title={title}+{self.written}&body=%3Cp%3Emix+{self.written}%3C%2Fp%3E"
        if self.categories:
            body += f"&category={self.rng.choice(self.categories)}"
        return _form(f"{self.base}write", cookie, token, body)


def _form(path: str, cookie: str, token: str, body: str) -> Request:
    headers = {
        "Cookie": f"{cookie}; csrftoken={token}",
        "X-CSRFToken": token,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return Request("write", "POST", path, headers, body.encode())


def member_names() -> list[str]:
    return [f"bench_mix_{index}" for index in range(MEMBERS)]


def _members(board: Board) -> list[str]:
    hidden = Category.objects.filter(board=board).order_by("-order").first()
    cookies = []
    for index, name in enumerate(member_names()):
        member = bench_member(name)
        if hidden is not None:
            save_preferences(
                member=member,
                excluded_categories=[hidden] if index < HIDING else [],
                muted_words="",
            )
        cookies.append(session_cookie(member))
    return cookies


async def _send(host: str, port: int, request: Request) -> tuple[int, bool]:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        head = [f"{request.method} {request.path} HTTP/1.1", f"Host: {host}", "Connection: close"]
        head += [f"{name}: {value}" for name, value in request.headers.items()]
        if request.body:
            head.append(f"Content-Length: {len(request.body)}")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + request.body)
        answer = await reader.read(-1)
    finally:
        writer.close()
    headers = answer.split(b"\r\n\r\n", 1)[0].lower()
    status = int(headers[9:12]) if headers.startswith(b"http/1.") else 0
    return status, b"\r\nx-madang-cache: hit" in headers


async def _one(address: tuple[str, int], request: Request, due: float, step: Step) -> None:
    try:
        status, hit = await asyncio.wait_for(_send(*address, request), TIMEOUT)
    except (TimeoutError, OSError):
        status, hit = 0, False
    elapsed = (time.monotonic() - due) * 1000
    ok = 200 <= status < 400 or (status == 404 and request.kind in ("crawler", "post, tail"))
    if request.kind != "write":
        step.reads += 1
        step.hits += hit
    if ok:
        step.latencies[request.kind].append(elapsed)
    else:
        step.errors[request.kind] += 1


async def _schedule(
    address: tuple[str, int],
    rate: float,
    seconds: float,
    next_request: Callable[[], Request],
    step: Step,
) -> None:
    started = time.monotonic()
    pending = set()
    for index in range(int(rate * seconds)):
        due = started + index / rate
        wait = due - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        task = asyncio.ensure_future(_one(address, next_request(), due, step))
        pending.add(task)
        task.add_done_callback(pending.discard)
    if pending:
        await asyncio.wait(pending)


def run_step(
    base: str, traffic: Traffic, rate: float, seconds: float, writes: tuple[float, float]
) -> Step:
    """One rate held for ``seconds``: the reads, the comments and the posts at once."""
    address = urlsplit(base)
    where = (address.hostname or "127.0.0.1", address.port or 80)
    step = Step(rate, seconds)
    comments_per_second, seconds_per_post = writes

    async def all_of_it() -> None:
        await asyncio.gather(
            _schedule(where, rate, seconds, traffic.read, step),
            _schedule(where, comments_per_second, seconds, traffic.comment, step),
            _schedule(where, 1 / seconds_per_post, seconds, traffic.post, step),
        )

    # In a thread of its own: the caller's thread may run an event loop already (a test
    # session that drove a browser), and asyncio.run refuses to start inside one.
    with ThreadPoolExecutor(1) as runner:
        runner.submit(asyncio.run, all_of_it()).result()
    return step


def run(
    base: str,
    board: Board,
    floor: float,
    *,
    seconds: float = 10,
    start: float = 0.2,
    step: float = 0.1,
    writes: tuple[float, float] = (3.0, 3.0),
    most: float = 1.5,
    log: Callable[[str], None] = print,
) -> list[Step]:
    """Steps of rising rates until one is not held (or ``most`` times the floor)."""
    traffic = Traffic(board)
    # Not counted: each worker's first requests compile its templates, prepare its
    # statements and fill its memos, which a running site did long ago.
    warm_up = min(seconds, WARM_UP_SECONDS)
    log(f"  warming up at {start * floor:.0f} requests/s for {warm_up:.0f} s ...")
    run_step(base, traffic, start * floor, warm_up, writes)
    steps = []
    share = start
    while share <= most + 1e-9:
        rate = share * floor
        log(f"  mix at {rate:.0f} requests/s ({share:.2f} of the floor) ...")
        result = run_step(base, traffic, rate, seconds, writes)
        steps.append(result)
        if not result.held:
            break
        share += step
    return steps


def table(steps: list[Step], floor: float) -> str:
    lines = [
        f"{'offered/s':>9} {'/floor':>6} {'served/s':>8} {'hits':>5} {'p50 ms':>7} {'p99 ms':>7}"
        f" {'errors':>6}  held"
    ]
    for found in steps:
        served = sum(len(v) for k, v in found.latencies.items() if k != "write") / found.seconds
        lines.append(
            f"{found.offered:9.0f} {found.offered / floor:6.2f} {served:8.0f}"
            f" {found.hit_ratio:5.2f} {found.p(0.5):7.1f} {found.p(0.99):7.1f}"
            f" {found.read_errors:6}  {'yes' if found.held else 'no'}"
        )
    held = [found for found in steps if found.held]
    if held:
        best = held[-1]
        lines.append(
            f"\nheld at {best.offered:.0f}/s = {best.offered / floor:.2f} of the floor; by kind:"
        )
        for kind in [*dict(READS), "write"]:
            if best.latencies.get(kind):
                lines.append(
                    f"  {kind:16} {len(best.latencies[kind]):6} requests"
                    f"  p50 {best.p(0.5, kind):7.1f} ms  p99 {best.p(0.99, kind):7.1f} ms"
                    f"  errors {best.errors.get(kind, 0)}"
                )
    else:
        lines.append("\nno step held")
    return "\n".join(lines)


def as_json(steps: list[Step], floor: float) -> dict[str, object]:
    held = [found for found in steps if found.held]
    return {
        "floor_requests_per_second": round(floor),
        "held_ratio": round(held[-1].offered / floor, 3) if held else 0.0,
        "steps": [
            {
                "offered": round(found.offered),
                "ratio": round(found.offered / floor, 3),
                "hit_ratio": round(found.hit_ratio, 3),
                "p50_ms": round(found.p(0.5), 1),
                "p99_ms": round(found.p(0.99), 1),
                "read_errors": found.read_errors,
                "held": found.held,
                "by_kind": {
                    kind: {
                        "requests": len(values),
                        "p50_ms": round(statistics.median(values), 1),
                        "p99_ms": round(found.p(0.99, kind), 1),
                    }
                    for kind, values in found.latencies.items()
                },
            }
            for found in steps
        ],
    }
