"""``madang bench --media``: converting GIFs, and what a page of them weighs.

Each GIF of ``gifset`` goes through the same conversion as an upload
(``madang.media.processing.convert``: the cleaned GIF, its poster and
thumbnail, the MP4), three times; the table gives the median time and the
bytes. The page case is a post holding ten converted GIFs (two of each
kind): the bytes a reader fetches to see them all play (HTML of the
figures, posters, MP4s, or the GIF where it is served) against the GIFs.
"""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from madang.media import processing
from madang.media.models import Media
from madang.media.pictures import Made
from madang.site import gifset

ROUNDS = 3


@dataclass
class Converted:
    name: str
    gif_bytes: int
    seconds: float
    served_bytes: int  # what a reader fetches to see it play: MP4 (or GIF) and poster
    served: str  # "mp4" or "gif"

    @property
    def ratio(self) -> float:
        return self.served_bytes / self.gif_bytes


def _convert(data: bytes, folder: Path) -> tuple[float, list[Made], int]:
    source = folder / "upload.gif"
    source.write_bytes(data)
    started = time.perf_counter()
    made = processing.convert(Media(kind=Media.Kind.ANIMATION), source, folder)
    return time.perf_counter() - started, made, len(data)


def convert_set(rounds: int = ROUNDS) -> list[Converted]:
    rows = []
    for name, make in gifset.SET.items():
        data = make()
        times = []
        for _ in range(rounds):
            with tempfile.TemporaryDirectory(prefix="madang-bench-media-") as folder:
                seconds, made, _size = _convert(data, Path(folder))
                times.append(seconds)
                roles = {item.role: item.path.stat().st_size for item in made}
        served = "mp4" if "video" in roles else "gif"
        fetched = roles.get("video", roles["gif"]) + (roles["poster"] if served == "mp4" else 0)
        rows.append(Converted(name, len(data), statistics.median(times), fetched, served))
    return rows


def table(rows: list[Converted]) -> str:
    head = ("GIF", "GIF bytes", "served", "served bytes", "ratio", "median s")
    lines = ["{:<10} {:>11} {:>7} {:>13} {:>6} {:>9}".format(*head)]
    for row in rows:
        lines.append(
            f"{row.name:<10} {row.gif_bytes:>11,} {row.served:>7} {row.served_bytes:>13,} "
            f"{row.ratio:>6.2f} {row.seconds:>9.2f}"
        )
    gifs = sum(row.gif_bytes for row in rows) * 2
    served = sum(row.served_bytes for row in rows) * 2
    lines.append(
        f"page of 10 GIFs (2 of each): {gifs:,} bytes as GIFs, {served:,} bytes converted "
        f"({served / gifs:.2f} of the GIFs)"
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    lines.append(f"largest ffmpeg process: {peak:.0f} MB")
    return "\n".join(lines)
