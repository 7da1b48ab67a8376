"""Animated GIFs: a looping MP4 where it plays as the GIF would and weighs less, the GIF
itself otherwise (or when the writer keeps it)."""

from __future__ import annotations

from typing import Any

import pytest
from PIL import Image

from madang.media.models import Media
from madang.media.tests import samples
from madang.media.tests.uploading import (
    assert_faststart_h264,
    near,
    opened,
    read,
    stream,
    uploaded,
)

# The conversion runs when the upload commits, as it does in the worker.
pytestmark = pytest.mark.django_db(transaction=True)


def test_an_animated_gif_becomes_a_looping_mp4(writer: Any, board: Any) -> None:
    data = samples.gif((321, 241), frames=30)  # odd sides: cropped by one pixel, not scaled
    media = uploaded(writer, board, "움짤.gif", data)
    assert media.kind == Media.Kind.ANIMATION and media.frames == 30
    assert media.state == Media.State.READY
    video = read(media.files["video"]["name"])
    assert len(video) < len(data)
    found = assert_faststart_h264(video, (320, 240))
    assert "audio" not in [s["codec_type"] for s in found["streams"]]
    assert (media.files["video"]["width"], media.files["video"]["height"]) == (320, 240)
    assert media.files["poster"]["type"] == "image/webp"
    assert opened(media, "gif").format == "GIF"  # the GIF itself stays, for download
    assert int(stream(found, "video")["nb_frames"]) == 30


def test_a_gif_whose_mp4_is_not_smaller_is_served_as_a_gif(writer: Any, board: Any) -> None:
    data = samples.gif((8, 8), frames=2)
    media = uploaded(writer, board, "tiny.gif", data)
    assert media.state == Media.State.READY
    assert "video" not in media.files
    assert media.files["gif"]["type"] == "image/gif"
    assert getattr(opened(media, "gif"), "n_frames", 1) == 2


def test_a_gif_the_page_shows_through_is_served_as_a_gif(writer: Any, board: Any) -> None:
    """H.264 has no transparency: the clear background of an emoticon would come out a
    solid box (white on the dark theme's page)."""
    media = uploaded(writer, board, "sticker.gif", samples.sticker_gif())
    assert media.kind == Media.Kind.ANIMATION and media.state == Media.State.READY
    assert "video" not in media.files and media.files["gif"]["type"] == "image/gif"
    assert opened(media, "poster").getpixel((230, 170))[3] == 0  # clear, as the GIF


def test_tiny_pixel_art_is_enlarged_by_whole_steps(writer: Any, board: Any, tmp_path: Any) -> None:
    from madang.media import motion
    from madang.media.probe import probe

    data = samples.pixel_art_gif((15, 9), frames=6)
    media = uploaded(writer, board, "sprite.gif", data)
    assert media.state == Media.State.READY and media.frames == 6
    # Whichever is served, the MP4 made from it is 16 times the size, with hard edges.
    source = tmp_path / "sprite.gif"
    source.write_bytes(data)
    from madang.media.limits import current

    made = motion.gif_to_mp4(source, probe(source, current()), tmp_path)
    assert_faststart_h264(made.read_bytes(), (240, 144))
    frame = tmp_path / "frame.png"
    motion.video_poster(made, probe(made, current()), tmp_path).rename(frame)
    image = Image.open(frame).convert("RGB")
    # A frame 0.3 s in: the red pixel at (3, 4) and the green one at (6, 1), 16 x 16 each.
    red = [image.getpixel((x, y)) for x in range(50, 62) for y in range(66, 78)]
    assert all(near(pixel, (255, 0, 0), 60) for pixel in red)
    black = [image.getpixel((x, y)) for x in range(114, 126) for y in range(114, 126)]
    assert all(near(pixel, (0, 0, 0), 40) for pixel in black)


def test_a_small_animation_plays_enlarged_at_the_size_made(writer: Any, board: Any) -> None:
    data = samples.gradient_gif((31, 17), frames=30)
    media = uploaded(writer, board, "small.gif", data)
    assert media.state == Media.State.READY and "video" in media.files
    video = read(media.files["video"]["name"])
    assert_faststart_h264(video, (216, 118))  # 7 times, then cropped to even sides
    assert (media.files["video"]["width"], media.files["video"]["height"]) == (216, 118)


def test_an_animation_is_not_held_to_the_video_limits(
    writer: Any, board: Any, settings: Any
) -> None:
    """Its MP4 is ours, not an upload: a GIF longer or wider than an uploaded video may
    be still plays as one."""
    settings.MADANG_MEDIA_LIMITS = {
        **settings.MADANG_MEDIA_LIMITS,
        "video_seconds": 1,
        "video_side": 200,
    }
    media = uploaded(writer, board, "long.gif", samples.gif((321, 241), frames=30))
    assert media.state == Media.State.READY, media.error
    assert (media.files["video"]["width"], media.files["video"]["height"]) == (320, 240)


def test_a_wide_animation_plays_at_a_size_phones_decode(writer: Any, board: Any) -> None:
    """H.264 decoders in phones stop at about 4096 pixels, many at 1920: the MP4 of a
    wider GIF is reduced as an uploaded video is (the GIF stays as it is)."""
    media = uploaded(writer, board, "banner.gif", samples.gif((2401, 121), frames=20))
    assert media.state == Media.State.READY and "video" in media.files
    assert_faststart_h264(read(media.files["video"]["name"]), (1920, 96))
    assert (media.files["video"]["width"], media.files["video"]["height"]) == (1920, 96)
    assert (media.files["gif"]["width"], media.files["gif"]["height"]) == (2401, 121)


def test_keep_gif_serves_the_gif_and_makes_no_video(writer: Any, board: Any) -> None:
    data = samples.gif((320, 240), frames=30)
    media = uploaded(writer, board, "a.gif", data, keep_gif="1")
    assert media.keep_gif and media.state == Media.State.READY
    assert "video" not in media.files and media.files["gif"]["type"] == "image/gif"
    assert getattr(opened(media, "gif"), "n_frames", 1) == 30
    assert "poster" in media.files
