"""How long the duplicate check adds to posting a news link, on a busy board's window.

``python -m madang.news.bench_duplicates`` (or ``run()`` from ``madang bench``) fills a
window with a board's 48 hours of posts (3,000 by default: titles made of the words of
the labelled set's titles, so that they share words as one board's news does, and links
of the shapes of tests/pairs.toml), then times the check each new post runs: key its
link and its canonical address, prepare its title, look the keys up and compare the
title with the window's (``Window.repeats``). The new posts are a third fresh, a third
copies of a post of the window under another title, a third its link again. It prints
p50 and p95 in milliseconds, for the check through the window's index and for the
same check comparing the title with every title of the window, and how long building
the window from stored keys and normalised titles takes.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from madang.news.duplicates import Story, Window, same_story
from madang.news.titles import Title, normalise_title

PAIRS = Path(__file__).with_name("tests") / "pairs.toml"
_HOSTS = (
    "https://www.yna.co.kr/view/AKR2024{n:011d}",
    "https://n.news.naver.com/mnews/article/{o:03d}/{n:010d}?sid=102",
    "https://v.daum.net/v/2024{n:013d}",
    "https://www.hani.co.kr/arti/society/society_general/{n}.html?_ns=t1",
    "https://www.chosun.com/national/2024/03/12/{n:X}/?utm_source=naver",
    "https://www.newsis.com/view/?id=NISX2024_{n:010d}&cID=10201",
)


@dataclass
class Result:
    window: int
    runs: int
    build_ms: float
    indexed_p50: float
    indexed_p95: float
    scan_p50: float
    scan_p95: float
    repeats_found: int


def vocabulary() -> Counter[str]:
    """The words of the labelled set's titles, with how often each is used."""
    with PAIRS.open("rb") as data:
        pairs = tomllib.load(data)["pair"]
    words: Counter[str] = Counter()
    for pair in pairs:
        for side in (pair["a"], pair["b"]):
            words.update(normalise_title(side["title"]).split())
    return words


def made_titles(count: int, rng: random.Random) -> list[str]:
    words = vocabulary()
    pool, weights = list(words), list(words.values())
    return [" ".join(rng.choices(pool, weights, k=rng.randint(4, 9))) for _ in range(count)]


def made_link(rng: random.Random) -> str:
    shape = rng.choice(_HOSTS)
    return shape.format(n=rng.randrange(10**9), o=rng.randrange(1, 500))


def retitled(title: str, rng: random.Random) -> str:
    """A copy's title: the words of the first, one of them dropped, a tag in front."""
    words = title.split()
    if len(words) > 4:
        words.pop(rng.randrange(len(words)))
    return f"[{rng.choice(('단독', '속보', '종합'))}] " + " ".join(words)


def run(window_size: int = 3000, runs: int = 300, seed: int = 2024) -> Result:
    rng = random.Random(seed)
    stored = [
        (ident, link, title)
        for ident, (link, title) in enumerate(
            zip(
                (made_link(rng) for _ in range(window_size)),
                made_titles(window_size, rng),
                strict=True,
            )
        )
    ]
    # What the table holds: each post's link key and normalised title, made at posting.
    rows = [(ident, Story.of(url=link, title=title)) for ident, link, title in stored]
    kept = [(ident, sorted(story.keys), story.title.text) for ident, story in rows]

    began = time.perf_counter()
    window = Window(
        (ident, Story(keys=frozenset(keys), title=Title.from_normalised(text)))
        for ident, keys, text in kept
    )
    build_ms = (time.perf_counter() - began) * 1000

    posts: list[tuple[str, str]] = []
    fresh = made_titles(runs, rng)
    for i in range(runs):
        _, link, title = rng.choice(stored)
        if i % 3 == 0:
            posts.append((made_link(rng), fresh[i]))
        elif i % 3 == 1:
            posts.append((made_link(rng), retitled(title, rng)))
        else:
            posts.append((link, title))

    def indexed(url: str, title: str) -> int:
        return len(window.repeats(Story.of(url=url, title=title, canonical=url)))

    def scan(url: str, title: str) -> int:
        story = Story.of(url=url, title=title, canonical=url)
        return sum(same_story(story, other) for _, other in rows)

    indexed_times, found = _timed(indexed, posts)
    scan_times, _ = _timed(scan, posts)
    return Result(
        window=window_size,
        runs=runs,
        build_ms=build_ms,
        indexed_p50=statistics.median(indexed_times),
        indexed_p95=_percentile(indexed_times, 0.95),
        scan_p50=statistics.median(scan_times),
        scan_p95=_percentile(scan_times, 0.95),
        repeats_found=found,
    )


def table(result: Result) -> str:
    return "\n".join(
        [
            f"window: {result.window} posts  checks: {result.runs}"
            f"  posts found repeating one: {result.repeats_found}",
            f"building the window: {result.build_ms:.1f} ms",
            f"check through the index: p50 {result.indexed_p50:.2f} ms"
            f"  p95 {result.indexed_p95:.2f} ms",
            f"check against every title: p50 {result.scan_p50:.2f} ms"
            f"  p95 {result.scan_p95:.2f} ms",
        ]
    )


def _timed(
    check: Callable[[str, str], int], posts: list[tuple[str, str]]
) -> tuple[list[float], int]:
    check(*posts[0])  # warm the rules and word lists, as a running server has them
    timings, found = [], 0
    for url, title in posts:
        began = time.perf_counter()
        found += check(url, title) > 0
        timings.append((time.perf_counter() - began) * 1000)
    return timings, found


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--window", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2024)
    options = parser.parse_args()
    print(table(run(options.window, options.runs, options.seed)))


if __name__ == "__main__":
    main()
