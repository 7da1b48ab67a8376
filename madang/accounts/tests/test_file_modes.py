"""The keys and the embedded database on disk: readable by the owner only."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from madang import config


def mode_of(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def _permissive_umask() -> Iterator[None]:
    """The usual umask (022) would leave new files readable by everyone."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.fixture
def var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "var"
    monkeypatch.setenv("MADANG_VAR_DIR", str(folder))
    return folder


def test_the_var_folder_lets_no_one_else_list_or_read_it(var):
    assert config.var_dir() == var.resolve()
    # others may pass through (nginx serves var/static/ and var/media/), never list or read
    assert mode_of(var) == 0o711


def test_an_existing_var_folder_is_tightened(var):
    var.mkdir(mode=0o777)
    var.chmod(0o777)
    config.var_dir()
    assert mode_of(var) == 0o711


def test_key_files_are_made_for_the_owner_only(var, monkeypatch):
    monkeypatch.delenv("MADANG_DATA_KEY", raising=False)
    config.key_from_env_or_file("MADANG_DATA_KEY", "data_key")
    assert mode_of(var / "data_key") == 0o600


def test_an_existing_key_file_readable_by_others_is_tightened(var, monkeypatch):
    monkeypatch.delenv("MADANG_DATA_KEY", raising=False)
    var.mkdir()
    (var / "data_key").write_text("an old key\n")
    (var / "data_key").chmod(0o644)
    assert config.key_from_env_or_file("MADANG_DATA_KEY", "data_key") == "an old key"
    assert mode_of(var / "data_key") == 0o600


def test_the_database_file_is_made_for_the_owner_only_before_sqlite_opens_it(var):
    path = Path(config.sqlite_path(f"sqlite:///{var}/madang.sqlite3") or "")
    assert mode_of(path) == 0o600
    # SQLite gives its journal files the mode of the database file
    with sqlite3.connect(path) as database:
        database.execute("PRAGMA journal_mode=WAL")
        database.execute("CREATE TABLE t (x)")
        database.execute("INSERT INTO t VALUES (1)")
        for suffix in ("-wal", "-shm"):
            assert mode_of(Path(f"{path}{suffix}")) == 0o600
    assert mode_of(path) == 0o600


def test_an_existing_database_readable_by_others_is_tightened(var):
    var.mkdir()
    path = var / "madang.sqlite3"
    with sqlite3.connect(path) as database:
        database.execute("PRAGMA journal_mode=WAL")
        database.execute("CREATE TABLE t (x)")
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        name.touch()
        name.chmod(0o644)
    config.sqlite_path(f"sqlite:///{path}")
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        assert mode_of(name) == 0o600, name


def test_an_in_memory_database_needs_no_file(var):
    assert config.sqlite_path("sqlite:///:memory:") == ":memory:"
    assert not var.exists() or not any(var.iterdir())
