"""Every kind of file a writer may upload, through the whole pipeline: received,
converted, stored under server-made names, and what was made checked as a browser
(or ffprobe) would meet it."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image

from madang.media.models import Media
from madang.media.tests import samples
from madang.media.tests.uploading import ffprobe, read, stored_files, stream, uploaded

# The conversion runs when the upload commits, as it does in the worker.
pytestmark = pytest.mark.django_db(transaction=True)

ORANGE, BLUE = (230, 120, 40), (20, 60, 200)


def opened(media: Media, role: str) -> Image.Image:
    image = Image.open(io.BytesIO(read(media.files[role]["name"])))
    image.load()
    return image


def near(found: tuple[int, ...], wanted: tuple[int, int, int], slack: int = 24) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(found[:3], wanted, strict=True))


def assert_picture_made(media: Media, original: str, size: tuple[int, int]) -> None:
    """Ready, with the original in its format at its size, display sizes and a thumbnail,
    each name the server's, and the file as received gone."""
    assert media.state == Media.State.READY, media.error
    assert media.kind == Media.Kind.IMAGE
    assert media.files["original"]["type"] == original
    assert (media.files["original"]["width"], media.files["original"]["height"]) == size
    assert media.files["w480"]["type"] == "image/webp" and media.files["w480"]["width"] <= 480
    assert opened(media, "thumb").size == (144, 144)
    for role, entry in media.files.items():
        assert entry["name"].startswith(f"m/{media.key[:2]}/{media.key}/{role}."), entry
        assert opened(media, role).size == (entry["width"], entry["height"])
    assert stored_files("incoming") == []
    assert sorted(stored_files("m")) == sorted(entry["name"] for entry in media.files.values())


def test_a_jpeg_is_reencoded_at_display_sizes(writer: Any, board: Any) -> None:
    media = uploaded(writer, board, "a.jpg", samples.picture((1200, 800)))
    assert media.source_format == "jpeg"
    assert_picture_made(media, "image/jpeg", (1200, 800))
    assert [role for role in media.files if role.startswith("w")] == ["w480", "w960", "w1600"]
    assert media.files["w1600"]["width"] == 1200  # never enlarged
    assert near(opened(media, "w960").getpixel((720, 600)), ORANGE)


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(writer: Any, board: Any) -> None:
    """libjpeg halves a 7000-pixel side as it decodes (3500 keeps three quarters of the
    4096 kept): the full size is never held in memory."""
    media = uploaded(writer, board, "wide.jpg", samples.picture((7000, 300)))
    assert_picture_made(media, "image/jpeg", (3500, 150))
    assert near(opened(media, "w1600").getpixel((1500, 50)), ORANGE)


def test_a_large_png_is_reduced_to_the_largest_kept(writer: Any, board: Any) -> None:
    media = uploaded(writer, board, "wide.png", samples.picture((5000, 200), "PNG"))
    assert_picture_made(media, "image/png", (4096, 164))


def test_a_progressive_jpeg_is_taken(writer: Any, board: Any) -> None:
    data = samples.picture((640, 480), "JPEG", progressive=True)
    media = uploaded(writer, board, "p.jpg", data)
    assert_picture_made(media, "image/jpeg", (640, 480))
    assert near(opened(media, "original").getpixel((480, 360)), ORANGE)


def test_a_jpeg_with_a_second_picture_is_a_jpeg(writer: Any, board: Any) -> None:
    media = uploaded(writer, board, "camera.jpg", samples.mpo())
    assert media.source_format == "jpeg"
    assert_picture_made(media, "image/jpeg", (600, 400))
    assert near(opened(media, "original").getpixel((450, 300)), ORANGE)  # the first


def test_a_cmyk_jpeg_keeps_its_colours(writer: Any, board: Any) -> None:
    media = uploaded(writer, board, "print.jpg", samples.picture((400, 300), "JPEG", mode="CMYK"))
    assert_picture_made(media, "image/jpeg", (400, 300))
    for role in ("original", "w480"):
        image = opened(media, role).convert("RGB")
        assert near(image.getpixel((300, 225)), ORANGE), role
        assert near(image.getpixel((150, 112)), BLUE), role


def test_a_cmyk_profile_is_not_left_on_rgb_pixels(writer: Any, board: Any) -> None:
    data = samples.picture(
        (400, 300), "JPEG", mode="CMYK", icc_profile=samples.icc_profile(b"CMYK")
    )
    media = uploaded(writer, board, "print.jpg", data)
    assert_picture_made(media, "image/jpeg", (400, 300))
    for role in media.files:
        image = opened(media, role)
        assert image.mode in ("RGB", "RGBA"), role
        assert "icc_profile" not in image.info, role
    assert near(opened(media, "original").getpixel((300, 225)), ORANGE)


def test_a_colour_profile_is_applied_then_left_out(writer: Any, board: Any) -> None:
    """A profile may carry any text (its description is free): the pixels are turned to
    sRGB through it, and no file made carries it."""
    profile = samples.icc_profile(b"RGB ") + b"<script>alert(1)</script>"
    media = uploaded(writer, board, "p3.jpg", samples.picture((600, 400), icc_profile=profile))
    assert_picture_made(media, "image/jpeg", (600, 400))
    for role in media.files:
        assert "icc_profile" not in opened(media, role).info, role
        assert b"<script" not in read(media.files[role]["name"]), role
    assert near(opened(media, "w480").getpixel((360, 300)), ORANGE)


def test_a_phone_photo_is_turned_upright_and_loses_its_metadata(writer: Any, board: Any) -> None:
    media = uploaded(writer, board, "IMG_0001.jpg", samples.photo_with_gps())
    assert_picture_made(media, "image/jpeg", (800, 1200))
    for role in media.files:
        data = read(media.files[role]["name"])
        assert b"secret-comment" not in data and b"PhoneMaker" not in data, role
        assert b"Exif" not in data and b"GPS" not in data, role
        image = opened(media, role)
        assert not image.getexif(), role
        assert image.width < image.height or role == "thumb", role


def test_a_png_keeps_its_transparency(writer: Any, board: Any) -> None:
    media = uploaded(writer, board, "alpha.png", samples.png_with_alpha((200, 120)))
    assert_picture_made(media, "image/png", (200, 120))
    for role in ("original", "w480"):
        image = opened(media, role)
        assert image.mode == "RGBA", role
        assert image.getpixel((2, 2))[3] == 0, role  # the clear corner
        assert image.getpixel((150, 100))[3] == 255, role


def test_a_webp_is_taken(writer: Any, board: Any) -> None:
    media = uploaded(writer, board, "a.webp", samples.picture((500, 300), "WEBP"))
    assert media.source_format == "webp"
    assert_picture_made(media, "image/webp", (500, 300))


def test_a_gif_of_one_frame_is_a_picture(writer: Any, board: Any) -> None:
    media = uploaded(writer, board, "still.gif", samples.picture((300, 200), "GIF"))
    assert media.source_format == "gif" and media.frames == 1
    assert_picture_made(media, "image/jpeg", (300, 200))


def test_an_avif_is_taken(writer: Any, board: Any) -> None:
    media = uploaded(writer, board, "a.avif", samples.picture((300, 200), "AVIF"))
    assert media.source_format == "avif"
    assert_picture_made(media, "image/jpeg", (300, 200))
    assert near(opened(media, "w480").getpixel((250, 150)), ORANGE)


def assert_faststart_h264(data: bytes, size: tuple[int, int]) -> dict[str, Any]:
    boxes = samples.boxes(data)
    assert boxes.index("moov") < boxes.index("mdat"), boxes  # plays before it has all arrived
    found = ffprobe(data)
    video = stream(found, "video")
    assert video["codec_name"] == "h264" and video["pix_fmt"] == "yuv420p"
    assert (video["width"], video["height"]) == size
    return found


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


def packets(data: bytes) -> list[tuple[str, str]]:
    found = ffprobe(data, "-show_packets", "-select_streams", "v:0")
    return [(p["size"], p["pts"]) for p in found["packets"]]


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
