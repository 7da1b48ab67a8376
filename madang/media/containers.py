"""Whether a file holds all it declares, by walking its structure and decoding nothing.

Decoders read what they need and stop: ffprobe reads a video's headers, Pillow
a picture's, so a file cut short (or padded with junk in place of its data)
passes them and fails later, in the worker, after it was taken. Each format
declares its own extent: ISO boxes (MP4, MOV, AVIF) and PNG chunks their
lengths, a WebM's segment its size, a JPEG's segments their lengths and its
image an end marker. The walks are bounded, so that a file of a million
tiny chunks costs no more than a real one: ``Damaged`` past the bound.
"""

from __future__ import annotations

import mmap
import re
import struct
from pathlib import Path

# A real MP4 has a few boxes at its top level, a fragmented one a few per second.
MAX_BOXES = 100_000
# A real PNG has a few chunks and its pixels in chunks of 8 to 64 kB.
MAX_CHUNKS = 20_000
# A real JPEG has a few dozen markers, a progressive one a few more.
MAX_MARKERS = 10_000
MATROSKA_SEGMENT = b"\x18\x53\x80\x67"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A JPEG marker: 0xFF (and any fill bytes) then a code that is not a stuffed zero,
# a restart marker or TEM, which stand alone inside the compressed data.
JPEG_MARKER = re.compile(rb"\xff+([^\x00\x01\xd0-\xd7\xff])")
JPEG_END = 0xD9


class Damaged(ValueError):
    pass


def check_boxes(path: Path, size: int) -> None:
    """Walk an ISO file's top-level boxes: a file cut short ends inside its last one."""
    at = count = 0
    with path.open("rb") as file:
        while at < size:
            file.seek(at)
            header = file.read(16)
            if len(header) < 8:
                raise Damaged("a box header cut short")
            length = struct.unpack(">I", header[:4])[0]
            if length == 0:  # the last box runs to the end of the file
                return
            if length == 1:
                if len(header) < 16:
                    raise Damaged("a box header cut short")
                length = struct.unpack(">Q", header[8:16])[0]
            count += 1
            if length < 8 or count > MAX_BOXES:
                raise Damaged("not boxes")
            at += length
    if at > size:
        raise Damaged("the last box is cut short")


def check_segment(head: bytes, size: int) -> None:
    """A WebM's segment declares its size, unless it was written as a stream."""
    try:
        header_size, at = _vint(head, 4)
        at += header_size
        if head[at : at + 4] != MATROSKA_SEGMENT:
            return
        segment_size, start = _vint(head, at + 4)
    except IndexError:
        raise Damaged("the header is cut short") from None
    if segment_size >= 0 and start + segment_size > size:
        raise Damaged("the segment is cut short")


def _vint(data: bytes, at: int) -> tuple[int, int]:
    """An EBML size at ``at``: its value (-1 for "unknown") and where the element starts."""
    first = data[at]
    length = 9 - first.bit_length()
    if length > 8:
        raise Damaged("not an EBML size")
    if at + length > len(data):
        raise IndexError(at + length)
    value = first & (0xFF >> length)
    for byte in data[at + 1 : at + length]:
        value = value << 8 | byte
    return (-1 if value == (1 << (7 * length)) - 1 else value), at + length


def check_png(path: Path, size: int) -> None:
    """Walk a PNG's chunks to its end chunk, each whole (Pillow checks their checksums)."""
    at, count = len(PNG_SIGNATURE), 0
    with path.open("rb") as file:
        if file.read(len(PNG_SIGNATURE)) != PNG_SIGNATURE:
            raise Damaged("not a PNG")
        while True:
            file.seek(at)
            header = file.read(8)
            if len(header) < 8:
                raise Damaged("no end chunk")
            length, kind = struct.unpack(">I4s", header)
            at += 12 + length
            count += 1
            if at > size or count > MAX_CHUNKS:
                raise Damaged("a chunk cut short, or too many")
            if kind == b"IEND":
                return


def check_jpeg(path: Path) -> None:
    """Walk a JPEG's segments, over its compressed data, to its end marker."""
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if data[:2] != b"\xff\xd8":
            raise Damaged("not a JPEG")
        at, count = 2, 0
        while True:
            found = JPEG_MARKER.search(data, at)  # type: ignore[call-overload]
            count += 1
            if found is None or count > MAX_MARKERS:
                raise Damaged("no end marker")
            marker, at = found.group(1)[0], found.end()
            if marker == JPEG_END:
                return
            if at + 2 > len(data):
                raise Damaged("a segment cut short")
            length = int.from_bytes(data[at : at + 2], "big")
            at += length
            if length < 2 or at > len(data):
                raise Damaged("a segment cut short")
