"""The GIFs of the benchmark's set, converted as uploads are (docs/media.md)."""

from __future__ import annotations

from pathlib import Path

from madang.media import processing
from madang.media.models import Media
from madang.site import gifset


def _served(data: bytes, folder: Path) -> dict[str, int]:
    source = folder / "upload.gif"
    source.write_bytes(data)
    made = processing.convert(Media(kind=Media.Kind.ANIMATION), source, folder)
    return {item.role: item.path.stat().st_size for item in made}


def test_a_clip_becomes_a_much_smaller_video(tmp_path: Path) -> None:
    data = gifset.small()
    served = _served(data, tmp_path)
    assert served["video"] + served["poster"] < len(data) / 3
    assert served["gif"] <= len(data)  # the cleaned original, still downloadable


def test_tiny_pixel_art_stays_a_gif_when_no_video_is_smaller(tmp_path: Path) -> None:
    data = gifset.pixel_art()
    served = _served(data, tmp_path)
    assert "video" not in served and served["gif"] <= len(data)
