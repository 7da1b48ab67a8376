"""What an upload is, decided by its content: Pillow for pictures, ffprobe for video.

The name the file came with and the type the browser declared are never
asked. Everything here reads headers and structure, not pixels, so that a
hostile file is refused before it costs anything: a picture's size before
its pixels are decoded, a GIF's frames by walking its blocks (``gifscan``),
a video's streams by ffprobe told which container to read. A file must
hold all it declares (``containers``: ffprobe and Pillow read only
headers); a JPEG is also decoded at an eighth of its size (unless it is
progressive), which finds damaged data, and a PNG's chunks are checked
against their checksums.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, fields
from fractions import Fraction
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from madang.media import containers, gifscan, tools
from madang.media.limits import Limits

PICTURE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "AVIF")
VIDEO_CODECS = {"h264", "hevc", "vp8", "vp9", "av1", "mpeg4"}
MATROSKA_MAGIC = b"\x1a\x45\xdf\xa3"
# The boxes an MP4 or a QuickTime movie may begin with: a file type box, or, in older
# QuickTime files, the movie itself, its media data, or padding before them.
QUICKTIME_BOXES = {b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}
# ISO files that hold a still picture (AVIF, HEIF), not a video; Pillow reads them.
STILL_BRANDS = {b"avif", b"avis", b"mif1", b"msf1", b"heic", b"heix", b"heim", b"heis"}
HEAD_BYTES = 256
PROBE_SECONDS = 10


UNLIMITED = Limits(**{field.name: 2**62 for field in fields(Limits)})


class Unacceptable(Exception):
    """The upload is refused; ``code`` names why (``madang.media.messages``)."""

    def __init__(self, code: str, *, retry_after: int | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.retry_after = retry_after  # seconds until it may be tried again (a quota)


@dataclass(frozen=True)
class Probe:
    kind: str  # a Media.Kind value
    format: str  # jpeg, png, webp, gif, avif, mp4, mov, webm
    width: int
    height: int
    frames: int = 1
    duration_ms: int = 0
    video_codec: str = ""
    pixel_format: str = ""
    audio_codec: str = ""
    fps: float = 0.0


def probe(path: Path, limits: Limits) -> Probe:
    size = path.stat().st_size
    if size == 0:
        raise Unacceptable("empty")
    with path.open("rb") as file:
        head = file.read(HEAD_BYTES)
    demuxer = _demuxer(head)
    video = bool(demuxer) and not _holds_a_still(head)
    if size > (limits.video_bytes if video else limits.image_bytes):
        raise Unacceptable("too_large")
    try:
        if demuxer == "mov":
            containers.check_boxes(path, size)
        elif demuxer == "matroska":
            containers.check_segment(head, size)
        elif head.startswith(containers.PNG_SIGNATURE):
            containers.check_png(path, size)  # before Pillow reads a million chunks
        elif head.startswith(b"\xff\xd8"):
            containers.check_jpeg(path)
    except containers.Damaged:
        raise Unacceptable("damaged") from None
    return _video(path, demuxer, limits) if video else _picture(path, limits)


def made_video(path: Path) -> Probe:
    """What an MP4 made here is, as a browser will meet it. It was made from an upload
    within the limits, and may differ from it (a GIF has no video limits; a transcode
    may come out a frame longer): no limit applies."""
    return _video(path, "mov", UNLIMITED)


def _demuxer(head: bytes) -> str:
    """The container ffmpeg is told to read, from the first bytes ("" for none)."""
    if head[4:8] in QUICKTIME_BOXES:
        return "mov"
    if head[:4] == MATROSKA_MAGIC:
        return "matroska"
    return ""


def _holds_a_still(head: bytes) -> bool:
    """Whether an ISO file's brands (major and compatible) name a still-picture format."""
    length = min(int.from_bytes(head[:4], "big"), len(head))
    brands = [head[8:12]] + [head[at : at + 4] for at in range(16, length - 3, 4)]
    return any(brand in STILL_BRANDS for brand in brands)


def _picture(path: Path, limits: Limits) -> Probe:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(path, formats=PICTURE_FORMATS)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise Unacceptable("pixels") from None
        except UnidentifiedImageError:
            raise Unacceptable("type") from None
        except (OSError, SyntaxError, ValueError):
            raise Unacceptable("damaged") from None
        with image:
            width, height = image.size
            form = (image.format or "").lower()
            if form == "mpo":  # a camera's JPEG with a second picture after the first
                form = "jpeg"
            _check_area(width, height, limits)
            if form == "gif":
                return _gif(path, width, height, limits)
            _check_whole(image, form, width, height)
    return Probe("image", form, width, height)


def _check_area(width: int, height: int, limits: Limits) -> None:
    if width < 1 or height < 1:
        raise Unacceptable("damaged")
    if max(width, height) > limits.side or width * height > limits.pixels:
        raise Unacceptable("pixels")


def _check_whole(image: Image.Image, form: str, width: int, height: int) -> None:
    """Find damaged data without decoding it at full size. A progressive JPEG is not
    decoded at all: libjpeg holds all of its coefficients, whatever the scale (its
    segments were walked to its end)."""
    try:
        if form == "jpeg" and not image.info.get("progressive"):
            image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
        elif form == "png":
            image.verify()
    except (OSError, SyntaxError, ValueError):
        raise Unacceptable("damaged") from None


def _gif(path: Path, width: int, height: int, limits: Limits) -> Probe:
    try:
        shape = gifscan.scan(path.read_bytes(), max_frames=limits.frames)
    except gifscan.BadGif:
        raise Unacceptable("damaged") from None
    if shape.frames > limits.frames:
        raise Unacceptable("frames")
    _check_area(shape.width, shape.height, limits)  # a later frame may enlarge the canvas
    # Each frame is drawn on the whole canvas: that is what decoding it costs.
    if shape.frames * shape.width * shape.height > limits.frame_pixels:
        raise Unacceptable("frames")
    kind = "animation" if shape.frames > 1 else "image"
    return Probe(kind, "gif", width, height, frames=shape.frames, duration_ms=shape.duration_ms)


def _video(path: Path, demuxer: str, limits: Limits) -> Probe:
    if not tools.available():
        raise Unacceptable("video_unsupported")
    try:
        out = tools.run(
            "ffprobe",
            [
                "-protocol_whitelist", "file",
                "-f", demuxer,
                "-show_format", "-show_streams",
                "-of", "json",
                tools.file_url(path),
            ],
            seconds=PROBE_SECONDS,
        )  # fmt: skip
        found = json.loads(out or b"{}")
    except (tools.ToolFailed, ValueError):
        raise Unacceptable("damaged") from None
    streams = found.get("streams", [])
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    if video is None or video.get("codec_name") not in VIDEO_CODECS:
        raise Unacceptable("type")
    width, height = int(video.get("width") or 0), int(video.get("height") or 0)
    if width < 2 or height < 2:
        raise Unacceptable("damaged")
    if _turned_by(video) % 180 == 90:  # filmed upright: shown as the matrix turns it
        width, height = height, width
    if max(width, height) > limits.video_side:
        raise Unacceptable("resolution")
    fps = _rate(video.get("avg_frame_rate")) or _rate(video.get("r_frame_rate"))
    if fps > limits.video_fps:
        raise Unacceptable("fps")
    seconds = float(found.get("format", {}).get("duration") or video.get("duration") or 0)
    if seconds <= 0 and demuxer != "matroska":
        raise Unacceptable("damaged")
    # A WebM from a browser's recorder has no duration in its header: its length is
    # unknown (0) here, and its conversion stops at the length limit.
    if seconds > limits.video_seconds:
        raise Unacceptable("too_long")
    return Probe(
        "video",
        _container(demuxer, found.get("format", {})),
        width,
        height,
        duration_ms=int(seconds * 1000),
        video_codec=video["codec_name"],
        pixel_format=video.get("pix_fmt", ""),
        audio_codec=(audio or {}).get("codec_name", ""),
        fps=fps,
    )


def _turned_by(stream: dict[str, object]) -> int:
    """The degrees a video stream's display matrix turns it (phones film upright videos
    on their side and say so); ffmpeg applies it when it decodes."""
    for data in stream.get("side_data_list") or []:  # type: ignore[attr-defined]
        if isinstance(data, dict) and "rotation" in data:
            return round(float(data["rotation"])) % 360
    rotate = (stream.get("tags") or {}).get("rotate", 0)  # type: ignore[attr-defined]
    try:
        return round(float(rotate)) % 360
    except ValueError:
        return 0


def _rate(value: object) -> float:
    try:
        rate = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return 0.0
    return float(rate)


def _container(demuxer: str, form: dict[str, object]) -> str:
    if demuxer == "matroska":
        return "webm"
    brand = str((form.get("tags") or {}).get("major_brand", "")).strip()  # type: ignore[attr-defined]
    return "mov" if brand == "qt" else "mp4"
