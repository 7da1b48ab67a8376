"""The shipped nginx configuration routes /live/ to the stream process, unbuffered.

As in core's nginx tests, docs/deploy/nginx.conf itself runs in a private nginx,
in front of `madang serve` (which starts the stream process) on a SQLite file.
"""

from __future__ import annotations

import http.client
import json
import os
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from madang.core import nginx
from madang.core.bench import free_port, wait_for
from madang.live.tests.streaming import Stream

MADANG = (sys.executable, "-m", "madang")

pytestmark = pytest.mark.nginx

SEED = """
import json
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from madang.accounts.models import Member
from madang.boards import actions
writer = Member.objects.create_user(username="writer", password="not-used-here")
board = actions.create_board(slug="square", name="스퀘어")
post = actions.create_post(board=board, author=writer, title="지켜볼 글", body="<p>본문</p>")
print("SEEDED " + json.dumps({"number": post.number}))
"""
COMMENT = """
from madang.accounts.models import Member
from madang.boards.models import Post
from madang.comments.actions import create_comment
post = Post.objects.get(board__slug="square", number={number})
comment = create_comment(post=post, author=Member.objects.get(username="writer"), body="지금")
print("COMMENTED", comment.pk)
"""


def https(site: nginx.Site) -> http.client.HTTPSConnection:
    tls = ssl.create_default_context()
    tls.check_hostname = False
    tls.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
    return http.client.HTTPSConnection("127.0.0.1", site.https_port, context=tls, timeout=20)


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[nginx.Site, dict, int]]:
    folder = tmp_path_factory.mktemp("live-nginx")
    var = folder / "var"
    env = {
        **os.environ,
        "MADANG_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var}/site.sqlite3",
        "DJANGO_SETTINGS_MODULE": "madang.settings",
        "MADANG_TRUSTED_PROXIES": "127.0.0.1",
    }
    env.pop("REDIS_URL", None)

    def madang(*args: str) -> str:
        return subprocess.run(  # noqa: S603 - our own command
            [sys.executable, "-m", "madang", *args],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    number = json.loads(madang("shell", "-c", SEED).split("SEEDED ", 1)[1])["number"]
    port, live_port = free_port(), free_port()
    log = folder / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603 - our own command
            [*MADANG, "serve", "--port", str(port), "--live-port", str(live_port), "--no-worker"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    proxy: nginx.LocalNginx | None = None
    try:
        try:
            wait_for(f"http://127.0.0.1:{live_port}/live/healthz")
        except RuntimeError as error:
            raise RuntimeError(f"{error}; madang serve said:\n{log.read_text()}") from error
        nginx.self_signed_certificate(folder / "tls")
        site = nginx.Site(
            http_port=free_port(),
            https_port=free_port(),
            upstream_port=port,
            static_root=var / "static",
            media_root=var / "media",
            cache_dir=folder / "cache",
            certificates=folder / "tls",
            live_port=live_port,
        )
        config = nginx.shipped_http_config(site)
        proxy = nginx.LocalNginx(folder / "nginx", config, [site.https_port])
        yield site, {"madang": madang}, number
    finally:
        if proxy is not None:
            proxy.stop()
        server.terminate()
        server.wait(timeout=30)


def test_live_goes_to_the_stream_process(proxied):
    site, _, _ = proxied
    connection = https(site)
    connection.request("GET", "/live/healthz")
    answer = connection.getresponse()
    assert json.loads(answer.read()) == {"streams": 0, "feed": "database"}


def test_events_pass_through_as_they_happen(proxied):
    site, tools, number = proxied
    stream = Stream(https(site), f"/live/square/{number}", **{"Accept-Encoding": "br, gzip"})
    assert stream.status == 200
    assert stream.headers["Content-Type"] == "text/event-stream; charset=utf-8"
    assert stream.headers.get("Content-Encoding") is None  # compressed, events would wait
    assert stream.headers.get("X-Cache-Status") is None  # never the page cache's business
    assert stream.next().fields == {"retry": "5000"}

    written = tools["madang"]("shell", "-c", COMMENT.replace("{number}", str(number)))
    comment_id = written.split("COMMENTED ", 1)[1].strip()

    # An nginx that buffered would sit on this small answer until the stream ended.
    event = stream.next_event()
    assert event.fields == {"id": comment_id, "event": "comment", "data": comment_id}
    stream.close()


def test_the_shipped_file_routes_live_to_its_own_upstream():
    shipped = Path(nginx.SHIPPED).read_text()
    block = shipped.split("location ^~ /live/ {", 1)[1].split("}", 1)[0]
    assert "proxy_pass http://madang_live;" in block
    assert "proxy_buffering off;" in block
    assert "proxy_cache off;" in block
