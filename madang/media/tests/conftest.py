"""Fixtures the media tests share: a storage of their own for each test, the uploader,
and the videos, made once per run (ffmpeg is the slow part)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from madang.media.tests import samples


@pytest.fixture(autouse=True)
def _fresh_storage(settings: Any) -> None:
    """An empty InMemoryStorage: what a test finds stored is what it made."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture
def writer(client: Any, member: Any) -> Any:
    client.force_login(member)
    return client


CLIPS: dict[str, dict[str, Any]] = {
    "h264.mp4": {},
    "faststart.mp4": {"extra": ("-movflags", "+faststart")},
    "vp9.webm": {"codec": "libvpx-vp9", "form": "webm", "extra": ("-deadline", "realtime")},
    "h264.mov": {"form": "mov"},
    "hevc.mp4": {"codec": "libx265", "extra": ("-tag:v", "hvc1", "-x265-params", "log-level=0")},
    "60fps.mp4": {"rate": 60, "seconds": 1},
    "located.mp4": {
        "extra": (
            "-metadata",
            "location=+37.5665+126.9780/",
            "-metadata",
            "title=secret-title",
            "-metadata:s:v",
            "handler_name=secret-handler",
        )
    },
    # Two seconds of sound under one frame of picture.
    "one-frame.mp4": {"extra": ("-frames:v", "1")},
}


@pytest.fixture(scope="session")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], bytes]:
    """``clip("vp9.webm")``: the bytes of one of ``CLIPS``, made on first use."""
    folder = tmp_path_factory.mktemp("clips")
    made: dict[str, bytes] = {}

    def get(name: str) -> bytes:
        if name not in made:
            stem, form = name.rsplit(".", 1)
            options = {"form": form, **CLIPS[name]}
            made[name] = samples.video(Path(folder), name=stem, **options)
        return made[name]

    return get
