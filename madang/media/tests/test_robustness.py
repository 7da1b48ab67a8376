"""What happens when things go wrong: nothing is left behind by a failed upload or
conversion, a conversion is tried again and then given up on in words, and one the
queue lost is sent again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from madang.boards.models import Post
from madang.core import queue
from madang.media import actions, files, processing
from madang.media.models import Media
from madang.media.tests import samples
from madang.media.tests.uploading import (
    age,
    assert_nothing_stored,
    attachment,
    made_names,
    stored_files,
    upload,
    uploaded,
)
from madang.writing import submit

pytestmark = pytest.mark.django_db(transaction=True)

PICTURE = samples.picture((300, 200))


def test_a_row_that_cannot_be_written_leaves_no_file(
    writer: Any, board: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**_fields: object) -> Media:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Media.objects, "create", broken)
    writer.raise_request_exception = False
    assert upload(writer, board, "a.jpg", PICTURE).status_code == 500
    assert_nothing_stored()
    with pytest.raises(RuntimeError):
        actions.receive(author_ref="x" * 10, upload=SimpleUploadedFile("a.jpg", PICTURE))
    assert_nothing_stored()


def test_a_file_that_cannot_be_stored_leaves_nothing(
    writer: Any, board: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(name: str, path: Any) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "save", full)
    writer.raise_request_exception = False
    assert upload(writer, board, "a.jpg", PICTURE).status_code == 500
    assert_nothing_stored()


def converting_fails(monkeypatch: pytest.MonkeyPatch, times: int) -> list[int]:
    """The converter fails its first ``times`` runs; the attempts it saw, in order."""
    seen: list[int] = []
    real = processing.convert

    def convert(media: Media, source: Any, work: Any) -> Any:
        seen.append(media.attempts)
        if len(seen) <= times:
            raise RuntimeError("ffmpeg was killed")
        return real(media, source, work)

    monkeypatch.setattr(processing, "convert", convert)
    return seen


def test_a_failed_conversion_is_tried_again_later(
    writer: Any, board: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[timedelta] = []
    real_enqueue = queue.enqueue

    def enqueue(task: Any, *args: Any, **kwargs: Any) -> None:
        if task.run_after is not None:
            waits.append(task.run_after - timezone.now())
        real_enqueue(task, *args, **kwargs)

    monkeypatch.setattr(queue, "enqueue", enqueue)
    seen = converting_fails(monkeypatch, times=1)
    media = uploaded(writer, board, "a.jpg", PICTURE)
    assert media.state == Media.State.READY and media.attempts == 2
    assert len(seen) == 2
    assert len(waits) == 1 and timedelta(seconds=5) < waits[0] <= queue.RETRY_DELAYS[0]
    assert set(stored_files()) == made_names(media)  # the first try left nothing


def test_the_waits_grow_and_then_the_upload_fails(
    writer: Any, board: Any, member: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[timedelta] = []
    real_enqueue = queue.enqueue

    def enqueue(task: Any, *args: Any, **kwargs: Any) -> None:
        if task.run_after is not None:
            waits.append(task.run_after - timezone.now())
        if args and isinstance(args[0], int) and task.run_after is None:
            return  # the first run waits until the post is written
        real_enqueue(task, *args, **kwargs)

    monkeypatch.setattr(queue, "enqueue", enqueue)
    answer = upload(writer, board, "a.jpg", PICTURE)
    key = answer.json()["key"]
    post, _ = submit.write_post(member=member, board=board, title="사진", body=attachment(key))
    assert "처리 중" in post.body_html

    converting_fails(monkeypatch, times=99)
    processing.process_media.call(Media.objects.get(key=key).pk)
    media = Media.objects.get(key=key)
    assert media.state == Media.State.FAILED and media.attempts == 4
    assert [round(wait.total_seconds() / 10) for wait in waits] == [1, 6, 30]
    assert stored_files() == []  # the file as received is gone, nothing was made
    body = Post.objects.get(pk=post.pk).body_html
    assert "처리 중" not in body
    assert "변환하지 못했습니다. 다른 파일로 올려 주세요." in body
    page = writer.get(post.get_absolute_url()).content.decode()
    assert "변환하지 못했습니다" in page and "처리 중" not in page


def test_a_failure_while_storing_leaves_no_stray_files(
    writer: Any, board: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sizes stored before the failure are not left behind when it is tried again."""
    real = files.save
    calls = []

    def save(name: str, path: Any) -> str:
        calls.append(name)
        if len(calls) == 3:
            raise OSError("the storage hiccuped")
        return real(name, path)

    monkeypatch.setattr(files, "save", save)
    media = uploaded(writer, board, "a.jpg", samples.picture((1200, 800)))
    assert media.state == Media.State.READY
    assert set(stored_files()) == made_names(media)


def test_a_failure_after_storing_leaves_no_stray_files(
    writer: Any, board: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = processing._finish
    calls = []

    def finish(media: Media, state: str, **kwargs: Any) -> bool:
        calls.append(state)
        if len(calls) == 1:
            raise RuntimeError("the database went away")
        return real(media, state, **kwargs)

    monkeypatch.setattr(processing, "_finish", finish)
    media = uploaded(writer, board, "a.jpg", PICTURE)
    assert media.state == Media.State.READY and media.attempts == 2
    assert set(stored_files()) == made_names(media)


def test_a_run_that_another_finished_first_leaves_its_files_behind_it(
    writer: Any, board: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A task delivered twice: the run that records second deletes what it made."""
    real = processing.convert
    first: list[Media] = []

    def convert(media: Media, source: Any, work: Any) -> Any:
        made = real(media, source, work)
        if not first:  # meanwhile, another run of the task gave up on it
            first.append(media)
            Media.objects.filter(pk=media.pk).update(state=Media.State.FAILED, files={})
        return made

    monkeypatch.setattr(processing, "convert", convert)
    media = uploaded(writer, board, "a.jpg", PICTURE)
    assert media.state == Media.State.FAILED and media.files == {}
    assert stored_files("m") == []


def lost_upload(writer: Any, board: Any, monkeypatch: pytest.MonkeyPatch) -> Media:
    """An upload whose task the queue lost (away as it was sent, or a worker killed)."""
    with monkeypatch.context() as patch:
        patch.setattr(queue, "enqueue", lambda task, *args, **kwargs: None)
        answer = upload(writer, board, "a.jpg", PICTURE)
    return Media.objects.get(key=answer.json()["key"])


def test_an_upload_the_queue_lost_is_sent_again(
    writer: Any, board: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    media = lost_upload(writer, board, monkeypatch)
    assert media.state == Media.State.PENDING
    assert processing.resend_stalled() == 0  # it may still be waiting its turn
    age(media, created_at=processing.STALLED + timedelta(minutes=1))
    assert processing.resend_stalled() == 1
    media.refresh_from_db()
    assert media.state == Media.State.READY and media.attempts == 1
    assert processing.resend_stalled() == 0


def test_an_upload_stalled_after_its_last_try_or_for_a_day_fails(
    writer: Any, board: Any, member: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    tried = lost_upload(writer, board, monkeypatch)
    Media.objects.filter(pk=tried.pk).update(attempts=len(queue.RETRY_DELAYS) + 1)
    age(tried, created_at=processing.STALLED + timedelta(minutes=1))
    old = lost_upload(writer, board, monkeypatch)
    age(old, created_at=processing.GIVEN_UP + timedelta(minutes=1))
    post, _ = submit.write_post(member=member, board=board, title="사진", body=attachment(old.key))
    processing.resend_stalled()
    for media in (tried, old):
        media.refresh_from_db()
        assert media.state == Media.State.FAILED and media.error == "conversion"
    assert stored_files() == []
    assert "처리 중" not in Post.objects.get(pk=post.pk).body_html
