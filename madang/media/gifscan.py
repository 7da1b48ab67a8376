"""Count a GIF's frames and pixels by walking its blocks, decoding nothing.

Pillow's bomb check looks at one frame; a GIF of a few hundred kilobytes can
hold thousands of frames of a large canvas, and decoding them to find out
is the attack. The block structure (GIF89a: header, screen descriptor,
colour table, then extensions and images until the trailer) says it all:
each image descriptor is a frame, with its size; each graphic control
extension says how long the next frame shows. A file that ends before its
trailer is truncated. A frame that reaches past the canvas makes Pillow draw
on a larger one: the shape reports the canvas as drawn.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

LOOPING = b"NETSCAPE2.0"

TRAILER = 0x3B
EXTENSION = 0x21
IMAGE = 0x2C
GRAPHIC_CONTROL = 0xF9


class BadGif(ValueError):
    pass


@dataclass(frozen=True)
class GifShape:
    width: int  # the canvas, enlarged to hold every frame
    height: int
    frames: int
    pixels: int  # the sum of every frame's area
    duration_ms: int


def clean(data: bytes) -> bytes:
    """The same GIF with only what draws it: header, colour tables, frames, their
    timing and the loop count. Comments, plain-text blocks, application data
    (XMP and the like) and anything after the trailer are left out; the frames'
    bytes are copied as they are, so the pictures do not change."""
    if len(data) < 13 or data[:6] not in (b"GIF87a", b"GIF89a"):
        raise BadGif("not a GIF")
    flags = data[10]
    at = 13 + (3 * (2 ** ((flags & 0x07) + 1)) if flags & 0x80 else 0)
    kept = [data[:at]]
    while True:
        if at >= len(data):
            raise BadGif("truncated")
        block = data[at]
        if block == TRAILER:
            kept.append(b";")
            return b"".join(kept)
        if block == EXTENSION:
            label = data[at + 1] if at + 1 < len(data) else -1
            end = _skip_sub_blocks(data, at + 2)
            if label == GRAPHIC_CONTROL or (label == 0xFF and data[at + 3 : at + 14] == LOOPING):
                kept.append(data[at:end])
            at = end
        elif block == IMAGE:
            if at + 10 > len(data):
                raise BadGif("truncated")
            local = data[at + 9]
            start = at
            at += 10 + (3 * (2 ** ((local & 0x07) + 1)) if local & 0x80 else 0)
            end = _skip_sub_blocks(data, at + 1)
            kept.append(data[start:end])
            at = end
        else:
            raise BadGif(f"unknown block {block:#x}")


def _skip_sub_blocks(data: bytes, at: int) -> int:
    while True:
        if at >= len(data):
            raise BadGif("truncated")
        size = data[at]
        at += 1
        if size == 0:
            return at
        at += size


def scan(data: bytes, *, max_frames: int) -> GifShape:
    """The shape of the GIF in ``data``; ``BadGif`` when it is not one, or is cut short.
    Stops counting past ``max_frames`` (the caller refuses such a file anyway)."""
    if len(data) < 13 or data[:6] not in (b"GIF87a", b"GIF89a"):
        raise BadGif("not a GIF")
    width = int.from_bytes(data[6:8], "little")
    height = int.from_bytes(data[8:10], "little")
    flags = data[10]
    at = 13
    if flags & 0x80:
        at += 3 * (2 ** ((flags & 0x07) + 1))
    frames = pixels = duration = 0
    delay = 0
    while True:
        if at >= len(data):
            raise BadGif("truncated")
        block = data[at]
        at += 1
        if block == TRAILER:
            break
        if block == EXTENSION:
            if at >= len(data):
                raise BadGif("truncated")
            label = data[at]
            at += 1
            if label == GRAPHIC_CONTROL and at + 5 <= len(data):
                delay = int.from_bytes(data[at + 2 : at + 4], "little")
            at = _skip_sub_blocks(data, at)
        elif block == IMAGE:
            if at + 9 > len(data):
                raise BadGif("truncated")
            left, top, frame_width, frame_height = struct.unpack("<HHHH", data[at : at + 8])
            width, height = max(width, left + frame_width), max(height, top + frame_height)
            local = data[at + 8]
            at += 9
            if local & 0x80:
                at += 3 * (2 ** ((local & 0x07) + 1))
            at += 1  # LZW minimum code size
            at = _skip_sub_blocks(data, at)
            frames += 1
            pixels += max(frame_width * frame_height, 1)
            # Browsers show a delay under 2/100 s as 1/10 s; so does the conversion.
            duration += (delay if delay >= 2 else 10) * 10
            delay = 0
            if frames > max_frames:
                break
        else:
            raise BadGif(f"unknown block {block:#x}")
    if frames == 0:
        raise BadGif("no frames")
    return GifShape(width, height, frames, pixels, duration)
