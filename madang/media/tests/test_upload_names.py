"""The names files come with are never used: whatever they hold (paths, NUL, markup,
Korean, length), what is stored is named by the server under m/<2>/<key>/."""

from __future__ import annotations

from typing import Any

import pytest

from madang.media.models import Media
from madang.media.tests import samples
from madang.media.tests.uploading import assert_nothing_stored, stored_files

# The conversion runs when the upload commits, as it does in the worker.
pytestmark = pytest.mark.django_db(transaction=True)


NAMES = [
    "../../etc/passwd.jpg",
    "..\\..\\windows\\win.ini.jpg",
    "/etc/cron.d/x.jpg",
    "a\x00.php.jpg",
    "x" * 251 + ".jpg",
    "노을" * 120 + ".jpg",
    "노을 사진 (1).jpg",
    ".htaccess",
    "<script>alert(1)</script>.jpg",
]


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    """A form with one file, its name sent byte for byte (a browser's form would)."""
    boundary = "----madangboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("small_files_on_disk", [False, True])
def test_the_names_files_came_with_are_never_used(
    writer: Any, board: Any, settings: Any, small_files_on_disk: bool
) -> None:
    if small_files_on_disk:  # Django then keeps each upload in a temporary file of its own
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    data = samples.picture((200, 100))
    keys = []
    for name in NAMES:
        body, content_type = multipart(name, data)
        answer = writer.generic("POST", f"/{board.slug}/upload", body, content_type=content_type)
        assert answer.status_code == 201, (name, answer.content.decode())
        keys.append(answer.json()["key"])
    media = list(Media.objects.filter(key__in=keys))
    assert len(media) == len(NAMES) and all(m.state == Media.State.READY for m in media)
    allowed = {
        f"m/{m.key[:2]}/{m.key}/{role}.{ext}"
        for m in media
        for role in m.files
        for ext in ("jpg", "webp")
    }
    assert set(stored_files()) <= allowed
    assert stored_files("incoming") == []


def test_a_name_too_long_for_a_form_is_refused_before_the_upload(writer: Any, board: Any) -> None:
    """Django reads at most 1024 bytes of a part's headers: a longer name ends the request
    (400) before any of it is received."""
    body, content_type = multipart("x" * 5000 + ".jpg", samples.picture((200, 100)))
    answer = writer.generic("POST", f"/{board.slug}/upload", body, content_type=content_type)
    assert answer.status_code == 400
    assert_nothing_stored()


def test_a_name_too_long_for_the_form_is_answered_for_the_editor(writer: Any, board: Any) -> None:
    """Django refuses a part header over its limit; the editor still gets its JSON."""
    name = ("가" * 600 + ".jpg").encode()
    body = (
        b'--edge\r\nContent-Disposition: form-data; name="file"; filename="' + name + b'"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n" + samples.picture((40, 30)) + b"\r\n--edge--\r\n"
    )
    answer = writer.generic(
        "POST",
        f"/{board.slug}/upload",
        body,
        content_type="multipart/form-data; boundary=edge",
        headers={"Accept": "application/json"},  # as the editor asks
    )
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/json" and answer.json()["error"]
    assert_nothing_stored()
