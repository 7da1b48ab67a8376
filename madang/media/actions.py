"""Receiving an upload, and the life of its files: attached, released, removed.

``receive`` takes the file as sent, decides what it is (``probe``), keeps it
out of sight under ``incoming/`` and queues its conversion
(``processing``). Writing that holds media tells this app so (``attach``,
``release``); ``remove_unheld`` deletes what nothing has held for a while:
uploads never posted, and the media of deleted posts after a grace period,
in which a moderator may still restore the post.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Min, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from madang.core import queue
from madang.media import files
from madang.media.limits import Limits, current
from madang.media.models import Media
from madang.media.probe import Unacceptable, probe

# An upload no writing has held (the writer gave up, or their draft is that old).
UNHELD_GRACE = timedelta(days=3)
# The media of a deleted post or comment, kept while the deletion may be undone.
RELEASED_GRACE = timedelta(days=7)
# A received file without its row (the process died between the two).
INCOMING_GRACE = timedelta(days=1)


QUOTA_WINDOW = timedelta(days=1)


def _check_quota(author_ref: str, size: int, limits: Limits) -> None:
    since = timezone.now() - QUOTA_WINDOW
    today = Media.objects.filter(author_ref=author_ref, created_at__gte=since).aggregate(
        files=Count("pk"), bytes=Sum("source_bytes"), oldest=Min("created_at")
    )
    if today["files"] >= limits.daily_files or (today["bytes"] or 0) + size > limits.daily_bytes:
        # Room comes back as the oldest upload of the window ages out of it.
        frees = (today["oldest"] or since) - since
        raise Unacceptable("quota", retry_after=max(60, int(frees.total_seconds())))


def _copy(upload: UploadedFile, target: Path, limits: Limits) -> None:
    written = 0
    with target.open("wb") as out:
        for chunk in upload.chunks():
            written += len(chunk)
            if written > limits.upload_bytes:
                raise Unacceptable("too_large")
            out.write(chunk)


def receive(
    *, author_ref: str, upload: UploadedFile, keep_gif: bool = False, quota: bool = True
) -> Media:
    """Take an upload: ``Unacceptable`` when it may not be, else its pending row.
    ``quota``: count it against its writer's day (the site's own pictures, such as a
    link preview's, are bounded where they are fetched instead)."""
    limits = current()
    if upload.size is not None and upload.size > limits.upload_bytes:
        raise Unacceptable("too_large")
    if quota:
        _check_quota(author_ref, upload.size or 0, limits)
    key = secrets.token_urlsafe(16)
    with files.workdir() as work:
        local = work / "upload"
        _copy(upload, local, limits)
        shape = probe(local, limits)
        stored = files.save(files.incoming_name(key), local)
        size = local.stat().st_size
    try:
        with transaction.atomic():
            media = Media.objects.create(
                key=key,
                author_ref=author_ref,
                kind=shape.kind,
                source_format=shape.format,
                source_bytes=size,
                width=shape.width,
                height=shape.height,
                frames=shape.frames,
                duration_ms=shape.duration_ms,
                keep_gif=keep_gif and shape.kind == Media.Kind.ANIMATION,
                files={"upload": {"name": stored, "bytes": size}},
            )
            from madang.media.processing import process_media

            queue.enqueue(process_media, media.pk)
    except BaseException:
        files.delete([stored])
        raise
    return media


def owned(author_ref: str, keys: list[str]) -> dict[str, Media]:
    """The writer's own uploads among ``keys`` (a body may name only those)."""
    if not keys:
        return {}
    rows = Media.objects.filter(author_ref=author_ref, key__in=keys[:200])
    return {media.key: media for media in rows}


def attach(media_ids: list[int]) -> None:
    if media_ids:
        Media.objects.filter(pk__in=media_ids).update(attached_at=timezone.now(), released_at=None)


def release(media_ids: list[int]) -> None:
    if media_ids:
        Media.objects.filter(pk__in=media_ids, released_at__isnull=True).update(
            released_at=timezone.now()
        )


def _stored_names(media: Media) -> list[str]:
    return [entry["name"] for entry in media.files.values() if entry.get("name")]


# The apps whose writing holds uploads: each says which of some uploads its live
# writing still shows (``register_holder``, from their AppConfig.ready).
Holder = Callable[[list[int]], set[int]]
_holders: dict[str, Holder] = {}


def register_holder(name: str, still_shown: Holder) -> None:
    """``still_shown(ids)``: the uploads among ``ids`` that live writing of the app shows."""
    _holders[name] = still_shown


def _still_shown(ids: list[int]) -> set[int]:
    shown: set[int] = set()
    for still_shown in _holders.values():
        shown |= still_shown(ids)
    return shown


def remove_unheld() -> int:
    """Delete what no writing holds any more, files first; the number of uploads removed.

    A release is a hint, not the last word: the same upload may show in another post
    or comment of its writer. Before anything goes, the apps holding writing are asked
    (``register_holder``); what they still show is held again instead."""
    now = timezone.now()
    candidates = list(
        Media.objects.filter(
            Q(attached_at__isnull=True, created_at__lt=now - UNHELD_GRACE)
            | Q(released_at__lt=now - RELEASED_GRACE)
        ).values_list("pk", flat=True)
    )
    removed = 0
    for start in range(0, len(candidates), 200):
        batch = candidates[start : start + 200]
        shown = _still_shown(batch)
        if shown:
            Media.objects.filter(pk__in=shown).update(
                released_at=None, attached_at=Coalesce("attached_at", Value(now))
            )
        for media in Media.objects.filter(pk__in=set(batch) - shown):
            files.delete(_stored_names(media))
            media.delete()
            removed += 1
    _remove_stray_incoming(now)
    return removed


def _remove_stray_incoming(now: object) -> None:
    storage = files.default_storage
    try:
        _dirs, names = storage.listdir(files.INCOMING.rstrip("/"))
    except (FileNotFoundError, NotImplementedError):
        return
    known = (
        set(Media.objects.filter(key__in=names).values_list("key", flat=True)) if names else set()
    )
    for name in names:
        full = files.incoming_name(name)
        if name in known:
            continue
        try:
            modified = storage.get_modified_time(full)
        except (FileNotFoundError, NotImplementedError):
            continue
        if modified < timezone.now() - INCOMING_GRACE:
            storage.delete(full)
