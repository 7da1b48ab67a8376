"""Redis killed, or frozen, while many pages are being rendered: every page still answers.

A page render touches the cache before, during and after the render: the
generations, the lock that keeps one render per key, the stored copy, and for
members their session and overlay. Redis may die between any two of those
calls. Guests and members read list and post pages from several threads, each
through pages not yet stored (so most requests render), when the test kills
its Redis (or freezes it with SIGSTOP: connected, never answering). Every read
must answer 200, from the database, and the server's log must hold no
"Internal Server Error".
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from madang.core.tests.fault_services import TIMEOUT, PrivatePostgres, PrivateRedis, wait_for
from madang.core.tests.faultkit import Answer, Server, Visitor, child, madang_env

pytestmark = pytest.mark.faults

PASSWORD = "leaves falling on the yard"
MEMBERS = ["reader1", "reader2"]
GUESTS = 2
POSTS = 30  # with the seeded one, two list pages of 20
BEFORE, DURING = 12, 24  # answers read before the fault, and after it


@dataclass
class Site:
    server: Server
    paths: list[str]


@pytest.fixture
def site(
    tmp_path: Path,
    fault_home: Path,
    private_postgres: PrivatePostgres,
    postgres_database: str,
    private_redis: PrivateRedis,
) -> Iterator[Site]:
    env = madang_env(fault_home, private_postgres.url(postgres_database), private_redis.url)
    seeded = child(env, "seed", members=MEMBERS, password=PASSWORD, extra_posts=POSTS)
    numbers = [row[0] for row in seeded["state"]["posts"]]
    pages = range(1, -(-len(numbers) // 20) + 1)
    paths = [
        *(f"/faults/{number}" for number in numbers),
        *(f"/faults/?page={page}" for page in pages),
        *(f"/faults/?category=talk&page={page}" for page in pages),
    ]
    server = Server(env, tmp_path, workers=3)
    server.start()
    try:
        yield Site(server, paths)
    finally:
        server.stop()


@dataclass
class Readers:
    """Guests and members reading pages in orders of their own until told to stop."""

    site: Site
    stop: threading.Event = field(default_factory=threading.Event)
    answers: list[tuple[str, Answer]] = field(default_factory=list)
    members_answers: list[Answer] = field(default_factory=list)  # in answers as well
    errors: list[str] = field(default_factory=list)
    threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        readers = [Visitor(self.site.server.base, name=f"guest{n}") for n in range(GUESTS)]
        for name in MEMBERS:
            member = Visitor(self.site.server.base, name=name)
            assert member.log_in(name, PASSWORD).status == 302
            readers.append(member)
        for seed, reader in enumerate(readers):
            thread = threading.Thread(target=self._read, args=(reader, seed, seed >= GUESTS))
            self.threads.append(thread)
            thread.start()

    def _read(self, reader: Visitor, seed: int, member: bool) -> None:
        paths = list(self.site.paths)
        random.Random(seed).shuffle(paths)
        try:
            while not self.stop.is_set():
                path = paths[len(self.answers) % len(paths)]
                answer = reader.get(path)
                self.answers.append((path, answer))
                if member:
                    self.members_answers.append(answer)
        except Exception as error:  # a timeout or a dropped connection is a failure
            self.errors.append(f"{type(error).__name__}: {error}")

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=TIMEOUT * 2)
            assert not thread.is_alive(), "a reader hangs"


@pytest.mark.parametrize("fault", ["killed", "frozen"])
def test_redis_failing_in_the_middle_of_renders_never_gives_a_500(site, private_redis, fault):
    readers = Readers(site)
    readers.start()
    try:
        wait_for(lambda: len(readers.answers) >= BEFORE, "pages read with Redis up")
        cut = len(readers.answers)
        if fault == "killed":
            private_redis.stop()
        else:
            private_redis.freeze()
        wait_for(lambda: len(readers.answers) >= cut + DURING, "pages read with Redis away")
    finally:
        readers.finish()
        if fault == "frozen":
            private_redis.thaw()
    assert readers.errors == []
    failed = [(path, answer.status) for path, answer in readers.answers if answer.status != 200]
    assert failed == []
    # The members stayed logged in: every page they were given was theirs, with Redis
    # away too. (A share of all answers would depend on how fast the guests' pages are.)
    assert len(readers.members_answers) >= 2 * len(MEMBERS)
    assert all("로그아웃" in answer.body for answer in readers.members_answers)
    assert site.server.alive()
    assert "Internal Server Error" not in site.server.log()
