"""The view counter at a fixed offered rate, without HTTP in front of it.

``madang bench`` drives the post page with wrk as fast as the server answers,
and on a 2-core machine that is below the issue's 5,000 views a second: the
framework floor itself serves about half of that. This case offers the
counter (``boards/viewcounts.py``, the Redis Lua script every post page calls)
exactly that rate from several processes, with each viewer coming back a few
times inside the six-hour window, then flushes and compares the views counted
with the distinct viewers. Every view must be counted once: not lost, not
doubled.
"""

from __future__ import annotations

import multiprocessing
import statistics
import time
import uuid

from madang.core.bench import Result

PROCESSES = 4
RETURNS = 3  # each viewer is offered this many times


def _offer(
    post_id: int, viewers: range, rate: float, seconds: float, run: str
) -> tuple[int, int, list[float], float]:
    """One process at its share of the rate: hits offered, errors, latencies (ms), seconds."""
    import django

    django.setup()
    from madang.boards.viewcounts import counter

    count = counter()
    latencies: list[float] = []
    errors = 0
    start = time.perf_counter()
    total = int(rate * seconds)
    for index in range(total):
        due = start + index / rate
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        viewer = f"bench-{run}-{viewers[index % len(viewers)]}"
        before = time.perf_counter()
        try:
            count.hit(post_id, viewer)
        except Exception:
            errors += 1
        latencies.append((time.perf_counter() - before) * 1000)
    return total, errors, latencies, time.perf_counter() - start


def run(post_id: int, rate: int = 5000, seconds: float = 6.0) -> tuple[Result, int]:
    """Offer ``rate`` hits a second for ``seconds``; the result and the distinct viewers."""
    per_process = rate / PROCESSES
    hits_each = int(per_process * seconds)
    viewers_each = max(1, hits_each // RETURNS)
    run_id = uuid.uuid4().hex[:8]
    jobs = [
        (
            post_id,
            range(n * viewers_each, (n + 1) * viewers_each),
            per_process,
            seconds,
            run_id,
        )
        for n in range(PROCESSES)
    ]
    with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
        outcomes = pool.starmap(_offer, jobs)
    offered = sum(total for total, _errors, _lat, _took in outcomes)
    errors = sum(failed for _total, failed, _lat, _took in outcomes)
    latencies = sorted(ms for _total, _errors, lat, _took in outcomes for ms in lat)
    took = max(took for _total, _errors, _lat, took in outcomes)  # a slow process shows here
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    result = Result(
        case=f"view counter, {rate:,}/s offered ({RETURNS} visits per viewer)",
        url="(counter)",
        requests_per_second=offered / took,
        p50_ms=statistics.median(latencies),
        p99_ms=p99,
        errors=errors,
        requests=offered,
    )
    return result, viewers_each * PROCESSES
