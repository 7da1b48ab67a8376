"""PostgreSQL restarted under load, then stopped and started: 503s with Retry-After,
never a 500; the site reconnects by itself; no acknowledged write is lost.

The site runs as in production (gunicorn sync workers, Redis) on a database of
a private cluster that the test restarts (``pg_ctl restart -m fast``: every
session terminated) and stops. Members read and write from several threads the
whole time; each write acknowledged with its redirect must be in the database
at the end, and the stored counts must agree with the rows.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from psycopg import sql

from madang.core.errors import RETRY_AFTER
from madang.core.tests.fault_services import TIMEOUT, PrivatePostgres, PrivateRedis, wait_for
from madang.core.tests.faultkit import Answer, Server, Visitor, child, madang_env

pytestmark = pytest.mark.faults

PASSWORD = "a quiet yard in autumn"
WORKERS = 3
WRITERS = ["commenter1", "commenter2", "poster"]
UNAVAILABLE = "데이터베이스에 잠시 연결할 수 없어"


@dataclass
class Site:
    server: Server
    env: dict[str, str]
    seeded: dict[str, int]
    cluster: PrivatePostgres
    database: str

    @property
    def post(self) -> str:
        return f"/faults/{self.seeded['number']}"

    def member(self, name: str) -> Visitor:
        visitor = Visitor(self.server.base, name=name)
        assert visitor.log_in(name, PASSWORD).status == 302
        return visitor


@pytest.fixture
def site(
    tmp_path: Path,
    fault_home: Path,
    private_postgres: PrivatePostgres,
    postgres_database: str,
    private_redis: PrivateRedis,
) -> Iterator[Site]:
    env = madang_env(fault_home, private_postgres.url(postgres_database), private_redis.url)
    seeded = child(env, "seed", members=[*WRITERS, "reader"], password=PASSWORD)
    server = Server(env, tmp_path, workers=WORKERS)
    server.start()
    try:
        yield Site(server, env, seeded, private_postgres, postgres_database)
    finally:
        server.stop()
        if not private_postgres.running():
            private_postgres.start()


@dataclass
class Load:
    """Threads that read and write until told to stop, keeping every answer."""

    site: Site
    stop: threading.Event = field(default_factory=threading.Event)
    answers: list[tuple[str, Answer]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    comments: dict[str, list[int]] = field(default_factory=dict)
    posts: dict[str, list[str]] = field(default_factory=dict)
    threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        jobs: list[Callable[[], None]] = [
            *(self._commenter(name) for name in WRITERS[:2]),
            self._poster(WRITERS[2]),
            self._reader(self.site.member("reader"), self.site.post),
            self._reader(Visitor(self.site.server.base), "/faults/"),
        ]
        self.threads = [threading.Thread(target=self._guard(job)) for job in jobs]
        for thread in self.threads:
            thread.start()

    def acknowledged(self) -> int:
        """Writes acknowledged so far, by the writer that has the fewest."""
        counts = [len(self.comments.get(name, [])) for name in WRITERS[:2]]
        return min([*counts, len(self.posts.get(WRITERS[2], []))])

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=TIMEOUT * 2)
            assert not thread.is_alive(), "a load thread hangs"

    def _guard(self, job: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                job()
            except Exception as error:  # a timeout or a dropped connection is a failure
                self.errors.append(f"{type(error).__name__}: {error}")

        return run

    def _commenter(self, name: str) -> Callable[[], None]:
        visitor = self.site.member(name)
        done = self.comments.setdefault(name, [])

        def run() -> None:
            for number in range(10_000):
                if self.stop.is_set():
                    return
                body = f"재시작 중에 단 댓글 {name} {number}"
                answer = visitor.post(f"{self.site.post}/comments", {"body": body})
                self.answers.append(("write", answer))
                if answer.status == 302:
                    done.append(comment_id(answer))

        return run

    def _poster(self, name: str) -> Callable[[], None]:
        visitor = self.site.member(name)
        done = self.posts.setdefault(name, [])
        category = str(self.site.seeded["category"])

        def run() -> None:
            for number in range(10_000):
                if self.stop.is_set():
                    return
                title = f"재시작 중에 쓴 글 {name} {number}"
                fields = {"title": title, "body": "<div>본문</div>", "category": category}
                answer = visitor.post("/faults/write", fields)
                self.answers.append(("write", answer))
                if answer.status == 302:
                    assert re.fullmatch(r"/faults/\d+", answer.header("Location") or "")
                    done.append(title)

        return run

    def _reader(self, visitor: Visitor, path: str) -> Callable[[], None]:
        def run() -> None:
            while not self.stop.is_set():
                self.answers.append(("read", visitor.get(path)))

        return run


def comment_id(answer: Answer) -> int:
    found = re.fullmatch(r"/faults/\d+#c(\d+)", answer.header("Location") or "")
    assert found, answer.header("Location")
    return int(found.group(1))


def assert_unavailable(answer: Answer) -> None:
    assert answer.status == 503, answer.body[:500]
    assert answer.header("Retry-After") == str(RETRY_AFTER)
    assert UNAVAILABLE in answer.body


def held_in_the_database(
    site: Site, lock: sql.Composed, arguments: list[int], request: Callable[[], Answer]
) -> Answer:
    """A request kept waiting inside PostgreSQL (behind ``lock``) while the cluster restarts."""
    holder = site.cluster.connect(site.database)
    holder.execute("BEGIN")
    holder.execute(lock, arguments)
    answers: list[Answer] = []
    thread = threading.Thread(target=lambda: answers.append(request()))
    thread.start()
    wait_for(lambda: site.cluster.waiting_on_locks(site.database) == 1, "the request to wait")
    site.cluster.restart()
    thread.join(timeout=TIMEOUT)
    holder.close()
    assert len(answers) == 1, "the held request never answered"
    return answers[0]


def test_postgres_restart_under_load_answers_503_reconnects_and_keeps_every_write(site):
    load = Load(site)
    load.start()
    try:
        wait_for(lambda: load.acknowledged() >= 2, "writes before the restart")
        site.cluster.restart()
        after_restart = max(len(ids) for ids in [*load.comments.values(), *load.posts.values()])
        wait_for(lambda: load.acknowledged() >= after_restart + 2, "writes after the restart")
    finally:
        load.finish()
    assert load.errors == []
    for kind, answer in load.answers:
        assert answer.status in ((200, 503) if kind == "read" else (302, 503)), answer.body[:500]
        if answer.status == 503:
            assert_unavailable(answer)

    # Requests inside the database when it goes away: 503, and the write is not made.
    writer, reader = site.member("commenter1"), site.member("reader")
    tables = site.seeded["tables"]
    read = held_in_the_database(  # waits at loading the reader's session
        site,
        sql.SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(sql.Identifier(tables["session"])),
        [],
        lambda: reader.get(site.post),
    )
    assert_unavailable(read)
    lost = "재시작에 끊긴 댓글"
    write = held_in_the_database(  # waits inside create_comment's transaction, for the post's row
        site,
        sql.SQL("SELECT 1 FROM {} WHERE id = %s FOR UPDATE").format(sql.Identifier(tables["post"])),
        [site.seeded["post"]],
        lambda: writer.post(f"{site.post}/comments", {"body": lost}),
    )
    assert_unavailable(write)

    # Reconnected by itself: every worker answers at once, reads and writes.
    for _ in range(3 * WORKERS):
        assert reader.get(site.post).status == 200
    answer = writer.post(f"{site.post}/comments", {"body": "재시작 뒤에 단 댓글"})
    assert answer.status == 302
    load.comments["commenter1"].append(comment_id(answer))

    # Stopped: refused connections are 503s too; started again, the site answers.
    site.cluster.stop()
    assert_unavailable(reader.get(site.post))
    assert_unavailable(writer.post(f"{site.post}/comments", {"body": "멈춘 동안 단 댓글"}))
    assert reader.get("/healthz").status == 503
    site.cluster.start()
    assert reader.get(site.post).status == 200
    answer = writer.post(f"{site.post}/comments", {"body": "다시 켜진 뒤에 단 댓글"})
    assert answer.status == 302
    load.comments["commenter1"].append(comment_id(answer))

    # Every acknowledged write is there, and the stored counts agree with the rows.
    state = child(site.env, "state", board=site.seeded["board"])
    stored_comments = {row[0]: row for row in state["comments"]}
    assert lost not in [row[3] for row in state["comments"]]
    for name, ids in load.comments.items():
        assert ids, f"{name} had no write acknowledged"
        assert set(ids) <= set(stored_comments), f"acknowledged comments of {name} lost"
    for name, titles in load.posts.items():
        assert set(titles) <= set(state["titles"]), f"acknowledged posts of {name} lost"
    published = [row for row in state["posts"] if row[1] == "published"]
    assert state["board"]["post_count"] == len(published)
    assert state["board"]["last_number"] == max(row[0] for row in state["posts"])
    for number, _status, comment_count, _views, pk in state["posts"]:
        shown = [row for row in state["comments"] if row[1] == pk and row[2] == "published"]
        assert comment_count == len(shown), f"post {number}: stored count differs"

    assert site.server.alive()
    log = site.server.log()
    assert "Internal Server Error" not in log
    assert "WORKER TIMEOUT" not in log
