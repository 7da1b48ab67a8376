"""Content hidden in a file that is taken (a page in a PNG, a GIF or an MP4): none of it
survives in any stored file."""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

import pytest

from madang.media.models import Media
from madang.media.tests import samples
from madang.media.tests.uploading import read, stored_files, upload

# The conversion runs when the upload commits, as it does in the worker.
pytestmark = pytest.mark.django_db(transaction=True)


def test_html_hidden_in_a_png_does_not_survive(writer: Any, board: Any) -> None:
    """A PNG that is also a page (a text chunk and a tail after the end): taken as the
    picture it is, and no file made from it holds a byte of the page."""
    data = samples.png_with_html()
    answer = upload(writer, board, "a.png", data)
    assert answer.status_code == 201, answer.content.decode()
    media = Media.objects.get(key=answer.json()["key"])
    assert media.state == Media.State.READY
    names = stored_files()
    assert names and all(name.startswith(f"m/{media.key[:2]}/{media.key}/") for name in names)
    for name in names:
        stored = read(name)
        assert b"<html" not in stored and b"script" not in stored and b"cookie" not in stored


PAGE = b"<html><script>alert(document.cookie)</script></html>"


def test_html_hidden_in_a_gif_does_not_survive(writer: Any, board: Any) -> None:
    """In a comment block, an application block and after the end: the GIF kept is the
    frames and their timing only."""
    gif = samples.gif((64, 48), frames=4, comment=PAGE)
    trailer = gif.rindex(b";")
    application = b"\x21\xff\x0bXMP DataXMP" + bytes([len(PAGE)]) + PAGE + b"\x00"
    data = gif[:trailer] + application + gif[trailer:] + PAGE
    answer = upload(writer, board, "a.gif", data, keep_gif="1")
    assert answer.status_code == 201, answer.content.decode()
    media = Media.objects.get(key=answer.json()["key"])
    assert media.state == Media.State.READY and media.frames == 4
    for name in stored_files():
        stored = read(name)
        assert b"<html" not in stored and b"script" not in stored, name


def test_html_hidden_in_an_mp4_does_not_survive(
    writer: Any, board: Any, clip: Callable[[str], bytes]
) -> None:
    """A box of its own at the end, and metadata: the MP4 copied keeps the streams only."""
    tail = struct.pack(">I", 8 + len(PAGE)) + b"free" + PAGE
    answer = upload(writer, board, "a.mp4", clip("h264.mp4") + tail)
    assert answer.status_code == 201, answer.content.decode()
    media = Media.objects.get(key=answer.json()["key"])
    assert media.state == Media.State.READY
    for name in stored_files():
        assert b"<html" not in read(name), name
