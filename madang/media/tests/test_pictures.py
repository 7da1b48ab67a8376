"""Every kind of still picture a writer may upload, through the whole pipeline:
received, converted, stored under server-made names, and what was made checked as a
browser would meet it."""

from __future__ import annotations

from typing import Any

import pytest

from madang.media.models import Media
from madang.media.tests import samples
from madang.media.tests.uploading import near, opened, read, stored_files, uploaded

# The conversion runs when the upload commits, as it does in the worker.
pytestmark = pytest.mark.django_db(transaction=True)

ORANGE, BLUE = (230, 120, 40), (20, 60, 200)


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
