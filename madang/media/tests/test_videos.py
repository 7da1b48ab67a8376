"""Videos: an H.264/AAC MP4 copied as it is, anything else encoded to one, each with a
poster, and nothing of the file kept but its streams."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from madang.media.models import Media
from madang.media.tests import samples
from madang.media.tests.uploading import (
    assert_faststart_h264,
    ffprobe,
    opened,
    packets,
    read,
    stored_files,
    stream,
    uploaded,
)

# The conversion runs when the upload commits, as it does in the worker.
pytestmark = pytest.mark.django_db(transaction=True)


def test_an_h264_mp4_passes_as_it_is(writer: Any, board: Any, clip: Callable[[str], bytes]) -> None:
    data = clip("h264.mp4")
    media = uploaded(writer, board, "clip.mp4", data)
    assert media.kind == Media.Kind.VIDEO and media.state == Media.State.READY
    assert media.source_format == "mp4" and media.duration_ms == 2000
    video = read(media.files["video"]["name"])
    found = assert_faststart_h264(video, (320, 240))
    assert stream(found, "audio")["codec_name"] == "aac"
    assert packets(video) == packets(data)  # copied, not encoded again
    assert media.files["poster"]["type"] == "image/webp"
    assert opened(media, "poster").size == (320, 240)
    assert "thumb" in media.files


def test_a_videos_place_and_names_are_not_kept(
    writer: Any, board: Any, clip: Callable[[str], bytes]
) -> None:
    data = clip("located.mp4")
    assert ffprobe(data)["format"]["tags"]["location"] == "+37.5665+126.9780/"
    media = uploaded(writer, board, "located.mp4", data)
    video = read(media.files["video"]["name"])
    found = ffprobe(video)
    assert packets(video) == packets(data)  # copied, and still without them
    tags = [found["format"].get("tags", {}), *(s.get("tags", {}) for s in found["streams"])]
    assert not any("location" in t or "title" in t for t in tags)
    assert b"37.5665" not in video and b"secret" not in video


def test_a_video_of_one_frame_gets_its_poster(
    writer: Any, board: Any, clip: Callable[[str], bytes]
) -> None:
    """The poster is taken a little way in; where no frame is there, the first one."""
    data = clip("one-frame.mp4")
    assert int(stream(ffprobe(data), "video")["nb_frames"]) == 1
    media = uploaded(writer, board, "still.mp4", data)
    assert media.state == Media.State.READY, media.error
    assert opened(media, "poster").size == (320, 240)


@pytest.mark.parametrize("name", ["h264.mp4", "hevc.mp4"])
def test_a_video_filmed_upright_keeps_its_shape(
    writer: Any, board: Any, clip: Callable[[str], bytes], name: str
) -> None:
    """A phone stores an upright video's frames on their side, with a matrix that turns
    them back: the player's box and the poster are upright too, whether the video is
    copied (the matrix kept) or encoded again (the frames turned)."""
    data = samples.turned_on_its_side(clip(name))
    media = uploaded(writer, board, "upright.mp4", data)
    assert (media.width, media.height) == (240, 320)
    assert (media.files["video"]["width"], media.files["video"]["height"]) == (240, 320)
    assert opened(media, "poster").size == (240, 320)
    video = read(media.files["video"]["name"])
    if name == "h264.mp4":
        assert packets(video) == packets(data)  # still copied


@pytest.mark.parametrize(
    ("name", "source_format", "codec"),
    [("vp9.webm", "webm", "vp9"), ("h264.mov", "mov", "h264"), ("hevc.mp4", "mp4", "hevc")],
)
def test_other_videos_become_h264_aac_mp4(
    writer: Any,
    board: Any,
    clip: Callable[[str], bytes],
    name: str,
    source_format: str,
    codec: str,
) -> None:
    data = clip(name)
    source = ffprobe(data)
    assert stream(source, "video")["codec_name"] == codec
    assert stream(source, "audio")["codec_name"] == ("opus" if name.endswith("webm") else "aac")
    media = uploaded(writer, board, name, data)
    assert media.source_format == source_format and media.state == Media.State.READY
    video = read(media.files["video"]["name"])
    found = assert_faststart_h264(video, (320, 240))
    assert stream(found, "audio")["codec_name"] == "aac"
    assert abs(float(found["format"]["duration"]) - 2.0) < 0.2
    assert media.files["poster"]["type"] == "image/webp"
    assert sorted(stored_files("m")) == sorted(entry["name"] for entry in media.files.values())
    assert stored_files("incoming") == []


def test_a_webm_recorded_in_a_browser_without_a_duration(
    writer: Any, board: Any, tmp_path: Any
) -> None:
    """A browser's recorder writes WebM as it goes: no duration in its header. It is
    taken, and its conversion is bounded by the length limit instead."""
    data = samples.streamed_webm(tmp_path)
    assert "duration" not in ffprobe(data)["format"]  # as a recorder leaves it
    media = uploaded(writer, board, "녹화.webm", data)
    assert media.state == Media.State.READY and media.kind == Media.Kind.VIDEO
    made = ffprobe(read(media.files["video"]["name"]))
    assert stream(made, "video")["codec_name"] == "h264"


def test_a_quicktime_movie_without_a_file_type_box(writer: Any, board: Any, tmp_path: Any) -> None:
    """Older QuickTime files begin with their movie box, not a file type box."""
    data = samples.video(tmp_path, form="mov", seconds=1, name="old")
    assert data[4:8] == b"ftyp"
    old = data[:4] + b"free" + data[8:]  # the same movie, its file type box made padding
    media = uploaded(writer, board, "old.mov", old)
    assert media.state == Media.State.READY
