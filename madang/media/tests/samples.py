"""Files the media tests upload, made here (never downloaded).

Pictures come from Pillow; videos from ffmpeg's own test sources, each
bounded by a frame count or a duration on its input so that it ends.
"""

from __future__ import annotations

import io
import random
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw


def picture(
    size: tuple[int, int] = (1200, 800), form: str = "JPEG", mode: str = "RGB", **save: object
) -> bytes:
    """An orange picture with a blue disc (in ``mode``: RGB, RGBA with a clear corner, CMYK)."""
    image = Image.new("RGB", size, (230, 120, 40))
    draw = ImageDraw.Draw(image)
    draw.ellipse((size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2), fill=(20, 60, 200))
    if mode == "RGBA":
        image = image.convert("RGBA")
        ImageDraw.Draw(image).rectangle((0, 0, size[0] // 8, size[1] // 8), fill=(0, 0, 0, 0))
    elif mode != "RGB":
        image = image.convert(mode)
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
            (index * 7 % size[0], size[1] // 8, index * 7 % size[0] + size[0] // 4, size[1] // 2),
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
    seconds: float = 2,
    size: str = "320x240",
    rate: int = 25,
    name: str = "",
    extra: tuple[str, ...] = (),
) -> bytes:
    """A short test-pattern video with a tone, through ffmpeg (bounded inputs)."""
    target = path / f"{name or 'sample'}.{form}"
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


def streamed_webm(path: Path) -> bytes:
    """A VP8/Opus WebM written to a pipe, as a browser's recorder writes one: the
    muxer cannot go back to write the duration into the header."""
    out = subprocess.run(  # noqa: S603
        [
            shutil.which("ffmpeg") or "ffmpeg", "-nostdin", "-loglevel", "error",
            "-f", "lavfi", "-t", "1", "-i", "testsrc=size=160x120:rate=15",
            "-f", "lavfi", "-t", "1", "-i", "sine=frequency=440",
            "-c:v", "libvpx", "-b:v", "200k", "-c:a", "libopus", "-shortest",
            "-f", "webm", "pipe:1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return out.stdout


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


def png_with_alpha(size: tuple[int, int] = (200, 120)) -> bytes:
    return picture(size, "PNG", mode="RGBA")


def pixel_art_gif(size: tuple[int, int] = (15, 9), frames: int = 6) -> bytes:
    """A tiny sprite: hard-edged blocks of a few colours that move by a pixel a frame."""
    shots = []
    for index in range(frames):
        shot = Image.new("RGB", size, (0, 0, 0))
        shot.putpixel((index % size[0], size[1] // 2), (255, 0, 0))
        shot.putpixel(((index + 3) % size[0], 1), (0, 255, 0))
        shots.append(shot)
    out = io.BytesIO()
    shots[0].save(out, "GIF", save_all=True, append_images=shots[1:], duration=100, loop=0)
    return out.getvalue()


# LZW for a GIF frame of one pixel (minimum code size 2: clear, index 1, end), one sub-block.
_ONE_PIXEL = b"\x02\x02\x4c\x01\x00"


def raw_gif(
    canvas: tuple[int, int], frames: list[tuple[int, int]], *, delay: int = 10, tail: bytes = b";"
) -> bytes:
    """A GIF written block by block: a ``canvas`` and frames of the sizes given, each
    holding the pixel data of one pixel. Costs nothing to make, whatever it declares."""
    out = [b"GIF89a", struct.pack("<HHBBB", *canvas, 0x80, 0, 0), b"\x00\x00\x00\xff\xff\xff"]
    control = b"\x21\xf9\x04\x00" + struct.pack("<H", delay) + b"\x00\x00"
    for width, height in frames:
        out += [control, b"\x2c", struct.pack("<HHHHB", 0, 0, width, height, 0), _ONE_PIXEL]
    return b"".join(out) + tail


def frame_flood_gif() -> bytes:
    """A few hundred bytes: 24 one-pixel frames, each drawn on a 6000 x 6000 canvas."""
    return raw_gif((6000, 6000), [(1, 1)] * 24)


def many_frames_gif(frames: int = 5000) -> bytes:
    return raw_gif((16, 16), [(1, 1)] * frames)


def _as_mp4(text: bytes) -> bytes:
    """``text`` in the box structure of an MP4: a file type box, then a free box holding
    it to the end of the file (so only ffprobe can tell that no video is there)."""
    kind = struct.pack(">I", 24) + b"ftypisom\x00\x00\x02\x00isomiso2"
    return kind + struct.pack(">I", 8 + len(text)) + b"free" + text


def concat_list(target: Path, *, posing_as_mp4: bool = False) -> bytes:
    """An ffconcat list naming ``target`` (as ffmpeg's concat demuxer reads it)."""
    text = f"ffconcat version 1.0\nfile 'file:{target}'\n".encode()
    return _as_mp4(text) if posing_as_mp4 else text


def hls_playlist(target: Path, *, posing_as_mp4: bool = False) -> bytes:
    """An HLS playlist whose one segment is ``target``."""
    text = f"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nfile:{target}\n#EXT-X-ENDLIST\n"
    return _as_mp4(text.encode()) if posing_as_mp4 else text.encode()


def boxes(data: bytes) -> list[str]:
    """The top-level boxes of an MP4, in order (``+faststart`` puts moov before mdat)."""
    found, at = [], 0
    while at + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        if size == 1:
            size = struct.unpack(">Q", data[at + 8 : at + 16])[0]
        found.append(kind.decode("latin-1"))
        if size == 0:
            break
        at += size
    return found


def gradient_gif(size: tuple[int, int] = (31, 17), frames: int = 30) -> bytes:
    """Small, many colours, moving smoothly: its MP4 (enlarged 7 times) is smaller."""
    shots = []
    for index in range(frames):
        shot = Image.new("RGB", size)
        shot.putdata(
            [
                ((x * 8 + index * 3) % 256, (y * 8 + index * 5) % 256, (x * y + index) % 256)
                for y in range(size[1])
                for x in range(size[0])
            ]
        )
        shots.append(shot)
    out = io.BytesIO()
    shots[0].save(out, "GIF", save_all=True, append_images=shots[1:], duration=40, loop=0)
    return out.getvalue()


def icc_profile(space: bytes) -> bytes:
    """A colour profile: sRGB as LittleCMS makes it, or for ``space`` b"CMYK" a bare
    header of one (which LittleCMS cannot use, as with many a damaged print file)."""
    if space == b"RGB ":
        return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    header = bytearray(128)
    header[0:4] = (132).to_bytes(4, "big")
    header[12:16], header[16:20], header[20:24], header[36:40] = b"prtr", space, b"Lab ", b"acsp"
    return bytes(header) + b"\x00\x00\x00\x00"


def noise_picture(size: tuple[int, int]) -> bytes:
    """A PNG of random pixels (seeded): as large as a picture of its size gets."""
    image = Image.frombytes("RGB", size, random.Random(7).randbytes(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def png_of_chunks(count: int) -> bytes:
    """An 8 x 8 PNG with ``count`` empty private chunks before its pixels."""
    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 25 * 8)
    chunks = [_chunk(b"IHDR", header), _chunk(b"prVt", b"") * count, _chunk(b"IDAT", pixels)]
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks) + _chunk(b"IEND", b"")


def turned_on_its_side(mp4: bytes) -> bytes:
    """``mp4`` as a phone held upright records it: the frames as the sensor saw them, and
    a display matrix in the video track's header (tkhd) turning them by 90 degrees."""
    data = bytearray(mp4)
    at = data.index(b"tkhd")  # the first track: the video, as ffmpeg writes them
    times = 8 + 8 + 4 + 4 + 8 if data[at + 4] == 1 else 4 + 4 + 4 + 4 + 4
    matrix = at + 8 + times + 8 + 8
    data[matrix : matrix + 36] = struct.pack(">9i", 0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 1 << 30)
    return bytes(data)


def sticker_gif(size: tuple[int, int] = (240, 180), frames: int = 30) -> bytes:
    """An emoticon: a ball moving over a clear background (the page shows through)."""
    shots = []
    for index in range(frames):
        shot = Image.new("RGBA", size, (0, 0, 0, 0))
        left = index * 4 % (size[0] // 2)
        ImageDraw.Draw(shot).ellipse((left, 20, left + size[0] // 3, 20 + size[1] // 2), "red")
        shots.append(shot)
    out = io.BytesIO()
    shots[0].save(
        out, "GIF", save_all=True, append_images=shots[1:], duration=60, loop=0, disposal=2
    )
    return out.getvalue()


def mpo() -> bytes:
    """A JPEG as some cameras and phones write it: a second picture after the first,
    named in an MPF segment (Pillow calls the format MPO)."""
    first = Image.open(io.BytesIO(picture((600, 400))))
    second = Image.new("RGB", (600, 400), (0, 0, 255))
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[second])
    return out.getvalue()
