"""The structure walks that find a file cut short, or one built to be slow to read."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from madang.media import containers
from madang.media.tests import samples


def written(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "upload"
    path.write_bytes(data)
    return path


def png(chunks: list[tuple[bytes, bytes]]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind))

    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 25 * 8)
    body = [chunk(b"IHDR", header), *(chunk(k, d) for k, d in chunks), chunk(b"IDAT", pixels)]
    return containers.PNG_SIGNATURE + b"".join(body) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    "data",
    [
        samples.picture((300, 200), "PNG"),
        samples.png_with_html(),  # what follows the end chunk is not the PNG's
        png([(b"prVt", b"")] * (containers.MAX_CHUNKS - 4)),
    ],
)
def test_a_whole_png_passes(tmp_path: Path, data: bytes) -> None:
    containers.check_png(written(tmp_path, data), len(data))


@pytest.mark.parametrize(
    "data",
    [
        samples.picture((300, 200), "PNG")[:-12],  # no end chunk
        samples.picture((300, 200), "PNG")[:200],
        png([(b"prVt", b"")] * containers.MAX_CHUNKS),  # slow to read, and no real PNG
    ],
)
def test_a_png_cut_short_or_of_too_many_chunks_is_damaged(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(containers.Damaged):
        containers.check_png(written(tmp_path, data), len(data))


@pytest.mark.parametrize(
    "data",
    [
        samples.picture((300, 200)),
        samples.picture((300, 200), progressive=True),
        samples.photo_with_gps(),  # EXIF and a comment, walked over by their lengths
        samples.picture((300, 200)) + b"trailing data after the end",
    ],
)
def test_a_whole_jpeg_passes(tmp_path: Path, data: bytes) -> None:
    containers.check_jpeg(written(tmp_path, data))


@pytest.mark.parametrize("keep", [4, 100, 600, -2])
def test_a_jpeg_cut_anywhere_is_damaged(tmp_path: Path, keep: int) -> None:
    data = samples.picture((300, 200), progressive=True)[:keep]
    with pytest.raises(containers.Damaged):
        containers.check_jpeg(written(tmp_path, data))


def test_a_jpeg_of_endless_markers_is_damaged(tmp_path: Path) -> None:
    data = b"\xff\xd8" + b"\xff\xfe\x00\x02" * containers.MAX_MARKERS + b"\xff\xd9"
    with pytest.raises(containers.Damaged):
        containers.check_jpeg(written(tmp_path, data))


def test_boxes_must_add_up(tmp_path: Path) -> None:
    whole = samples.picture((64, 64), "AVIF")
    containers.check_boxes(written(tmp_path, whole), len(whole))
    for data in (whole[:-1], whole + b"\x00\x00\x00\x09free", whole + b"\x00" * 7):
        with pytest.raises(containers.Damaged):
            containers.check_boxes(written(tmp_path, data), len(data))
