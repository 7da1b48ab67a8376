"""A process killed in the middle of a write leaves nothing half-written.

The real actions (``create_post``, ``create_comment``) run in a child process
that SIGKILLs itself after every row of the write is in, before the commit.
Afterwards the board is exactly as it was: no post or comment row, no number
taken, no count moved, no page anchor, no client trace, and the writer's draft
still there; and the next write goes through, with the number that was never
given out.
"""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest

from madang.core.tests.fault_services import PrivatePostgres
from madang.core.tests.faultkit import child, in_child, madang_env

pytestmark = pytest.mark.faults


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "killed.sqlite3"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    cluster: PrivatePostgres = request.getfixturevalue("private_postgres")
    return cluster.url(request.getfixturevalue("postgres_database"))


@pytest.mark.parametrize("kind", ["post", "comment"])
def test_a_write_killed_before_its_commit_leaves_no_trace(kind, database_url, fault_home):
    env = madang_env(fault_home, database_url)
    seeded = child(env, "seed", members=["writer"], password="not used here")
    target = {"board": seeded["board"], "category": seeded["category"], "post": seeded["post"]}

    killed = in_child(env, "write_and_die", kind=kind, **target)

    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    assert '"survived"' not in killed.stdout
    # The kill came after the row was written, inside the write's transaction.
    assert '{"row_inserted": true, "in_transaction": true}' in killed.stdout
    again = child(env, "write_again", kind=kind, **target)
    before, found, after = seeded["state"], again["found"], again["after"]
    assert found == before
    assert found["drafts"] == 1  # publishing would have used up the writer's draft
    # The next write goes through: the board is not left locked, and no number was used up.
    if kind == "post":
        assert again["written"]["number"] == before["board"]["last_number"] + 1
        assert after["board"]["post_count"] == before["board"]["post_count"] + 1
        assert len(after["traces"]) == len(before["traces"]) + 1
    else:
        assert [row[0] for row in after["comments"]] == [
            *(row[0] for row in before["comments"]),
            again["written"]["comment"],
        ]
        assert after["posts"][0][2] == before["posts"][0][2] + 1  # the post's comment count
