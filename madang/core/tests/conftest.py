"""Fixtures of the fault tests: private Redis and PostgreSQL, never the shared ones."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from madang.core.tests.fault_services import PrivatePostgres, PrivateRedis
from madang.core.tests.faultkit import madang, madang_env


@pytest.fixture(scope="session")
def fault_home() -> Iterator[Path]:
    """One var folder (keys, static files) for every madang process of the fault tests."""
    folder = Path(tempfile.mkdtemp(prefix="madang-faults-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def private_postgres(fault_home: Path) -> Iterator[PrivatePostgres]:
    """A cluster of the session's own, with a migrated template database to copy."""
    cluster = PrivatePostgres()
    try:
        cluster.init()
        cluster.start()
        cluster.new_database(PrivatePostgres.TEMPLATE)
        madang(
            madang_env(fault_home, cluster.url(PrivatePostgres.TEMPLATE)),
            "migrate",
            "--noinput",
            "-v",
            "0",
        )
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def postgres_database(private_postgres: PrivatePostgres) -> str:
    """A fresh, migrated database of the private cluster; its name."""
    if not private_postgres.running():  # a test that stopped the cluster and then failed
        private_postgres.start()
    return private_postgres.new_database(template=PrivatePostgres.TEMPLATE)


@pytest.fixture(scope="session")
def sqlite_template(fault_home: Path) -> Path:
    path = fault_home / "template.sqlite3"
    madang(madang_env(fault_home, f"sqlite:///{path}"), "migrate", "--noinput", "-v", "0")
    return path


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()
