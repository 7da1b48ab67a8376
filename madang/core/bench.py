"""``madang bench``: load from wrk against madang, as ratios to references in the same run.

References: the framework floor (a bare Django view in the same server returning
a page of the same size from memory) and, when nginx is installed, nginx serving
that page as a static file. The machine is noisy; the ratios are what to compare.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from madang.core import bench_cpu, nginx

WRK_HINT = "wrk is missing: sudo apt-get install wrk"
WRK_THREADS = 2


@dataclass
class Result:
    case: str
    url: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int = 0
    floor_ratio: float | None = None
    nginx_ratio: float | None = None
    cpu_ms: dict[str, float] | None = None  # per request, by group (madang.core.bench_cpu)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if match is None:
        raise ValueError(f"unexpected wrk latency {value!r}")
    number, unit = match.groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def page_size(url: str) -> int:
    """Bytes of the page a guest gets at ``url`` (rendered now, if it was not yet)."""
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (our own server)
        return len(response.read())


def run_wrk(
    case: str,
    url: str,
    *,
    connections: int,
    seconds: int,
    headers: dict[str, str] | None = None,
    script: str | None = None,
    cpu: bench_cpu.Clock | None = None,
) -> Result:
    """One case: wrk's rate, latencies and errors, and with ``cpu`` the CPU time each
    request cost the server, PostgreSQL, Redis and wrk."""
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    before = cpu.read() if cpu else None
    output = subprocess.run(  # noqa: S603
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    after = cpu.read() if cpu else None
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    # Anchored: "+/- Stdev" columns such as "82.50%" also contain "50%".
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    cpu_ms = bench_cpu.per_request(before, after, total)
    return Result(case, url, rate, p50, p99, errors, total, cpu_ms=cpu_ms)


class Nginx:
    """nginx serving the floor page as a static file, on its own port, in a temp folder."""

    def __init__(self, page: bytes) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="madang-bench-nginx-"))
        (self.folder / "floor.html").write_bytes(page)
        self.port = free_port()
        self.nginx = nginx.LocalNginx(
            self.folder,
            f"server {{ listen 127.0.0.1:{self.port}; root {self.folder}; }}",
            [self.port],
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/floor.html"

    def stop(self) -> None:
        self.nginx.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class CachingNginx:
    """The shipped configuration (docs/deploy/nginx.conf) in front of a local madang."""

    def __init__(self, upstream_port: int, static_root: Path, media_root: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="madang-bench-cache-"))
        nginx.self_signed_certificate(self.folder / "tls")
        self.site = nginx.Site(
            http_port=free_port(),
            https_port=free_port(),
            upstream_port=upstream_port,
            static_root=static_root,
            media_root=media_root,
            cache_dir=self.folder / "cache",
            certificates=self.folder / "tls",
        )
        self.nginx = nginx.LocalNginx(
            self.folder, nginx.shipped_http_config(self.site), [self.site.https_port]
        )

    @property
    def base(self) -> str:
        return self.site.base

    def stop(self) -> None:
        self.nginx.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class Server:
    """``madang serve`` with production settings and the floor view mounted."""

    def __init__(self, workers: int | None, **settings: str) -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "MADANG_BENCH_FLOOR": "1",
            "MADANG_SECURE_COOKIES": "false",
            "MADANG_TRUSTED_PROXIES": "127.0.0.1",  # the micro-cache case's nginx
            **settings,
        }
        command = [sys.executable, "-m", "madang", "serve", "--port", str(self.port), "--no-worker"]
        command += ["--live-port", str(free_port())]  # the port after ours may be taken
        if workers:
            command += ["--workers", str(workers)]
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
        wait_for(f"{self.base}/healthz")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def memory_mb(self) -> list[float]:
        """Resident memory of each gunicorn worker (children of the serving process)."""
        sizes = []
        for child in Path("/proc").glob("[0-9]*"):
            try:
                status = (child / "status").read_text()
            except OSError:
                continue
            if f"PPid:\t{self.process.pid}\n" in status:
                rss = re.search(r"VmRSS:\s+(\d+) kB", status)
                if rss:
                    sizes.append(int(rss.group(1)) / 1024)
        return sizes

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def with_ratios(results: list[Result], floor: Result, nginx: Result | None) -> list[Result]:
    for result in results:
        result.floor_ratio = result.requests_per_second / floor.requests_per_second
        if nginx is not None:
            result.nginx_ratio = result.requests_per_second / nginx.requests_per_second
    return results


def table(results: list[Result]) -> str:
    width = max([34, *(len(r.case) for r in results)])
    header = f"{'case':<{width}} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
    lines = [f"{header} {'/floor':>7} {'/nginx':>7}"]
    for r in results:
        floor = f"{r.floor_ratio:.2f}" if r.floor_ratio is not None else "-"
        to_nginx = f"{r.nginx_ratio:.3f}" if r.nginx_ratio is not None else "-"
        lines.append(
            f"{r.case:<{width}} {r.requests_per_second:>9.0f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f}"
            f" {r.errors:>7} {floor:>7} {to_nginx:>7}"
        )
    return "\n".join(lines)


def cpu_table(results: list[Result]) -> str:
    """The CPU each request cost, by group, for the cases measured with a clock; empty
    when none was (no /proc, or a server the bench did not start)."""
    measured = [(r.case, r.cpu_ms) for r in results if r.cpu_ms is not None]
    if not measured:
        return ""
    width = max([34, *(len(case) for case, _ in measured)])
    columns = "".join(f" {group:>9}" for group in bench_cpu.GROUPS)
    lines = [f"CPU per request, ms: {' / '.join(bench_cpu.GROUPS)}", f"{'case':<{width}}{columns}"]
    for case, cpu_ms in measured:
        figures = "".join(f" {cpu_ms[group]:>9.3f}" for group in bench_cpu.GROUPS)
        lines.append(f"{case:<{width}}{figures}")
    return "\n".join(lines)


def write_json(path: str, results: list[Result], extra: dict[str, object]) -> None:
    Path(path).write_text(json.dumps({"results": [asdict(r) for r in results], **extra}, indent=2))
