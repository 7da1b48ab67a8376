"""Files the media tests upload, made here (never downloaded).

Pictures come from Pillow; videos from ffmpeg's own test sources, each
bounded by a frame count or a duration on its input so that it ends.
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

from PIL import Image, ImageDraw


def picture(size: tuple[int, int] = (1200, 800), form: str = "JPEG", **save: object) -> bytes:
    image = Image.new("RGB", size, (230, 120, 40))
    draw = ImageDraw.Draw(image)
    draw.ellipse((size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2), fill=(20, 60, 200))
    out = io.BytesIO()
    image.save(out, form, **save)
    return out.getvalue()


def photo_with_gps() -> bytes:
    """A JPEG as a phone takes it: turned (orientation 6), with GPS and a comment."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 40.0)}
    return picture((1200, 800), "JPEG", exif=exif.tobytes(), comment=b"secret-comment")


def gif(
    size: tuple[int, int] = (320, 240), frames: int = 12, duration: int = 60, **save: object
) -> bytes:
    shots = []
    for index in range(frames):
        shot = Image.new("RGB", size, (index * 20 % 256, 90, 200 - index * 10 % 200))
        ImageDraw.Draw(shot).rectangle(
            (index * 7 % size[0], 10, index * 7 % size[0] + size[0] // 4, size[1] // 2),
            fill=(255, 230, 0),
        )
        shots.append(shot)
    out = io.BytesIO()
    shots[0].save(
        out, "GIF", save_all=True, append_images=shots[1:], duration=duration, loop=0, **save
    )
    return out.getvalue()


def video(
    path: Path,
    *,
    codec: str = "libx264",
    form: str = "mp4",
    seconds: int = 2,
    size: str = "320x240",
    rate: int = 25,
    extra: tuple[str, ...] = (),
) -> bytes:
    """A short test-pattern video with a tone, through ffmpeg (bounded inputs)."""
    target = path / f"sample.{form}"
    audio = ["-c:a", "aac"] if form in ("mp4", "mov") else ["-c:a", "libopus"]
    subprocess.run(  # noqa: S603
        [
            shutil.which("ffmpeg") or "ffmpeg", "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-t", str(seconds), "-i", f"testsrc=size={size}:rate={rate}",
            "-f", "lavfi", "-t", str(seconds), "-i", "sine=frequency=440",
            "-c:v", codec, "-pix_fmt", "yuv420p", *audio, *extra,
            "-shortest", str(target),
        ],
        check=True,
    )  # fmt: skip
    return target.read_bytes()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` (a pixel flood)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )


def png_with_html() -> bytes:
    """A real PNG that is also an HTML page (a polyglot): a text chunk and a tail."""
    page = b"<html><script>alert(document.cookie)</script></html>"
    data = picture((64, 64), "PNG")
    end = data.rindex(b"IEND") - 4
    return data[:end] + _chunk(b"tEXt", b"comment\x00" + page) + data[end:] + page


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)
HLS = b"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://127.0.0.1:9/x.ts\n#EXT-X-ENDLIST\n"
CONCAT = b"ffconcat version 1.0\nfile '/etc/passwd'\n"
