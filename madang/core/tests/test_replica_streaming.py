"""madang in front of a real streaming replica.

A private primary and a standby cloned from it (pg_basebackup -R) run on free
ports; ``madang serve`` runs with DATABASE_URL on the primary and
MADANG_REPLICA_URLS on the standby. Once the site's rows have reached the
standby, the standby is told to hold back every later commit
(``recovery_min_apply_delay``): it then lags as a busy replica would, only more,
so that reading one's own write from it would visibly fail. Both servers log
every statement with the client's application name, which tells what madang
ran where.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup

from madang.core.tests.pgcluster import Pair, free_port, make_pair, wait_until

pytestmark = pytest.mark.replica

APP = "madang-serve"  # the application name of the server's connections
PASSWORD = "replica-test-password"  # a throwaway account in a throwaway cluster
SETUP = f"""
from madang.accounts.models import Member
from madang.boards.actions import create_board, create_post
board = create_board(slug="square", name="스퀘어")
writer = Member.objects.create_user(username="writer", password="{PASSWORD}")
create_post(board=board, author=writer, title="복제 서버에서 읽는 글", body="<p>본문</p>")
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class Browser:
    """A browser of one person: its own cookies, redirects left to the test."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data)  # noqa: S310 - local
        request.add_header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/130")
        if data is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def csrf(self, path: str) -> str:
        status, html = self.request(path)
        assert status == 200, html[:500]
        field = BeautifulSoup(html, "html.parser").find("input", {"name": "csrfmiddlewaretoken"})
        return str(field["value"])


@dataclass
class Site:
    pair: Pair
    base: str
    server: subprocess.Popen[bytes]


def _madang(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, "-m", "madang", *args]
    subprocess.run(command, env=env, check=True, timeout=300)  # noqa: S603 - our own command


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    pair = make_pair()
    server = None
    try:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("MADANG_", "DATABASE_URL", "REDIS_URL", "PGAPPNAME"))
        }
        env["DATABASE_URL"] = pair.primary.url
        env["MADANG_VAR_DIR"] = str(tmp_path_factory.mktemp("var"))
        env["MADANG_SECURE_COOKIES"] = "false"
        env["DJANGO_SETTINGS_MODULE"] = "madang.settings"
        _madang(env, "migrate", "--noinput", "-v", "0")
        _madang(env, "shell", "-c", SETUP)
        wait_until(pair.caught_up, "the standby to replay the site's rows")
        # From here on the standby holds every commit back for ten minutes.
        pair.standby.query("ALTER SYSTEM SET recovery_min_apply_delay = '10min'")
        pair.standby.query("SELECT pg_reload_conf()")
        wait_until(
            lambda: pair.standby.query("SHOW recovery_min_apply_delay")[0][0] == "10min",
            "the standby to take the delay",
        )

        port = free_port()
        env["MADANG_REPLICA_URLS"] = pair.standby.url
        env["PGAPPNAME"] = APP
        server = subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "-m", "madang", "serve", "--no-worker", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: _answers(base), "madang serve to answer", seconds=120)
        yield Site(pair, base, server)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        pair.stop_all()
        shutil.rmtree(pair.root, ignore_errors=True)


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=5) as response:  # noqa: S310
            return bool(response.status == 200)
    except OSError:
        return False


# A statement sent whole ("statement: ...") or bound by the server, prepared or not
# ("execute <unnamed>: ...", "execute _pg3_0: ..."): madang's connections do the latter.
_STATEMENT = re.compile(r"(?:statement|execute [^:]+): (.*)")


def _app_statements(lines: list[str]) -> list[str]:
    """What madang's server ran, from a log whose lines start with the application name."""
    found = (_STATEMENT.search(line) for line in lines if line.startswith(f"{APP}|"))
    return [match.group(1) for match in found if match is not None]


def _writes(statements: list[str]) -> list[str]:
    verbs = ("INSERT", "UPDATE", "DELETE")
    return [s for s in statements if s.lstrip().upper().startswith(verbs)]


def test_reads_go_to_the_standby_and_a_writer_reads_their_comment_from_the_primary(site: Site):
    primary, standby = site.pair.primary, site.pair.standby
    assert standby.query("SELECT pg_is_in_recovery()")[0][0] is True
    primary_mark, standby_mark = primary.log_size(), standby.log_size()

    guest = Browser(site.base)
    status, html = guest.request("/square/1")
    assert status == 200 and "복제 서버에서 읽는 글" in html
    guest_reads = _app_statements(standby.log_lines(standby_mark))
    assert any('"boards_post"' in s for s in guest_reads), guest_reads
    assert not any('"boards_post"' in s for s in _app_statements(primary.log_lines(primary_mark)))

    member = Browser(site.base)
    token = member.csrf("/accounts/login/")
    status, _ = member.request(
        "/accounts/login/",
        {"username": "writer", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert status == 302
    assert member.cookie("madang_rw"), "a login writes a session: the browser must be marked"

    token = member.csrf("/square/1")  # read back from the primary: the session is not yet
    status, _ = member.request(  # on the standby, whose replay is held back
        "/square/1/comments", {"body": "방금 단 댓글이 보여야 합니다", "csrfmiddlewaretoken": token}
    )
    assert status == 302
    status, html = member.request("/square/1")
    assert status == 200
    assert "방금 단 댓글이 보여야 합니다" in html

    # The standby has not replayed the comment: a guest reading it there does not see it.
    status, fragment = Browser(site.base).request("/square/1/comments?after=0")
    assert status == 200
    assert "방금 단 댓글이 보여야 합니다" not in fragment
    assert standby.query("SELECT count(*) FROM comments_comment")[0][0] == 0
    assert primary.query("SELECT count(*) FROM comments_comment")[0][0] == 1

    primary_statements = _app_statements(primary.log_lines(primary_mark))
    assert any('INSERT INTO "comments_comment"' in s for s in primary_statements)
    standby_lines = standby.log_lines(standby_mark)
    assert _writes(_app_statements(standby_lines)) == []
    assert not [line for line in standby_lines if "ERROR:" in line]


def test_a_stopped_standby_leaves_the_primary_to_answer(site: Site):
    site.pair.stop(site.pair.standby)
    guest = Browser(site.base)
    status, html = guest.request("/square/")
    assert status == 200
    assert "복제 서버에서 읽는 글" in html
    status, _ = guest.request("/square/1/comments?after=0")
    assert status == 200
    assert site.server.poll() is None
