"""Redis frozen, then gone: pages come from the database, views go uncounted,
login fails closed; Redis back, and everything works again without a restart.

The site runs as in production (gunicorn sync workers, PostgreSQL, Redis for
the cache, the failure counters and the view buffer), against a Redis of the
test's own that the test freezes (SIGSTOP: connected, never answering), then
kills, then starts again, empty, on the same port.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from madang.accounts.throttle import RETRY_WHEN_UNAVAILABLE
from madang.core import breaker
from madang.core.tests.fault_services import PrivatePostgres, PrivateRedis
from madang.core.tests.faultkit import Server, Visitor, child, madang, madang_env

pytestmark = pytest.mark.faults

PASSWORD = "autumn leaves on the yard"
TITLE = "레디스가 없어도 보이는 글"
BODY = "데이터베이스에서 그려지는 본문"
REFUSED = "지금은 시도 횟수를 확인할 수 없어"
_guests = itertools.count(1)


@pytest.fixture
def site(
    tmp_path: Path,
    fault_home: Path,
    private_postgres: PrivatePostgres,
    postgres_database: str,
    private_redis: PrivateRedis,
) -> Iterator[tuple[Server, dict[str, str], dict[str, int]]]:
    env = madang_env(fault_home, private_postgres.url(postgres_database), private_redis.url)
    seeded = child(env, "seed", members=["fan"], password=PASSWORD)
    server = Server(env, tmp_path, workers=2)
    server.start()
    yield server, env, seeded
    server.stop()


def guest(server: Server) -> Visitor:
    """A new reader each time: one view per viewer is counted, and this one has not viewed."""
    return Visitor(server.base, name=f"guest{next(_guests)}")


def views_of(env: dict[str, str], seeded: dict[str, int]) -> int:
    """The post's stored view count, after the buffer is flushed (as the worker does)."""
    madang(env, "worker", "--once")
    posts = child(env, "state", board=seeded["board"])["posts"]
    return next(row[3] for row in posts if row[0] == seeded["number"])


def assert_reads_from_the_database(
    server: Server, seeded: dict[str, int], member: Visitor | None = None
) -> None:
    """Guests, and a member who logged in earlier (sessions live in the database), read on."""
    reader = guest(server)
    listing = reader.get("/faults/")
    assert listing.status == 200
    assert TITLE in listing.body
    assert listing.header("X-Madang-Cache") is None  # rendered now, not from the cache
    page = reader.get(f"/faults/{seeded['number']}")
    assert page.status == 200
    assert TITLE in page.body and BODY in page.body
    assert reader.get("/").status == 200
    if member is not None:
        own = member.get(f"/faults/{seeded['number']}")
        assert own.status == 200
        assert TITLE in own.body and "로그아웃" in own.body  # still logged in


def assert_login_refused(server: Server) -> None:
    member = Visitor(server.base, name="fan")
    refused = member.log_in("fan", PASSWORD)  # the right password
    assert refused.status == 503
    assert refused.header("Retry-After") == str(RETRY_WHEN_UNAVAILABLE)
    assert REFUSED in refused.body
    assert member.cookie("sessionid") is None  # not logged in


def test_redis_down_pages_from_the_database_views_uncounted_login_closed(site, private_redis):
    server, env, seeded = site
    post = f"/faults/{seeded['number']}"
    assert guest(server).get(post).status == 200
    assert views_of(env, seeded) == 1  # counting works while Redis is up
    member = Visitor(server.base, name="fan")
    assert member.log_in("fan", PASSWORD).status == 302

    # Frozen, every cache call waits out its one-second timeout and fails: guests' pages
    # take a few seconds, not forever. (Member pages make more cache calls; they are
    # read below, with Redis gone, to keep this test short.)
    private_redis.freeze()
    try:
        assert_reads_from_the_database(server, seeded)
        assert_login_refused(server)
    finally:
        private_redis.thaw()

    private_redis.stop()
    assert_reads_from_the_database(server, seeded, member)
    assert_login_refused(server)
    assert guest(server).get(post).status == 200
    # The guests' and the member's views while Redis was away went uncounted.
    assert views_of(env, seeded) == 1

    private_redis.start()  # empty, on the same port
    time.sleep(breaker.PAUSE)  # each worker leaves Redis alone that long after its last failure
    assert guest(server).get(post).status == 200
    assert views_of(env, seeded) == 2  # counted again
    reader = guest(server)
    assert reader.get("/faults/").status == 200
    assert reader.get("/faults/").header("X-Madang-Cache") == "hit"  # the page cache is back
    again = Visitor(server.base, name="fan")
    assert again.log_in("fan", PASSWORD).status == 302
    assert again.cookie("sessionid")

    assert server.alive()
    log = server.log()
    assert "Internal Server Error" not in log
    assert "WORKER TIMEOUT" not in log
