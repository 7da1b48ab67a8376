"""The conversion task: what an upload becomes, made in the worker.

Pictures get their display sizes and a clean original (``pictures``); an
animated GIF a looping MP4 unless the writer kept it as a GIF, the page
shows through it (H.264 has no transparency), or the MP4 is not smaller
(``motion``); a video an MP4 browsers play, with a poster.
The file as received is deleted once what was made from it is stored.

A failure is tried again later (``madang.core.queue``); after the last try
the upload is marked failed, and the writing that holds it says so instead
of waiting for ever. A task the queue lost (away when it was sent, or a
worker killed in the middle) is sent again by ``resend_stalled``, hourly.
A file found unacceptable only now (a picture whose pixels turn out
damaged) fails at once: trying again cannot help.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from madang.core import queue
from madang.media import files, gifscan, motion, pictures, tools
from madang.media.limits import current
from madang.media.models import Media
from madang.media.probe import Probe, Unacceptable, made_video, probe
from madang.media.signals import media_changed

log = logging.getLogger(__name__)

# Longer than every try and wait of a conversion: a task still pending was lost.
STALLED = timedelta(hours=6)
# Pending this long, the upload is given up on, whatever its tries.
GIVEN_UP = timedelta(days=1)


def _extension(mime: str) -> str:
    return {"image/jpeg": "jpg", "image/svg+xml": "svg"}.get(mime, mime.split("/")[-1])


def _store(media: Media, made: list[pictures.Made], stored: dict[str, dict[str, object]]) -> None:
    """Save what was made under its served names, noting each in ``stored`` as it goes
    (so that a failure half way knows what to delete)."""
    for item in made:
        name = files.save(files.served_name(media.key, item.role, _extension(item.mime)), item.path)
        stored[item.role] = {
            "name": name,
            "type": item.mime,
            "bytes": item.path.stat().st_size,
            "width": item.width,
            "height": item.height,
        }


def _names(stored: dict[str, dict[str, object]]) -> list[str]:
    return [str(entry["name"]) for entry in stored.values()]


def _animation(media: Media, source: Path, shape: Probe, work: Path) -> list[pictures.Made]:
    gif = work / "clean.gif"
    gif.write_bytes(gifscan.clean(source.read_bytes()))
    made = [pictures.Made("gif", gif, "image/gif", shape.width, shape.height)]
    made.extend(pictures.poster(gif, work))
    if media.keep_gif or not tools.available() or pictures.shows_through(gif):
        return made
    video = motion.gif_to_mp4(gif, shape, work)
    if video.stat().st_size < gif.stat().st_size:
        # Its own size: cropped to even sides, and pixel art enlarged by whole steps.
        found = made_video(video)
        made.append(pictures.Made("video", video, "video/mp4", found.width, found.height))
    return made


def _video(source: Path, shape: Probe, work: Path) -> list[pictures.Made]:
    video = motion.video_to_mp4(source, shape, work)
    found = made_video(video)
    frame = motion.video_poster(video, found, work)
    return [
        pictures.Made("video", video, "video/mp4", found.width, found.height),
        *pictures.poster(frame, work),
    ]


def convert(media: Media, source: Path, work: Path) -> list[pictures.Made]:
    shape = probe(source, current())
    if shape.kind == Media.Kind.ANIMATION:
        return _animation(media, source, shape, work)
    if shape.kind == Media.Kind.VIDEO:
        return _video(source, shape, work)
    return pictures.still(source, shape.format, work)


def _finish(
    media: Media, state: str, *, stored: dict[str, dict[str, object]], error: str = ""
) -> bool:
    """Record the outcome of a pending upload; False if it was no longer pending (another
    run of the task finished it first)."""
    upload = media.files.get("upload", {}).get("name", "")
    with transaction.atomic():
        changed = Media.objects.filter(pk=media.pk, state=Media.State.PENDING).update(
            state=state,
            files=stored,
            stored_bytes=sum(int(entry["bytes"]) for entry in stored.values()),  # type: ignore[call-overload]
            error=error,
            ready_at=timezone.now() if state == Media.State.READY else None,
        )
        if not changed:
            return False
        media.refresh_from_db()
        transaction.on_commit(lambda: files.delete([upload]))
        media_changed.send(sender=Media, media=media)
    return True


def fail(media_id: int, code: str = "conversion") -> None:
    """Give up on an upload: the writing holding it says it could not be converted."""
    media = Media.objects.filter(pk=media_id, state=Media.State.PENDING).first()
    if media is not None:
        _finish(media, Media.State.FAILED, stored={}, error=code)


def run(media_id: int) -> None:
    media = Media.objects.filter(pk=media_id, state=Media.State.PENDING).first()
    if media is None:  # done already (a task delivered twice), or removed
        return
    Media.objects.filter(pk=media.pk).update(attempts=media.attempts + 1)
    # What this run stored, deleted unless recorded: a failure half way, or a run that
    # lost to another, leaves no file that no row names (the next try stores anew).
    stored: dict[str, dict[str, object]] = {}
    try:
        with files.workdir() as work:
            source = files.fetch(media.files["upload"]["name"], work)
            try:
                made = convert(media, source, work)
            except Unacceptable as refused:
                fail(media.pk, refused.code)
                return
            _store(media, made, stored)
        if not _finish(media, Media.State.READY, stored=stored):
            files.delete(_names(stored))
    except BaseException:
        files.delete(_names(stored))
        raise


@task(queue_name="media")
def process_media(media_id: int, attempt: int = 0) -> None:
    try:
        run(media_id)
    except Exception:
        log.exception("media %s: conversion failed (attempt %s)", media_id, attempt + 1)
        queue.retry_later(process_media, media_id, attempt=attempt, give_up=fail)


def resend_stalled() -> int:
    """Queue again the conversions of uploads pending past ``STALLED``, counting on from
    their tries; fail those that had them all, or are pending past ``GIVEN_UP``. The
    number queued. (A task queued twice converts once: see ``_finish``.)"""
    now = timezone.now()
    tries = len(queue.RETRY_DELAYS) + 1
    stalled = Media.objects.filter(state=Media.State.PENDING, created_at__lt=now - STALLED)
    sent = 0
    for media in list(stalled.only("pk", "attempts", "created_at")[:1000]):
        if media.attempts >= tries or media.created_at < now - GIVEN_UP:
            fail(media.pk)
            continue
        log.warning("media %s: pending since %s, queued again", media.pk, media.created_at)
        queue.enqueue(process_media, media.pk, attempt=media.attempts)
        sent += 1
    return sent
