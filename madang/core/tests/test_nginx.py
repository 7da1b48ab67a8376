"""The shipped nginx configuration, run by Debian's nginx in front of ``madang serve``.

The file under test is docs/deploy/nginx.conf itself, its "site:" lines
pointed at free ports and temp folders (madang.core.nginx). The server runs on
its own SQLite file, as in test_serve, so these tests need no database fixture.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import sqlite3
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import brotli
import pytest

from madang.core import nginx
from madang.core.bench import free_port, wait_for

pytestmark = pytest.mark.nginx

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130 Safari/537.36"

SEED = """
import json
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from madang.accounts.models import Member
from madang.boards import actions
from madang.site.bench_setup import session_cookie
writer = Member.objects.create_user(username="writer", password="not-used-here")
reader = Member.objects.create_user(username="reader", password="not-used-here")
board = actions.create_board(slug="square", name="스퀘어")
read = actions.create_post(board=board, author=writer, title="읽을 글", body="<p>본문</p>")
answered = actions.create_post(board=board, author=writer, title="댓글 글", body="<p>본문</p>")
print("SEEDED " + json.dumps({"read": read.pk, "answered": answered.pk,
                              "reader": session_cookie(reader)}))
"""


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str
    raw: bytes = b""  # as it came, compressed or not

    @property
    def cache(self) -> str | None:
        return self.headers.get("X-Cache-Status")


@dataclass
class Proxied:
    site: nginx.Site
    database: Path
    var: Path
    seeded: dict[str, object]

    def request(
        self, method: str, path: str, headers: dict[str, str] | None = None, body: str = ""
    ) -> Answer:
        tls = ssl.create_default_context()
        tls.check_hostname = False
        tls.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.site.https_port, context=tls, timeout=20
        )
        try:
            connection.request(
                method, path, body=body or None, headers={"User-Agent": BROWSER, **(headers or {})}
            )
            answer = connection.getresponse()
            raw = answer.read()
            return Answer(answer.status, answer.headers, raw.decode(errors="replace"), raw)
        finally:
            connection.close()

    def get(self, path: str, **headers: str) -> Answer:
        return self.request("GET", path, {k.replace("_", "-"): v for k, v in headers.items()})

    def view_count(self, post_id: object) -> int:
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as db:
            row = db.execute("SELECT view_count FROM boards_post WHERE id = ?", (post_id,))
            return int(row.fetchone()[0])


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxied]:
    folder = tmp_path_factory.mktemp("nginx")
    var = folder / "var"
    database = var / "site.sqlite3"
    env = {
        **os.environ,
        "MADANG_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "madang.settings",
        "MADANG_TRUSTED_PROXIES": "127.0.0.1",
    }
    env.pop("REDIS_URL", None)
    env.pop("MADANG_MEDIA_ROOT", None)
    seed = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "madang", "shell", "-c", SEED],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seeded = json.loads(seed.stdout.split("SEEDED ", 1)[1])
    port = free_port()
    log = folder / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "-m", "madang", "serve", "--port", str(port), "--no-worker"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    proxy: nginx.LocalNginx | None = None
    try:
        try:
            wait_for(f"http://127.0.0.1:{port}/healthz")
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
        )
        proxy = nginx.LocalNginx(folder, nginx.shipped_http_config(site), [site.https_port])
        yield Proxied(site, database, var, seeded)
    finally:
        if proxy is not None:
            proxy.stop()
        server.terminate()
        server.wait(timeout=30)


def test_plain_http_is_sent_to_https(proxied):
    connection = http.client.HTTPConnection("127.0.0.1", proxied.site.http_port, timeout=10)
    connection.request("GET", "/square/?page=2")
    answer = connection.getresponse()
    assert answer.status == 301
    assert answer.headers["Location"] == "https://127.0.0.1/square/?page=2"


def test_static_files_come_from_disk_and_hashed_names_live_a_year(proxied):
    page = proxied.get("/square/").body
    css = page.split('rel="stylesheet" href="')[1].split('"')[0]
    hashed = proxied.get(css, Accept_Encoding="gzip")
    assert hashed.status == 200
    assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert hashed.headers["Content-Encoding"] == "gzip"  # the .gz written beside it
    assert hashed.cache is None  # not proxied, so not the micro-cache either
    # A file the app's own static server never indexed: only nginx can serve it.
    (proxied.var / "static" / "late.txt").write_text("from the disk")
    late = proxied.get("/static/late.txt")
    assert (late.status, late.body) == (200, "from the disk")
    assert late.headers["Cache-Control"] == "public, max-age=60"


def test_media_files_are_served_and_never_run(proxied):
    made = proxied.var / "media" / "m" / "ab" / "abKEY"
    made.mkdir(parents=True, exist_ok=True)
    (made / "w480.webp").write_bytes(b"RIFF....WEBP")
    (made / "page.html").write_text("<script>alert(1)</script>")
    answer = proxied.get("/media/m/ab/abKEY/w480.webp")
    assert (answer.status, answer.headers["Content-Type"]) == (200, "image/webp")
    assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    # A type madang never makes is not served as what its name says.
    page = proxied.get("/media/m/ab/abKEY/page.html")
    assert page.headers["Content-Type"] == "application/octet-stream"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    # Files as uploaded are never served from disk (the app answers 404 for them).
    (proxied.var / "media" / "incoming").mkdir(exist_ok=True)
    (proxied.var / "media" / "incoming" / "abKEY").write_text("as sent")
    assert proxied.get("/media/incoming/abKEY").status == 404


def test_pages_go_in_brotli_or_gzip_as_asked_and_plain_otherwise(proxied):
    plain = proxied.get("/square/?visit=compressed")
    packed = proxied.get("/square/?visit=compressed", Accept_Encoding="gzip, deflate, br")
    gzipped = proxied.get("/square/?visit=compressed", Accept_Encoding="gzip")
    again = proxied.get("/square/?visit=compressed")
    assert (plain.cache, packed.cache, gzipped.cache, again.cache) == ("MISS", "HIT", "HIT", "HIT")
    assert packed.headers["Content-Encoding"] == "br"
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    # The cache holds the app's plain page once; each answer is compressed for its reader.
    assert brotli.decompress(packed.raw) == plain.raw
    assert gzip.decompress(gzipped.raw) == plain.raw
    assert "Content-Encoding" not in plain.headers and "Content-Encoding" not in again.headers
    assert again.raw == plain.raw and plain.raw.startswith(b"<!doctype html>")


def test_anonymous_pages_are_kept_for_one_second(proxied):
    first = proxied.get("/square/?visit=cached")
    second = proxied.get("/square/?visit=cached")
    assert (first.cache, second.cache) == ("MISS", "HIT")
    assert second.body == first.body
    time.sleep(2.5)  # nginx keeps whole seconds: a one-second entry is gone after two
    assert proxied.get("/square/?visit=cached").cache == "EXPIRED"
    assert proxied.get("/square/?visit=cached").cache == "HIT"


def test_each_language_has_its_own_copy(proxied):
    korean = proxied.get("/square/?visit=languages")
    english = proxied.get("/square/?visit=languages", Accept_Language="en-US,en;q=0.9")
    again = proxied.get("/square/?visit=languages", Accept_Language="en")
    assert (korean.cache, english.cache, again.cache) == ("MISS", "MISS", "HIT")
    assert '<html lang="ko"' in korean.body
    assert '<html lang="en"' in again.body
    # The first tag is neither: the app decides, and nothing is stored.
    other = proxied.get("/square/?visit=languages", Accept_Language="fr-FR,fr;q=0.9,en;q=0.8")
    assert other.cache == "BYPASS"
    assert '<html lang="en"' in other.body


def test_members_messages_and_fragments_pass_through(proxied):
    member = {"Cookie": str(proxied.seeded["reader"])}
    for _ in range(2):
        answer = proxied.request("GET", "/square/?visit=member", member)
        assert answer.cache == "BYPASS"
        assert "로그아웃" in answer.body  # the member's own page
    guest = proxied.get("/square/?visit=member")
    assert guest.cache == "MISS"  # the member's page was not stored
    assert "로그아웃" not in guest.body
    assert proxied.get("/square/?visit=member", Cookie="messages=abc").cache == "BYPASS"
    assert proxied.get("/square/?visit=member", HX_Request="true").cache == "BYPASS"


def test_accounts_admin_and_health_are_never_cached(proxied):
    for path in ("/accounts/login/", "/healthz", "/me/", "/mod/", "/admin/login/"):
        answers = [proxied.get(path), proxied.get(path)]
        assert [answer.cache for answer in answers] == [None, None], path


def test_posts_are_never_cached(proxied):
    posted = [proxied.request("POST", "/square/?visit=posted") for _ in range(2)]
    assert [answer.status for answer in posted] == [403, 403]  # no CSRF token
    assert [answer.cache for answer in posted] == [None, None]
    assert proxied.get("/square/?visit=posted").cache == "MISS"


def test_a_member_writes_through_https(proxied):
    """The app learns the scheme from X-Forwarded-Proto, so the https Origin passes CSRF."""
    token = "a" * 32
    origin = f"https://127.0.0.1:{proxied.site.https_port}"
    answer = proxied.request(
        "POST",
        f"/square/{proxied.seeded['answered']}/comments",
        {
            "Cookie": f"{proxied.seeded['reader']}; csrftoken={token}",
            "X-CSRFToken": token,
            "Origin": origin,
            "Content-Type": "application/x-www-form-urlencoded",
        },
        body=urlencode({"body": "nginx 뒤에서 쓴 댓글"}),
    )
    assert answer.status == 302, answer.body[:300]
    page = proxied.get(f"/square/{proxied.seeded['answered']}", Cookie=proxied.seeded["reader"])
    assert "nginx 뒤에서 쓴 댓글" in page.body


def test_the_view_counter_is_for_the_proxy_alone(proxied):
    assert proxied.get("/_proxy/views").status == 404
    assert proxied.get(f"/_proxy/views/square/{proxied.seeded['read']}").status == 404


def test_views_are_counted_once_per_viewer_from_the_cache_or_not(proxied):
    path = f"/square/{proxied.seeded['read']}"
    statuses = [
        proxied.get(path, User_Agent=BROWSER + " first").cache,
        proxied.get(path, User_Agent=BROWSER + " second").cache,
        proxied.get(path, User_Agent=BROWSER + " first").cache,
        proxied.get(path, User_Agent="Mozilla/5.0 (compatible; Googlebot/2.1)").cache,
        proxied.request("GET", path, {"Cookie": str(proxied.seeded["reader"])}).cache,
    ]
    assert statuses == ["MISS", "HIT", "HIT", "HIT", "BYPASS"]
    # first, second and the member; the bot and the repeat are not views
    expected = 3
    deadline = time.monotonic() + 30
    while proxied.view_count(proxied.seeded["read"]) < expected and time.monotonic() < deadline:
        time.sleep(0.5)  # the server adds its buffered views every five seconds
    time.sleep(6)  # one more flush: nothing else may arrive
    assert proxied.view_count(proxied.seeded["read"]) == expected


def test_no_guest_cookie_is_set_behind_the_proxy(proxied):
    """A new guest's page is cacheable: the viewer is known by the hash the cookie would hold."""
    answer = proxied.get(f"/square/{proxied.seeded['answered']}", User_Agent=BROWSER + " new")
    assert answer.status == 200
    assert "Set-Cookie" not in answer.headers


HSTS = "max-age=31536000; includeSubDomains"


def test_every_https_answer_pins_https_once(proxied):
    """nginx's header on pages (stored or not), files, media and its own answers, in place
    of the app's: one policy. Plain http gets none; past the proxy, the app redirects it."""
    css = proxied.get("/square/").body.split('rel="stylesheet" href="')[1].split('"')[0]
    (proxied.var / "media" / "m").mkdir(parents=True, exist_ok=True)
    (proxied.var / "media" / "m" / "pin.png").write_text("media")
    paths = ["/square/?visit=hsts"] * 2 + [css, "/static/madang/favicon.svg", "/media/m/pin.png"]
    for path in [*paths, "/_proxy/views", "/nowhere/", "/accounts/login/"]:
        answer = proxied.get(path)
        assert answer.headers.get_all("Strict-Transport-Security") == [HSTS], (path, answer.status)
    app = proxied.site.upstream_port
    redirected = [(proxied.site.http_port, "/square/", 301), (app, "/square/", 301)]
    for port, path, status in [*redirected, (app, "/healthz", 200)]:
        plain = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        plain.request("GET", path)
        answer = plain.getresponse()
        assert (answer.status, answer.headers["Strict-Transport-Security"]) == (status, None)
        if port == app and status == 301:
            assert answer.headers["Location"] == f"https://127.0.0.1:{port}/square/"
