"""Reads from a replica, writes to the primary, and a writer's own reads from the primary.

The replica here is a second connection to the test database (``TEST['MIRROR']``),
so these tests see where each query went; the tests marked ``postgres`` also
freeze the replica's view of the data, as a lagging replica would show it.
madang/core/tests/test_replica_streaming.py runs against a real standby.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import OperationalError, connections, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from madang.boards.models import Board, Post
from madang.comments.models import Comment
from madang.core import dbrouter, pagecache

ROUTED = pytest.mark.django_db(transaction=True, databases=["default", "replica"])
ROUTER = dbrouter.ReplicaRouter()


@pytest.fixture
def routing(settings) -> None:
    """Routing switched on, as the settings do when MADANG_REPLICA_URLS names a replica."""
    settings.MADANG_REPLICAS = ["replica"]
    settings.DATABASE_ROUTERS = ["madang.core.dbrouter.ReplicaRouter"]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "madang.core.dbrouter.read_routing",
    )
    settings.MIDDLEWARE = middleware
    dbrouter.forget_failures()


class Queries:
    """The SQL each alias ran while the block was open."""

    def __init__(self) -> None:
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections["replica"])

    def __enter__(self) -> Queries:
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    @staticmethod
    def _touching(captured: CaptureQueriesContext, table: str, verb: str) -> list[str]:
        return [
            query["sql"]
            for query in captured.captured_queries
            if table in query["sql"] and query["sql"].lstrip().upper().startswith(verb)
        ]

    def on_primary(self, table: str, verb: str = "SELECT") -> list[str]:
        return self._touching(self.primary, table, verb)

    def on_replica(self, table: str, verb: str = "SELECT") -> list[str]:
        return self._touching(self.replica, table, verb)

    def replica_writes(self) -> list[str]:
        return [
            query["sql"]
            for query in self.replica.captured_queries
            if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]


def in_request(check: Callable[[HttpRequest], object], method: str = "get", **cookies: str):
    """Run ``check`` inside a request that passes through the routing middleware."""
    seen: dict[str, object] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["result"] = check(request)
        return HttpResponse("ok")

    request = getattr(RequestFactory(), method)("/")
    request.COOKIES.update(cookies)
    response = dbrouter.read_routing(view)(request)
    return seen["result"], response


# --- the router alone ---------------------------------------------------------------------


def test_outside_a_request_reads_and_writes_go_to_the_primary(routing):
    assert ROUTER.db_for_read(Post) == "default"
    assert ROUTER.db_for_write(Post) == "default"


def test_migrations_run_on_the_primary_only():
    assert ROUTER.allow_migrate("default", "boards") is True
    assert ROUTER.allow_migrate("replica", "boards") is False
    assert ROUTER.allow_relation(object(), object()) is True


@ROUTED
def test_a_guest_read_goes_to_the_replica_and_a_transaction_reads_the_primary(routing):
    def check(request: HttpRequest) -> tuple[str, str, str]:
        outside = ROUTER.db_for_read(Post)
        with transaction.atomic():
            inside = ROUTER.db_for_read(Post)
        return outside, inside, ROUTER.db_for_read(Post)

    (outside, inside, after), response = in_request(check)
    assert (outside, inside, after) == ("replica", "default", "replica")
    assert dbrouter.COOKIE not in response.cookies


@ROUTED
def test_a_request_that_writes_reads_the_primary_from_then_on_and_marks_the_browser(routing):
    def check(request: HttpRequest) -> tuple[str, str]:
        before = ROUTER.db_for_read(Board)
        Board.objects.filter(slug="nothing-here").update(name="x")  # a write, even of no rows
        return before, ROUTER.db_for_read(Board)

    (before, after), response = in_request(check)
    assert (before, after) == ("replica", "default")
    cookie = response.cookies[dbrouter.COOKIE]
    assert cookie["max-age"] == dbrouter.window() > 0
    assert cookie["httponly"]


@ROUTED
def test_a_form_post_reads_the_primary_and_marks_the_browser(routing):
    where, response = in_request(lambda request: ROUTER.db_for_read(Post), method="post")
    assert where == "default"
    assert dbrouter.COOKIE in response.cookies


@ROUTED
def test_a_browser_that_wrote_reads_the_primary_until_the_window_closes(routing, monkeypatch):
    fresh = signing.dumps(1, salt=dbrouter.COOKIE_SALT)
    where, _ = in_request(lambda request: ROUTER.db_for_read(Post), **{dbrouter.COOKIE: fresh})
    assert where == "default"

    real_time = time.time
    long_ago = real_time() - dbrouter.window() - 1
    monkeypatch.setattr("django.core.signing.time.time", lambda: long_ago)
    stale = signing.dumps(1, salt=dbrouter.COOKIE_SALT)  # signed just before the window
    monkeypatch.setattr("django.core.signing.time.time", real_time)
    where, _ = in_request(lambda request: ROUTER.db_for_read(Post), **{dbrouter.COOKIE: stale})
    assert where == "replica"

    forged = signing.dumps(1, salt="somebody else")
    where, _ = in_request(lambda request: ROUTER.db_for_read(Post), **{dbrouter.COOKIE: forged})
    assert where == "replica"


@ROUTED
def test_an_unreachable_replica_is_left_alone_and_the_primary_answers(routing, monkeypatch):
    attempts = []

    def refuse() -> None:
        attempts.append(1)
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["replica"], "ensure_connection", refuse)
    first, _ = in_request(lambda request: ROUTER.db_for_read(Post))
    second, _ = in_request(lambda request: ROUTER.db_for_read(Post))
    assert (first, second) == ("default", "default")
    assert attempts == [1]  # the second request did not try the dead replica again
    monkeypatch.undo()
    dbrouter.forget_failures()
    third, _ = in_request(lambda request: ROUTER.db_for_read(Post))
    assert third == "replica"


# --- whole pages ----------------------------------------------------------------------------


@pytest.fixture
def commented_post(board, make_post, make_member) -> Iterator[Post]:
    yield make_post(board, title="읽히는 글", author=make_member("poster"))


@ROUTED
def test_guest_pages_read_from_the_replica_only(routing, commented_post):
    with Queries() as queries:
        assert Client().get("/square/1").status_code == 200
        assert Client().get("/square/").status_code == 200
    assert queries.on_replica("boards_post")
    assert not queries.on_primary("boards_post")
    assert not queries.primary.captured_queries


@ROUTED
def test_a_member_reads_from_the_replica_until_they_write(routing, client, member, commented_post):
    client.force_login(member)
    with Queries() as reading:
        assert client.get("/square/1").status_code == 200
    assert reading.on_replica("boards_post")
    # What is then kept in the cache for minutes (their session, themselves, their overlay
    # with the boards holding their silently banned posts) is read from the primary: a
    # lagging copy would outlive the change that dropped it.
    assert reading.on_primary("accounts_membersession")
    assert not reading.on_replica("accounts_membersession")
    assert all("'shadowed'" in sql for sql in reading.on_primary("boards_post"))

    with Queries() as writing:
        response = client.post("/square/1/comments", {"body": "방금 쓴 댓글"})
    assert response.status_code == 302
    assert writing.on_primary("comments_comment", "INSERT")
    assert not writing.replica.captured_queries  # a form post reads the primary as well
    assert dbrouter.COOKIE in response.cookies

    with Queries() as next_page:
        page = client.get("/square/1")
    assert "방금 쓴 댓글" in page.content.decode()
    assert next_page.on_primary("comments_comment")
    assert not next_page.replica.captured_queries


@ROUTED
def test_no_write_ever_reaches_the_replica(routing, client, member, commented_post):
    client.force_login(member)
    with Queries() as queries:
        client.get("/square/1")
        client.post("/square/1/comments", {"body": "첫 댓글"})
        client.post("/square/1/scrap")
        client.get("/square/")
        Client().get("/square/1")
        client.post("/accounts/logout/")
    assert Comment.objects.count() == 1
    assert queries.on_primary("comments_comment", "INSERT")
    assert queries.replica.captured_queries
    assert queries.replica_writes() == []


# --- a replica that lags (PostgreSQL: a replica frozen at one moment) -----------------------


@pytest.fixture
def lagging_replica() -> Iterator[None]:
    """The replica's connection holds one snapshot: it sees nothing committed after now,
    as a replica that has not yet replayed those commits."""
    replica = connections["replica"]
    replica.ensure_connection()
    with replica.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT count(*) FROM comments_comment")
    yield
    with replica.cursor() as cursor:
        cursor.execute("ROLLBACK")


@pytest.mark.postgres
@ROUTED
def test_a_writer_sees_their_comment_while_others_read_a_lagging_replica(
    routing, client, member, commented_post, lagging_replica, settings
):
    settings.MADANG_PAGE_CACHE = False  # the replica's view alone, not a cached copy
    client.force_login(member)
    assert client.post("/square/1/comments", {"body": "내가 방금 단 댓글"}).status_code == 302
    assert Comment.objects.filter(body="내가 방금 단 댓글").exists()

    assert "내가 방금 단 댓글" in client.get("/square/1").content.decode()
    guest = Client().get("/square/1/comments", {"after": 0})
    assert guest.status_code == 200
    assert "내가 방금 단 댓글" not in guest.content.decode()  # the replica has not replayed it


# --- settings ---------------------------------------------------------------------------------


def _settings_of(extra_env: dict[str, str]) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MADANG_REPLICA")}
    env.update(extra_env)
    code = (
        "from madang import settings as s;"
        "print(sorted(s.DATABASES)); print(getattr(s, 'DATABASE_ROUTERS', []));"
        "print(s.MIDDLEWARE.index('django.contrib.sessions.middleware.SessionMiddleware')"
        " - s.MIDDLEWARE.index('madang.core.dbrouter.read_routing')"
        " if 'madang.core.dbrouter.read_routing' in s.MIDDLEWARE else 'absent')"
    )
    done = subprocess.run(  # noqa: S603 - this Python, our own code
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def test_without_replicas_no_router_and_no_middleware_are_installed(tmp_path):
    lines = _settings_of(
        {"DATABASE_URL": "postgres://db.example/madang", "MADANG_VAR_DIR": str(tmp_path)}
    )
    assert lines == ["['default']", "[]", "absent"]


def test_replica_urls_add_aliases_the_router_and_the_middleware(tmp_path):
    lines = _settings_of(
        {
            "DATABASE_URL": "postgres://db.example/madang",
            "MADANG_REPLICA_URLS": "postgres://r1.example/madang, postgres://r2.example/madang",
            "MADANG_VAR_DIR": str(tmp_path),
        }
    )
    assert lines == [
        "['default', 'replica1', 'replica2']",
        "['madang.core.dbrouter.ReplicaRouter']",
        "1",  # just outside the session middleware, so a session saved counts as a write
    ]


# --- the page cache with replicas -------------------------------------------------------------


def _fresh_render(request: HttpRequest) -> HttpResponse:
    return HttpResponse("새로 그린 쪽")


@ROUTED
def test_a_writer_is_never_handed_a_stored_copy_and_theirs_replaces_it(routing, board):
    def shared(request: HttpRequest) -> pagecache.Page | HttpResponse:
        return pagecache.shared_page(request, board.pk, lambda: _fresh_render(request))

    def plant(request: HttpRequest) -> None:
        key = pagecache.page_key(request, board.pk)
        cache.set(key, (200, "복제 서버에서 그린 옛 쪽".encode(), "text/html", None), 60)

    in_request(plant)
    reader, _ = in_request(shared)
    assert reader.hit and reader.content.decode() == "복제 서버에서 그린 옛 쪽"

    cookie = {dbrouter.COOKIE: signing.dumps(1, salt=dbrouter.COOKIE_SALT)}
    writer, _ = in_request(shared, **cookie)
    assert not writer.hit and writer.content.decode() == "새로 그린 쪽"
    after, _ = in_request(shared)
    assert after.hit and after.content.decode() == "새로 그린 쪽"


@ROUTED
def test_a_page_rendered_just_after_a_bump_is_kept_only_until_the_window_has_passed(
    routing, board, make_post, monkeypatch
):
    make_post(board)  # bumps the board's generation when it commits
    kept = []
    real_set = cache.set

    def remember(key: str, value: object, timeout: int | None = None) -> None:
        if key.startswith("page:"):
            kept.append(timeout)
        real_set(key, value, timeout)

    monkeypatch.setattr(pagecache.cache, "set", remember)
    assert Client().get("/square/").status_code == 200
    assert kept and 1 <= kept[0] <= dbrouter.window() < pagecache.PAGE_TTL

    later = time.time_ns() + (dbrouter.window() + 1) * 10**9
    monkeypatch.setattr(pagecache.time, "time_ns", lambda: later)
    assert pagecache.settled_ttl(board.pk) == pagecache.PAGE_TTL


def test_without_replicas_pages_keep_their_full_time(board, make_post):
    make_post(board)
    assert dbrouter.window() == 0
    assert pagecache.settled_ttl(board.pk) == pagecache.PAGE_TTL
