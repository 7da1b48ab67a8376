"""The wrk scripts of the bench's random readers (site/bench_setup.py), run by wrk
itself against a small server that records the paths it is asked for.

They need wrk, as ``madang bench`` does; CI installs it (.ci/run). Where it is
missing, the tests fail and say so rather than pass without running the scripts.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from madang.core import bench
from madang.site.bench_setup import random_pages_script, random_posts_script


@pytest.fixture
def asked() -> Iterator[Callable[[str], list[str]]]:
    """Runs a script with wrk for a second; the paths it asked for."""
    if shutil.which("wrk") is None:
        pytest.fail(f"{bench.WRK_HINT} (the bench's scripts are run by wrk)")
    paths: list[str] = []

    class Recorder(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # kept alive, as madang's server keeps wrk's connections
        disable_nagle_algorithm = True  # or each answer waits on the delayed ACK

        def do_GET(self) -> None:
            paths.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # wrk resets its connections as it ends

    server = Server(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def run(script: str) -> list[str]:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        result = bench.run_wrk(
            "script", url, connections=bench.WRK_THREADS, seconds=1, script=script
        )
        assert result.errors == 0
        return list(paths)

    yield run
    server.shutdown()
    server.server_close()


def test_random_pages_run_from_page_2_to_the_last(asked, tmp_path: Path):
    paths = asked(random_pages_script(tmp_path, "/square/", 6))
    assert len(paths) > 100
    assert all(path.startswith("/square/?page=") for path in paths)
    assert {int(path.rsplit("=", 1)[1]) for path in paths} == {2, 3, 4, 5, 6}


def test_random_old_posts_run_from_1_to_the_last_number(asked, tmp_path: Path):
    paths = asked(random_posts_script(tmp_path, "/square/", 1_000_000))
    numbers = [int(path.removeprefix("/square/")) for path in paths]
    assert len(numbers) > 100
    assert all(1 <= number <= 1_000_000 for number in numbers)
    # Drawn from a million, nearly every number comes once, unless the two threads
    # drew the same sequence: then each number would come about twice.
    assert len(set(numbers)) > 0.9 * len(numbers)


def test_a_board_of_one_page_is_asked_for_page_1(tmp_path: Path):
    script = Path(random_pages_script(tmp_path, "/square/", 1)).read_text()
    assert 'wrk.format("GET", "/square/?page=" .. math.random(1, 1))' in script
