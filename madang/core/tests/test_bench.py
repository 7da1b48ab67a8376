"""The bench's own arithmetic (the load itself is a benchmark, not a test)."""

from __future__ import annotations

import subprocess

from madang.core import bench

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/square/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    25.01ms    3.00ms  60.00ms   82.50%
  Latency Distribution
     50%   24.50ms
     75%   26.00ms
     90%   28.00ms
     99%    1.20s
  6400 requests in 10.00s, 200.00MB read
  Socket errors: connect 0, read 0, write 0, timeout 3
  Non-2xx or 3xx responses: 2
Requests/sec:    640.00
Transfer/sec:     20.00MB
"""


def test_wrk_output_is_read(monkeypatch):
    def fake_run(command, **kwargs):
        assert command[:5] == ["wrk", "-t2", "-c16", "-d10s", "--latency"]
        assert command[-1] == "http://127.0.0.1:8000/square/"
        return subprocess.CompletedProcess(command, 0, stdout=WRK_OUTPUT, stderr="")

    monkeypatch.setattr(subprocess, "run", fake_run)
    result = bench.run_wrk("page", "http://127.0.0.1:8000/square/", connections=16, seconds=10)
    assert (result.requests_per_second, result.p50_ms, result.p99_ms) == (640.0, 24.5, 1200.0)
    assert (result.errors, result.requests) == (5, 6400)


def test_ratios_and_table():
    floor = bench.Result("floor", "", 1000.0, 1.0, 2.0, 0)
    nginx = bench.Result("nginx", "", 20000.0, 0.1, 0.5, 0)
    page = bench.Result("page", "", 800.0, 2.0, 5.0, 0)
    bench.with_ratios([page], floor, nginx)
    assert (page.floor_ratio, page.nginx_ratio) == (0.8, 0.04)
    text = bench.table([page])
    assert "0.80" in text and "0.040" in text


def test_the_floor_view_is_not_mounted_on_a_normal_site(client, db):
    assert client.get("/_bench/floor").status_code == 404


def test_long_case_names_keep_the_columns_aligned():
    cases = [
        bench.Result("anonymous board page 1 through the nginx micro-cache", "", 9000.0, 1, 2, 0),
        bench.Result("floor", "", 1000.0, 1.0, 2.0, 0),
    ]
    lines = bench.table(cases).splitlines()
    assert len({len(line) for line in lines}) == 1


def test_the_floor_page_is_as_large_as_asked(settings):
    from madang.core.bench_floor import floor_page

    for size in (100, 30_000, 112_345):
        page = floor_page(size)
        assert len(page) == size
        assert "마당" in page.decode()
