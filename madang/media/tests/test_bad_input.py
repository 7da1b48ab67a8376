"""Files that must be refused: each gets its reason in words (the JSON ``error``), and
nothing of it is kept: no row, no file under ``incoming/`` or ``m/``, no post."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import JpegImagePlugin

from madang.boards.models import Post
from madang.media import containers, tools
from madang.media.limits import current
from madang.media.probe import probe
from madang.media.tests import samples
from madang.media.tests.uploading import assert_nothing_stored, upload

pytestmark = pytest.mark.django_db

TYPE = (
    "올릴 수 없는 형식입니다. "
    "사진(JPEG, PNG, WebP, GIF, AVIF)과 동영상(MP4, WebM, MOV)만 올릴 수 있습니다."
)
DAMAGED = "파일이 잘렸거나 손상되어 읽을 수 없습니다."
PIXELS = "사진이 너무 큽니다. 가로세로 크기를 줄여서 올려 주세요."
FRAMES = "움짤의 프레임이 너무 많거나 큽니다. 줄여서 올려 주세요."


@pytest.fixture
def tool_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The tools run during the test, by name (they still run)."""
    calls: list[str] = []
    real = tools.run

    def run(tool: str, args: Any, *, seconds: float) -> bytes:
        calls.append(tool)
        return real(tool, args, seconds=seconds)

    monkeypatch.setattr(tools, "run", run)
    yield calls


def assert_refused(answer: Any, message: str, status: int = 400) -> None:
    assert answer.status_code == status, answer.content.decode()
    assert answer.json() == {"error": message}
    assert_nothing_stored()
    assert not Post.objects.exists()


@pytest.mark.parametrize("name", ["a.svg", "a.png", "a.jpg"])
def test_svg_is_refused_whatever_its_name(writer: Any, board: Any, name: str) -> None:
    assert_refused(upload(writer, board, name, samples.SVG), TYPE)


def test_html_is_refused(writer: Any, board: Any) -> None:
    page = b"<!doctype html><html><script>alert(1)</script></html>"
    assert_refused(upload(writer, board, "a.jpg", page), TYPE)


def test_an_empty_file_is_refused(writer: Any, board: Any) -> None:
    assert_refused(upload(writer, board, "a.jpg", b""), "빈 파일입니다.")


def test_a_pixel_flood_is_refused(writer: Any, board: Any, tool_calls: list[str]) -> None:
    data = samples.png_declaring(100_000, 100_000)
    assert len(data) < 200
    assert_refused(upload(writer, board, "flood.png", data), PIXELS)


def test_a_picture_over_the_side_limit_is_refused(writer: Any, board: Any, settings: Any) -> None:
    settings.MADANG_MEDIA_LIMITS = {**settings.MADANG_MEDIA_LIMITS, "side": 1000}
    data = samples.png_declaring(1001, 10)
    assert_refused(upload(writer, board, "wide.png", data), PIXELS)


def test_a_frame_flood_is_refused(writer: Any, board: Any) -> None:
    data = samples.frame_flood_gif()  # 24 frames x 36 million pixels, in a few hundred bytes
    assert len(data) < 1000
    assert_refused(upload(writer, board, "flood.gif", data), FRAMES)


def test_a_gif_of_thousands_of_frames_is_refused(writer: Any, board: Any) -> None:
    assert_refused(upload(writer, board, "many.gif", samples.many_frames_gif(5000)), FRAMES)


def test_a_frame_larger_than_its_canvas_counts_as_drawn(writer: Any, board: Any) -> None:
    """Pillow enlarges the canvas to hold such a frame: the frame, not the header, says
    what decoding costs."""
    data = samples.raw_gif((10, 10), [(10, 10)] * 3 + [(30_000, 30_000)] + [(10, 10)])
    assert_refused(upload(writer, board, "sneaky.gif", data), PIXELS)
    data = samples.raw_gif((10, 10), [(10, 10)] + [(6000, 6000)] * 12)
    assert_refused(upload(writer, board, "sneaky.gif", data), FRAMES)


def cut(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


TRUNCATED: dict[str, Callable[[Callable[[str], bytes]], bytes]] = {
    "a.jpg": lambda clip: cut(samples.picture((640, 480))),
    "progressive.jpg": lambda clip: cut(samples.picture((640, 480), progressive=True)),
    "a.png": lambda clip: cut(samples.picture((640, 480), "PNG")),
    "a.gif": lambda clip: cut(samples.gif()),
    "still.gif": lambda clip: cut(samples.picture((320, 240), "GIF")),
    "a.webp": lambda clip: cut(samples.picture((640, 480), "WEBP")),
    "a.avif": lambda clip: cut(samples.picture((320, 240), "AVIF")),
    "a.mp4": lambda clip: cut(clip("h264.mp4")),  # the index (moov) at the end, lost
    "faststart.mp4": lambda clip: cut(clip("faststart.mp4")),  # the index first, frames lost
    "a.mov": lambda clip: cut(clip("h264.mov")),
    "a.webm": lambda clip: cut(clip("vp9.webm")),
}


@pytest.mark.parametrize("name", TRUNCATED)
def test_a_truncated_file_is_refused(
    writer: Any, board: Any, clip: Callable[[str], bytes], name: str
) -> None:
    assert_refused(upload(writer, board, name, TRUNCATED[name](clip)), DAMAGED)


@pytest.mark.parametrize("name", ["a.mp4", "a.webm", "a.mov"])
def test_a_cut_header_is_refused(
    writer: Any, board: Any, clip: Callable[[str], bytes], name: str
) -> None:
    data = {"a.mp4": clip("h264.mp4"), "a.webm": clip("vp9.webm"), "a.mov": clip("h264.mov")}
    assert_refused(upload(writer, board, name, data[name][:40]), DAMAGED)


@pytest.fixture
def secret(tmp_path: Path) -> Iterator[Path]:
    """A file a playlist names; last read two days ago (a read would move that to now)."""
    target = tmp_path / "secret.ts"
    target.write_bytes(b"\x47" * 188 * 10)
    two_days_ago = time.time() - 2 * 86400
    os.utime(target, (two_days_ago, target.stat().st_mtime))
    yield target


def assert_not_read(target: Path) -> None:
    """Its access time still two days old (``relatime`` moves an access time older than
    the file's change on the next read; the tools' calls say the rest where reads are
    not recorded at all)."""
    assert time.time() - target.stat().st_atime > 86400, "the file named in the list was read"


@pytest.mark.parametrize("maker", [samples.concat_list, samples.hls_playlist])
def test_a_playlist_named_mp4_is_refused_before_any_tool_runs(
    writer: Any, board: Any, secret: Path, tool_calls: list[str], maker: Any
) -> None:
    assert_refused(upload(writer, board, "clip.mp4", maker(secret)), TYPE)
    assert tool_calls == []  # told apart by its content
    assert_not_read(secret)


@pytest.mark.parametrize("maker", [samples.concat_list, samples.hls_playlist])
def test_a_playlist_dressed_as_an_mp4_opens_nothing_else(
    writer: Any, board: Any, secret: Path, tool_calls: list[str], maker: Any
) -> None:
    """Boxes that add up, so ffprobe is asked; told it reads an MP4, it finds none."""
    data = maker(secret, posing_as_mp4=True)
    assert samples.boxes(data) == ["ftyp", "free"]
    assert_refused(upload(writer, board, "clip.mp4", data), DAMAGED)
    assert tool_calls == ["ffprobe"]
    assert_not_read(secret)


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [
        ("video_seconds", 1, "동영상이 너무 깁니다."),
        ("video_side", 300, "동영상의 해상도가 너무 높습니다."),
        ("video_fps", 30, "동영상의 초당 프레임 수가 너무 많습니다."),
    ],
)
def test_a_video_over_a_limit_is_refused(
    writer: Any,
    board: Any,
    settings: Any,
    clip: Callable[[str], bytes],
    limit: str,
    value: int,
    message: str,
) -> None:
    settings.MADANG_MEDIA_LIMITS = {**settings.MADANG_MEDIA_LIMITS, limit: value}
    data = clip("60fps.mp4") if limit == "video_fps" else clip("h264.mp4")
    assert_refused(upload(writer, board, "clip.mp4", data), message)


def test_a_video_within_the_limits_is_taken(
    writer: Any, board: Any, settings: Any, clip: Callable[[str], bytes]
) -> None:
    settings.MADANG_MEDIA_LIMITS = {
        **settings.MADANG_MEDIA_LIMITS,
        "video_seconds": 2,
        "video_side": 320,
        "video_fps": 25,
    }
    assert upload(writer, board, "clip.mp4", clip("h264.mp4")).status_code == 201


def test_a_file_over_the_size_limit_is_refused(
    writer: Any, board: Any, settings: Any, clip: Callable[[str], bytes]
) -> None:
    settings.MADANG_MEDIA_LIMITS = {
        **settings.MADANG_MEDIA_LIMITS,
        "image_bytes": 2**20,
        "video_bytes": 2 * 2**20,
    }
    too_large = "파일이 너무 큽니다. 사진은 1 MB, 동영상은 2 MB까지입니다."
    assert_refused(upload(writer, board, "big.jpg", b"\xff\xd8" * (2**20 + 1)), too_large, 413)
    # A picture over the picture limit is refused even under the video limit.
    picture = samples.noise_picture((700, 700))
    assert 2**20 < len(picture) < 2 * 2**20
    assert_refused(upload(writer, board, "big.png", picture), too_large, 413)
    settings.MADANG_MEDIA_LIMITS = {**settings.MADANG_MEDIA_LIMITS, "video_bytes": 10_000}
    too_large = "파일이 너무 큽니다. 사진은 1 MB, 동영상은 0 MB까지입니다."
    assert_refused(upload(writer, board, "clip.mp4", clip("h264.mp4")), too_large, 413)


def test_a_png_of_more_chunks_than_any_real_one_is_refused(writer: Any, board: Any) -> None:
    """Pillow reads chunks one by one in Python: a million of them took seconds."""
    data = samples.png_of_chunks(containers.MAX_CHUNKS + 1)
    assert_refused(upload(writer, board, "a.png", data), DAMAGED)


def test_the_probe_decodes_no_progressive_jpeg(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libjpeg holds every coefficient of a progressive JPEG, at any scale: 140 MB for
    one of 48 megapixels. Its segments are walked instead."""

    def load(image: Any) -> None:
        raise AssertionError("decoded")

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", load)
    path = tmp_path / "upload"
    path.write_bytes(samples.picture((640, 480), progressive=True))
    assert probe(path, current()).format == "jpeg"
