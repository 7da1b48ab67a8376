"""Still pictures: decoded once, turned upright, written anew at display sizes.

Nothing of the uploaded file survives but its pixels: EXIF with GPS,
comments, anything appended after the image, a script hidden in a chunk.
Not even the colour profile, which may carry text of any kind: the pixels
are turned to sRGB through it (a CMYK or Display P3 photo keeps its
colours), and every size made is plain sRGB. The display sizes are WebP,
for ``srcset``; the "original" a reader may open is the picture at full
size (at most ``ORIGINAL_SIDE``), re-encoded in its own kind of format.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

WIDTHS = (480, 960, 1600)
ORIGINAL_SIDE = 4096
WEBP_QUALITY = 80
JPEG_QUALITY = 90
POSTER_WIDTH = 960
THUMB_SIDE = 144  # a list row shows it at 72 px, sharp on a phone
SRGB = ImageCms.createProfile("sRGB")
# Modes Pillow resizes with every filter (a palette only with the nearest pixel).
RESIZED_AS_THEY_ARE = ("RGB", "RGBA", "L", "CMYK")
ORIENTATION = 0x0112  # EXIF: how the camera was held
TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class Made:
    role: str
    path: Path
    mime: str
    width: int
    height: int


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _in_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """The pixels in sRGB, through the picture's own profile when LittleCMS can read it
    (and Pillow's plain conversion when it cannot)."""
    if not icc:
        return image
    if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        turned = ImageCms.profileToProfile(image, source, SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
    return turned or image


def _decoded(opened: Image.Image, form: str) -> Image.Image:
    """The pixels, at most ``ORIGINAL_SIDE`` on a side, with as little held at once as
    may be: a JPEG decoded at the smallest of libjpeg's scales (1/2, 1/4, 1/8) that
    keeps three quarters of that side, any picture reduced before anything copies it
    (a 7000 x 7000 PNG is 150 MB decoded; five copies of it were too many)."""
    if form == "jpeg":
        longest = max(opened.size)
        scale = next(s for s in (8, 4, 2, 1) if s == 1 or longest / s >= ORIGINAL_SIDE * 3 / 4)
        if scale > 1:
            opened.draft("RGB", (max(1, opened.width // scale), max(1, opened.height // scale)))
    opened.load()
    image: Image.Image = opened
    if image.mode not in RESIZED_AS_THEY_ARE or "transparency" in image.info:
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    if max(image.size) > ORIGINAL_SIDE:
        image = _fit(image, ORIGINAL_SIDE, height=ORIGINAL_SIDE)
    return image


def _upright(image: Image.Image, orientation: int = 1, icc: bytes | None = None) -> Image.Image:
    """The pixels, turned as the camera meant, in sRGB, and nothing else: Pillow would
    write what it read (a JPEG comment, EXIF, the profile) into what it saves from
    ``info``."""
    if orientation in TURNS:
        image = image.transpose(TURNS[orientation])
    mode = "RGBA" if _has_alpha(image) else "RGB"
    image = _in_srgb(image, icc)
    pixels = image if image.mode == mode else image.convert(mode)
    pixels.info = {}
    return pixels


def _fit(image: Image.Image, width: int, height: int | None = None) -> Image.Image:
    """``image`` reduced to ``width`` (and ``height``, when given), never enlarged."""
    scale = min(width / image.width, (height or image.height) / image.height)
    if scale >= 1:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _webp(image: Image.Image, path: Path, role: str) -> Made:
    image.save(path, "WEBP", quality=WEBP_QUALITY, method=4)
    return Made(role, path, "image/webp", image.width, image.height)


def _thumb(image: Image.Image, out: Path) -> Made:
    square = ImageOps.fit(image, (THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return _webp(square, out / "thumb.webp", "thumb")


def _original(image: Image.Image, form: str, out: Path) -> Made:
    if form == "png" or (form in ("gif", "avif", "webp") and image.mode == "RGBA"):
        path = out / "original.png"
        image.save(path, "PNG", optimize=True)
        return Made("original", path, "image/png", image.width, image.height)
    if form == "webp":
        path = out / "original.webp"
        image.save(path, "WEBP", quality=90)
        return Made("original", path, "image/webp", image.width, image.height)
    path = out / "original.jpg"
    image.save(path, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return Made("original", path, "image/jpeg", image.width, image.height)


def still(source: Path, form: str, out: Path) -> list[Made]:
    """The original and the display sizes of the picture at ``source``."""
    with Image.open(source) as opened:
        orientation = opened.getexif().get(ORIENTATION, 1)
        icc = opened.info.get("icc_profile")
        image = _upright(_decoded(opened, form), orientation, icc)
    made = [_original(image, form, out)]
    for width in WIDTHS:  # each size below the picture's own, and one at (or near) it
        made.append(_webp(_fit(image, width), out / f"w{width}.webp", f"w{width}"))
        if width >= image.width:
            break
    made.append(_thumb(image, out))
    return made


def poster(source: Path, out: Path) -> list[Made]:
    """The first frame of an animation or a frame of a video, for the player to show
    before it plays, and as the list's thumbnail."""
    with Image.open(source) as opened:
        opened.seek(0)
        image = _upright(opened.convert("RGBA"))
    return [_webp(_fit(image, POSTER_WIDTH), out / "poster.webp", "poster"), _thumb(image, out)]


def shows_through(source: Path) -> bool:
    """Whether an animation's first frame has clear pixels (an emoticon on a clear
    background): a video cannot keep them, and the page would meet a solid box."""
    with Image.open(source) as opened:
        opened.seek(0)
        alpha = opened.convert("RGBA").getchannel("A")
    return bool(alpha.getextrema()[0] < 255)  # type: ignore[operator]
