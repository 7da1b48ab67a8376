"""A set of animated GIFs like those posted on the boards, made here.

``small``: a reaction GIF; ``large``: a screen recording; ``pixel art``: a
tiny sprite loop; ``long``: a clip of many frames; ``heavy``: the 5 MB,
150-frame GIF of the media benchmark (noise is what makes a GIF heavy). The
media tests convert them and the benchmark measures them (docs/media.md).
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter


def save(frames: list[Image.Image], duration: int) -> bytes:
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=duration, loop=0)
    return out.getvalue()


def backdrop(size: tuple[int, int], seed: int) -> Image.Image:
    """A smooth, photo-like scene twice the frame's width: gradients and soft shapes,
    which a GIF's 256 colours can only show by dithering (what makes GIFs heavy)."""
    width, height = size[0] * 2, size[1]
    shade = random.Random(seed)
    sky = Image.linear_gradient("L").resize((width, height)).rotate(90, expand=False)
    scene = Image.merge(
        "RGB",
        (
            sky.point(lambda v: 60 + v // 2),
            sky.point(lambda v: 90 + v // 3),
            sky.point(lambda v: 200 - v // 4),
        ),
    )
    draw = ImageDraw.Draw(scene)
    for _ in range(12):
        x, y = shade.randrange(width), shade.randrange(height)
        radius = shade.randrange(height // 8, height // 3)
        colour = (shade.randrange(256), shade.randrange(256), shade.randrange(256))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    return scene.filter(ImageFilter.GaussianBlur(radius=max(2, height // 20)))


def clip(size: tuple[int, int], frames: int, seed: int, dither: bool) -> list[Image.Image]:
    """A camera panning over the backdrop, a ball crossing it, each frame in 256 colours."""
    scene = backdrop(size, seed)
    width, height = size
    shots = []
    for index in range(frames):
        left = index * width // max(1, frames)
        frame = scene.crop((left, 0, left + width, height))
        step = index * 7 % width
        ImageDraw.Draw(frame).ellipse(
            (step, height // 3, step + height // 5, height // 3 + height // 5), fill=(250, 220, 70)
        )
        method = Image.Dither.FLOYDSTEINBERG if dither else Image.Dither.NONE
        shots.append(frame.quantize(256, dither=method))
    return shots


def small() -> bytes:
    return save(clip((240, 180), 20, 1, dither=False), 80)


def large() -> bytes:
    return save(clip((800, 450), 60, 2, dither=True), 50)


def pixel_art() -> bytes:
    frames = []
    for index in range(16):
        sprite = Image.new("P", (32, 32), 0)
        sprite.putpalette([20, 20, 30, 240, 200, 40, 200, 60, 60, 80, 160, 220] + [0] * 756)
        draw = ImageDraw.Draw(sprite)
        draw.rectangle((8 + index % 4, 8, 23 + index % 4, 23), fill=1)
        draw.point([(12 + index % 4, 13), (19 + index % 4, 13)], fill=2)
        draw.line((4, 28, 28, 28), fill=3)
        frames.append(sprite)
    return save(frames, 100)


def long() -> bytes:
    return save(clip((320, 240), 600, 4, dither=False), 40)


def heavy() -> bytes:
    """About 5 MB in 150 frames."""
    return save(clip((440, 330), 150, 5, dither=True), 40)


SET = {"small": small, "large": large, "pixel art": pixel_art, "long": long, "heavy": heavy}
