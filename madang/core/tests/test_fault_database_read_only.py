"""PostgreSQL turned read-only under a running site: writes answer 503 and keep their text.

A primary that turns read-only (``default_transaction_read_only``, as during a
failover or when an operator freezes it) refuses every write with SQLSTATE
25006. The site keeps its connections (``CONN_MAX_AGE``), and a reload of the
configuration reaches them too, as it does every session of the cluster. Reads
go on; each write gets the 503 with ``Retry-After`` and a page that gives back
what was typed, in a form that sends it again once the database takes writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from madang.core.errors import UNWRITABLE
from madang.core.tests.fault_services import PrivatePostgres, PrivateRedis
from madang.core.tests.faultkit import Answer, Server, Visitor, child, madang_env

pytestmark = pytest.mark.faults

PASSWORD = "a yard under snow"
TITLE = "레디스가 없어도 보이는 글"
REFUSED = "지금은 데이터베이스에 기록할 수 없어"
COMMENT = "읽기 전용일 때 쓴 댓글\n둘째 줄까지 그대로"


@pytest.fixture
def site(
    tmp_path: Path,
    fault_home: Path,
    private_postgres: PrivatePostgres,
    postgres_database: str,
    private_redis: PrivateRedis,
) -> Iterator[tuple[Server, dict[str, str], dict[str, int]]]:
    env = madang_env(fault_home, private_postgres.url(postgres_database), private_redis.url)
    seeded = child(env, "seed", members=["writer"], password=PASSWORD)
    server = Server(env, tmp_path, workers=2)
    server.start()
    try:
        yield server, env, seeded
    finally:
        server.stop()


def read_only(cluster: PrivatePostgres, on: bool) -> None:
    """Every session of the cluster, kept ones too, reads the setting again on reload."""
    with cluster.connect() as connection:
        if on:
            connection.execute("ALTER SYSTEM SET default_transaction_read_only = on")
        else:
            connection.execute("ALTER SYSTEM RESET default_transaction_read_only")
        connection.execute("SELECT pg_reload_conf()")


def assert_refused_and_kept(answer: Answer, path: str, **typed: str) -> dict[str, str]:
    """The 503 of a database that takes no writes, with what was typed in a form to send
    again; that form's fields, as a browser would send them."""
    assert answer.status == 503, answer.body[:500]
    assert answer.header("Retry-After") == str(UNWRITABLE.retry_after)
    assert REFUSED in answer.body
    form = BeautifulSoup(answer.body, "html.parser").select_one("form.kept-form")
    assert form is not None and form["action"] == path
    fields = {
        str(field["name"]): str(field.get("value", "")) for field in form.select("input[name]")
    }
    fields.update({str(area["name"]): area.text for area in form.select("textarea[name]")})
    for name, value in typed.items():
        assert fields[name].replace("\r\n", "\n") == value
    return fields


def test_a_read_only_database_refuses_writes_with_503_and_keeps_what_was_typed(
    site, private_postgres
):
    server, env, seeded = site
    post = f"/faults/{seeded['number']}"
    writer = Visitor(server.base, name="writer")
    assert writer.log_in("writer", PASSWORD).status == 302
    guest = Visitor(server.base)
    assert writer.get(post).status == 200

    read_only(private_postgres, True)
    try:
        comment = writer.post(f"{post}/comments", {"body": COMMENT})
        kept = assert_refused_and_kept(comment, f"{post}/comments", body=COMMENT)
        category = str(seeded["category"])
        fields = {"title": "못 올린 글", "body": "<div>본문</div>", "category": category}
        written = writer.post("/faults/write", fields)
        assert_refused_and_kept(written, "/faults/write", title="못 올린 글")
        # Reading needs no writes: the guest's and the member's pages answer.
        for reader in (guest, writer):
            for path in ("/faults/", post):
                page = reader.get(path)
                assert page.status == 200, page.body[:500]
                assert TITLE in page.body
        # A login would write its session: refused the same way, not a 500.
        late = Visitor(server.base, name="late")
        assert late.log_in("writer", PASSWORD).status == 503
    finally:
        read_only(private_postgres, False)

    # The database takes writes again: the kept form sends the comment as it was typed.
    again = writer.post(f"{post}/comments", kept)
    assert again.status == 302, again.body[:500]
    assert re.fullmatch(rf"{post}#c\d+", again.header("Location") or "")
    bodies = [row[3] for row in child(env, "state", board=seeded["board"])["comments"]]
    assert [body.replace("\r\n", "\n") for body in bodies].count(COMMENT) == 1
    assert server.alive()
    assert "Internal Server Error" not in server.log()
