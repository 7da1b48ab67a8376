"""Pictures for the demo's picture posts (titles ending in .jpg or .gif).

Drawn here, like the GIFs of the benchmark (``gifset``), uploaded as a
member uploads, and converted at once, so that the demo shows pictures and
looping animations without waiting for a worker. Without ffmpeg the
animations stay GIFs, as uploads do.
"""

from __future__ import annotations

import functools
import io
import json
from html import escape

from django.core.files.uploadedfile import SimpleUploadedFile

from madang.accounts.pseudonym import author_ref_for
from madang.media import actions as media_actions
from madang.media import processing
from madang.site import gifset

VARIETY = 4  # different pictures of each kind: enough for a demo, drawn once


@functools.cache
def _still(seed: int) -> bytes:
    frame = gifset.backdrop((480, 360), seed).crop((0, 0, 480, 360))
    out = io.BytesIO()
    frame.save(out, "JPEG", quality=88)
    return out.getvalue()


@functools.cache
def _moving(seed: int) -> bytes:
    return gifset.save(gifset.clip((240, 180), 16, seed, dither=False), 100)


def picture(author_id: int, seed: int, *, moving: bool = False) -> str:
    """An attachment for a body: a picture (or an animation) uploaded by the member
    ``author_id`` and converted at once, rather than when a worker comes by."""
    data = _moving(seed % VARIETY) if moving else _still(seed % VARIETY)
    media = media_actions.receive(
        author_ref=author_ref_for(author_id),
        upload=SimpleUploadedFile("demo.gif" if moving else "demo.jpg", data),
    )
    processing.run(media.pk)
    attachment = escape(json.dumps({"media": media.key}), quote=True)
    return f'<figure data-trix-attachment="{attachment}"></figure>'


def with_picture(title: str, body: str, author_id: int, seed: int) -> str:
    """``body`` with a picture in front of it when ``title`` names one; else ``body``."""
    ending = title.rstrip().lower()
    if not ending.endswith((".jpg", ".gif")):
        return body
    return picture(author_id, seed, moving=ending.endswith(".gif")) + body
