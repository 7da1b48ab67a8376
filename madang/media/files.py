"""Where an upload's files live: server-made names under Django's storage.

``m/<2>/<key>/<role>.<ext>`` is what pages link to (nginx serves ``m/`` from
disk in the shipped configuration); ``incoming/<key>`` holds the file as
received until it is processed, and is never served.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage

SERVED = "m/"
INCOMING = "incoming/"


def served_name(key: str, role: str, extension: str) -> str:
    return f"{SERVED}{key[:2]}/{key}/{role}.{extension}"


def incoming_name(key: str) -> str:
    return f"{INCOMING}{key}"


def save(name: str, path: Path) -> str:
    with path.open("rb") as file:
        return default_storage.save(name, File(file, name=name.rsplit("/", 1)[-1]))


def delete(names: list[str]) -> None:
    for name in names:
        if name and default_storage.exists(name):
            default_storage.delete(name)


def url(name: str) -> str:
    return default_storage.url(name)


@contextmanager
def workdir() -> Iterator[Path]:
    """A private temporary folder, removed with everything in it."""
    path = Path(tempfile.mkdtemp(prefix="madang-media-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def fetch(name: str, into: Path) -> Path:
    """A local copy of the stored file ``name`` (storage may be S3)."""
    target = into / "source"
    with default_storage.open(name, "rb") as source, target.open("wb") as out:
        shutil.copyfileobj(source, out, 1024 * 1024)
    return target
