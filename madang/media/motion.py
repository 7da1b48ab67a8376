"""Moving pictures through ffmpeg: an animated GIF as a small looping MP4, and
uploaded videos as H.264/AAC MP4 that every browser plays.

The MP4 is what browsers play best and pages weigh least with: H.264 in
``yuv420p`` (which needs even sides, made by cropping one pixel, never by
scaling), ``+faststart`` so that it plays before it has all arrived. Tiny
pixel art is enlarged by whole steps first, with nearest-neighbour, so that
it stays crisp. A video already in that shape is copied, not encoded again.
"""

from __future__ import annotations

from pathlib import Path

from madang.media import tools
from madang.media.limits import current
from madang.media.probe import Probe

VIDEO_SIDE = 1920  # the largest side of a transcoded video
PIXEL_ART_SIDE = 240  # an animation smaller than this is enlarged by whole steps
H264 = ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-threads", "2"]
OUTPUT = ["-movflags", "+faststart", "-map_metadata", "-1", "-map_chapters", "-1"]


def _seconds(duration_ms: int) -> float:
    """How long ffmpeg may take: four times the clip, and a minute (the longest clip
    allowed when its length is unknown)."""
    return 60 + 4 * (duration_ms or current().video_seconds * 1000) / 1000


def _input(form: str, source: Path) -> list[str]:
    return ["-protocol_whitelist", "file", "-f", form, "-i", tools.file_url(source)]


FIT = (
    f"scale='min({VIDEO_SIDE},iw)':'min({VIDEO_SIDE},ih)'"
    ":force_original_aspect_ratio=decrease:force_divisible_by=2"
)


def gif_to_mp4(source: Path, shape: Probe, out: Path) -> Path:
    """The MP4 of an animated GIF: pixel art enlarged, a GIF wider than phones decode
    reduced (to ``VIDEO_SIDE``), any other at its own size but for a pixel cropped from
    an odd side."""
    steps = max(1, PIXEL_ART_SIDE // max(shape.width, shape.height))
    filters = [f"scale=iw*{steps}:ih*{steps}:flags=neighbor"] if steps > 1 else []
    if max(shape.width, shape.height) > VIDEO_SIDE:
        filters.append(FIT)
    filters.append("crop=trunc(iw/2)*2:trunc(ih/2)*2:0:0")
    target = out / "video.mp4"
    tools.run(
        "ffmpeg",
        [
            *_input("gif", source),
            "-vf", ",".join(filters),
            *H264, "-crf", "23", "-tune", "animation",
            "-fps_mode", "vfr", "-an",
            *OUTPUT, "-f", "mp4", tools.file_url(target),
        ],
        seconds=_seconds(shape.duration_ms),
    )  # fmt: skip
    return target


def passes_as_is(shape: Probe) -> bool:
    """An upload browsers already play everywhere: H.264 in 4:2:0, AAC or no sound,
    in an MP4 or MOV, no larger than what a transcode would make."""
    return (
        shape.format in ("mp4", "mov")
        and shape.video_codec == "h264"
        and shape.pixel_format in ("yuv420p", "yuvj420p")
        and shape.audio_codec in ("", "aac")
        and max(shape.width, shape.height) <= VIDEO_SIDE
    )


def video_to_mp4(source: Path, shape: Probe, out: Path) -> Path:
    target = out / "video.mp4"
    demuxer = "matroska" if shape.format == "webm" else "mov"
    if passes_as_is(shape):
        codecs = ["-map", "0:v:0", "-map", "0:a:0?", "-c", "copy"]
    else:
        codecs = [
            "-map", "0:v:0", "-map", "0:a:0?",
            "-vf", FIT, *H264, "-crf", "23",
            "-c:a", "aac", "-b:a", "128k", "-ac", "2",
        ]  # fmt: skip
    tools.run(
        "ffmpeg",
        [*_input(demuxer, source), *codecs, "-sn", "-dn", *OUTPUT,
         "-t", str(current().video_seconds), "-f", "mp4", tools.file_url(target)],
        seconds=_seconds(shape.duration_ms),
    )  # fmt: skip
    return target


def video_poster(video: Path, shape: Probe, out: Path) -> Path:
    """A frame from early in the video (a PNG, re-encoded by ``pictures``); the first
    frame when there is none at that time (a video of one frame, or a picture shorter
    than its sound: ffmpeg then writes nothing, and says nothing)."""
    target = out / "frame.png"
    at = min(1.0, shape.duration_ms / 2000)
    for seek in ([] if at <= 0 else ["-ss", f"{at:.2f}"], []):
        tools.run(
            "ffmpeg",
            [
                "-protocol_whitelist", "file", *seek, "-f", "mov",
                "-i", tools.file_url(video),
                "-frames:v", "1", "-f", "image2", "-c:v", "png", tools.file_url(target),
            ],
            seconds=30,
        )  # fmt: skip
        if target.exists():
            return target
    raise tools.ToolFailed("ffmpeg", "no frame in the video")
