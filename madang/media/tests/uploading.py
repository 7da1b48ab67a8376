"""What the media tests do again and again: upload, look into storage, ask ffprobe."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from madang.media.models import Media
from madang.media.tests import samples


def upload(client: Any, board: Any, name: str, data: bytes, **extra: str) -> Any:
    return client.post(f"/{board.slug}/upload", {"file": SimpleUploadedFile(name, data), **extra})


def uploaded(client: Any, board: Any, name: str, data: bytes, **extra: str) -> Media:
    """The row of an upload that must be taken (and, the suite's tasks being eager, made)."""
    answer = upload(client, board, name, data, **extra)
    assert answer.status_code == 201, answer.content.decode()
    return Media.objects.get(key=answer.json()["key"])


def stored_files(folder: str = "") -> list[str]:
    """Every file in the default storage under ``folder``, by name."""
    try:
        folders, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    found = [f"{folder}/{name}" if folder else name for name in names]
    for inner in folders:
        found += stored_files(f"{folder}/{inner}" if folder else inner)
    return found


def assert_nothing_stored() -> None:
    assert not Media.objects.exists()
    assert stored_files("incoming") == []
    assert stored_files("m") == []


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as file:
        return file.read()


def ffprobe(data: bytes, *entries: str) -> dict[str, Any]:
    """ffprobe's JSON about ``data`` (streams and format; ``-show_packets`` and the like
    when asked)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "probed"
        path.write_bytes(data)
        out = subprocess.run(  # noqa: S603
            [
                shutil.which("ffprobe") or "ffprobe", "-v", "error",
                "-show_format", "-show_streams", *entries, "-of", "json", str(path),
            ],
            check=True,
            capture_output=True,
        ).stdout  # fmt: skip
    found: dict[str, Any] = json.loads(out)
    return found


def stream(found: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(s for s in found["streams"] if s["codec_type"] == kind)


def opened(media: Media, role: str) -> Image.Image:
    image = Image.open(io.BytesIO(read(media.files[role]["name"])))
    image.load()
    return image


def near(found: tuple[int, ...], wanted: tuple[int, int, int], slack: int = 24) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(found[:3], wanted, strict=True))


def assert_faststart_h264(data: bytes, size: tuple[int, int]) -> dict[str, Any]:
    boxes = samples.boxes(data)
    assert boxes.index("moov") < boxes.index("mdat"), boxes  # plays before it has all arrived
    found = ffprobe(data)
    video = stream(found, "video")
    assert video["codec_name"] == "h264" and video["pix_fmt"] == "yuv420p"
    assert (video["width"], video["height"]) == size
    return found


def packets(data: bytes) -> list[tuple[str, str]]:
    found = ffprobe(data, "-show_packets", "-select_streams", "v:0")
    return [(p["size"], p["pts"]) for p in found["packets"]]


def attachment(key: str) -> str:
    value = json.dumps({"contentType": "image/jpeg", "media": key}).replace('"', "&quot;")
    return f'<figure data-trix-attachment="{value}"><img src="blob:x"></figure>'


def made_names(media: Media) -> set[str]:
    return {entry["name"] for entry in media.files.values()}


def age(media: Media, **fields: timedelta) -> None:
    Media.objects.filter(pk=media.pk).update(
        **{name: timezone.now() - ago for name, ago in fields.items()}
    )
