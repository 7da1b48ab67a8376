"""What one upload may be (settings.MADANG_MEDIA_LIMITS, from the environment)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Limits:
    image_bytes: int
    video_bytes: int
    pixels: int  # one frame
    frame_pixels: int  # all frames of an animation together
    frames: int
    side: int
    video_seconds: int
    video_side: int
    video_fps: int
    daily_bytes: int
    daily_files: int

    @property
    def upload_bytes(self) -> int:
        """The most any upload may send before its content is known."""
        return max(self.image_bytes, self.video_bytes)


def current() -> Limits:
    return Limits(**settings.MADANG_MEDIA_LIMITS)
