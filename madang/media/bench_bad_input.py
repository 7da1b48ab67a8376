"""How long the probe takes to answer each kind of bad upload, and the memory it needs.

``python -m madang.media.bench_bad_input`` (or ``run()`` from ``madang bench``) writes
each case to a file, then probes it in a fresh process of its own, as a web worker
would receive it (Django set up, the site's limits), and prints a table: the answer,
the seconds the probe took, the peak resident memory of that process (it includes
Python and Django: the first row, a small valid JPEG, is the floor) and of the tools
it ran (ffprobe; an upper bound, as it counts the pages a tool shares with the
process that started it). Each case at the size that costs most within the default limits.
"""

from __future__ import annotations

import io
import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from madang.media.tests import samples

MB = 1024 * 1024


@dataclass
class Row:
    case: str
    bytes: int
    answer: str
    seconds: float
    peak_mb: float
    tools_peak_mb: float


def _cut(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


def _jpeg(size: tuple[int, int], **save: object) -> bytes:
    from PIL import Image

    noise = Image.effect_noise(size, 64).convert("RGB")
    out = io.BytesIO()
    noise.save(out, "JPEG", quality=85, **save)
    return out.getvalue()


def _png_bomb() -> bytes:
    """7000 x 7000 of zeros (within the pixel limit), deflated to a few dozen kilobytes."""
    rows = zlib.compressobj(9)
    line = b"\x00" * (1 + 7000 * 3)
    data = b"".join(rows.compress(line) for _ in range(7000)) + rows.flush()
    return _png(7000, 7000, [(b"IDAT", data)])


def _png(width: int, height: int, chunks: list[tuple[bytes, bytes]]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = b"".join(chunk(kind, data) for kind, data in chunks)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + body + chunk(b"IEND", b"")


def _gif_of_tiny_sub_blocks() -> bytes:
    """One frame whose 18 MB of data come in sub-blocks of one byte each."""
    head = samples.raw_gif((64, 64), [], tail=b"")
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, 64, 64, 0) + b"\x08"
    return head + frame + b"\x01\x00" * (9 * MB) + b"\x00;"


def _video(folder: Path, **options: Any) -> bytes:
    return samples.video(folder, **options)


def cases(folder: Path) -> dict[str, Callable[[], bytes]]:
    s = samples
    target = folder / "secret.ts"
    target.write_bytes(b"\x47" * 188)
    return {
        "floor: a valid 64x64 JPEG": lambda: s.picture((64, 64)),
        "SVG with a script": lambda: s.SVG,
        "HTML in a PNG (taken)": lambda: s.png_with_html(),
        "PNG declaring 100000x100000": lambda: s.png_declaring(100_000, 100_000),
        "PNG bomb 7000x7000 (taken)": _png_bomb,
        "PNG of a million chunks": lambda: s.png_of_chunks(1_000_000),
        "GIF frame flood": lambda: s.frame_flood_gif(),
        "GIF of 5000 frames": lambda: s.many_frames_gif(5000),
        "GIF of 1-byte sub-blocks (18 MB)": _gif_of_tiny_sub_blocks,
        "GIF frame past its canvas": lambda: s.raw_gif((10, 10), [(10, 10), (30000, 30000)]),
        "truncated JPEG 6000x4000": lambda: _cut(_jpeg((6000, 4000))),
        "truncated progressive JPEG 8000x6000": lambda: _cut(_jpeg((8000, 6000), progressive=True)),
        "whole progressive JPEG 6500x4800 (taken)": lambda: _jpeg((6500, 4800), progressive=True),
        "truncated PNG": lambda: _cut(s.picture((2000, 1500), "PNG")),
        "truncated GIF": lambda: _cut(s.gif((640, 480), frames=40)),
        "truncated WebP": lambda: _cut(s.picture((2000, 1500), "WEBP")),
        "truncated AVIF": lambda: _cut(s.picture((1000, 800), "AVIF")),
        "truncated MP4 (moov last)": lambda: _cut(_video(folder, name="a", seconds=4)),
        "truncated MP4 (moov first)": lambda: _cut(
            _video(folder, name="b", seconds=4, extra=("-movflags", "+faststart"))
        ),
        "truncated WebM": lambda: _cut(
            _video(folder, name="c", form="webm", codec="libvpx-vp9", seconds=2)
        ),
        "whole MP4 (taken)": lambda: _video(folder, name="d", seconds=4),
        "HLS playlist": lambda: s.hls_playlist(target),
        "ffconcat list": lambda: s.concat_list(target),
        "ffconcat list boxed as an MP4": lambda: s.concat_list(target, posing_as_mp4=True),
    }


def _probe_one(path: Path) -> dict[str, object]:
    """In the fresh process: set Django up, probe ``path``, report."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madang.settings")
    django.setup()
    from madang.media.limits import current
    from madang.media.probe import Unacceptable, probe

    limits = current()
    started = time.perf_counter()
    try:
        found = probe(path, limits)
        answer = f"taken: {found.kind} {found.format} {found.width}x{found.height}"
    except Unacceptable as refused:
        answer = f"refused: {refused.code}"
    seconds = time.perf_counter() - started
    return {
        "answer": answer,
        "seconds": seconds,
        "peak_mb": _high_water_mark_mb(),
        # In kilobytes on Linux; a forked tool's count starts with its parent's pages.
        "tools_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _high_water_mark_mb() -> float:
    """This process's peak resident memory since it started its program (VmHWM; the
    rusage figure would carry over the peak of the process that started it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(only: tuple[str, ...] = ()) -> list[Row]:
    """Every case (or those named in ``only``), each probed in a process of its own."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="madang-bench-bad-") as name:
        folder = Path(name)
        for case, make in cases(folder).items():
            if only and case not in only:
                continue
            path = folder / "upload"
            path.write_bytes(make())
            out = subprocess.run(  # noqa: S603 (this interpreter, this module)
                [sys.executable, "-m", "madang.media.bench_bad_input", "--one", str(path)],
                check=True,
                capture_output=True,
            ).stdout
            found = json.loads(out.decode().strip().splitlines()[-1])
            rows.append(Row(case, path.stat().st_size, **found))
    return rows


def table(rows: list[Row]) -> str:
    lines = [f"{'case':<40} {'bytes':>10} {'seconds':>8} {'peak MB':>8} {'tools MB':>8}  answer"]
    for row in rows:
        lines.append(
            f"{row.case:<40} {row.bytes:>10} {row.seconds:>8.3f} {row.peak_mb:>8.1f}"
            f" {row.tools_peak_mb:>8.1f}  {row.answer}"
        )
    return "\n".join(lines)


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(_probe_one(Path(sys.argv[2]))))
        return
    print(table(run()))


if __name__ == "__main__":
    main()
