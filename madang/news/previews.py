"""The background task that fetches the previews of a post's links (docs/news.md).

Each link's page is fetched through the guarded fetcher (``preview.preview_link``:
addresses, redirects, sizes, time and rate all checked there) once for every post
that links it, and kept ``KEPT`` days. The page's picture is fetched the same way
and handed to the media pipeline, which decides what it is by its content and
re-encodes it: readers' browsers never ask the other site for anything. When a
post's previews are done, its board's pages are rendered anew (the card shows).

A refusal of the policy (a private address, a page that is not HTML) is final; a
failure of the network or the site is tried again later (``queue.retry_later``).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from madang.core import pagecache, queue
from madang.media import actions as media_actions
from madang.media.models import Media
from madang.media.probe import Unacceptable
from madang.news.errors import FetchError, FetchFailed
from madang.news.fetch import PICTURE, fetch_page
from madang.news.keeping import REFRESH_ON_EDIT, keep_post
from madang.news.links import digest
from madang.news.models import LinkPreview, PostLink
from madang.news.normalize import link_key
from madang.news.preview import preview_link

log = logging.getLogger(__name__)

KEPT = timedelta(days=14)
PICTURE_AUTHOR = "~link-preview"  # the author reference of preview pictures: no member's
RETRIED = frozenset({"rate"})  # refusals that pass: the host was asked too often this minute


@task(queue_name="default")
def fetch_previews(post_id: int, refresh: bool = False, attempt: int = 0) -> None:
    """Fetch what the post's links lack, then write its links anew with what was found."""
    links = list(
        PostLink.objects.filter(post_id=post_id)
        .exclude(kind=PostLink.Kind.CANONICAL)
        .select_related("post", "post__board")
    )
    retry = False
    for link in links:
        try:
            fetch_preview(link.url, refresh=refresh)
        except FetchFailed:
            retry = True
    if links:
        post = links[0].post
        with transaction.atomic():
            keep_post(post, queue_fetch=False)
        pagecache.best_effort(pagecache.touch_board, post.board_id)
    if retry:
        queue.retry_later(
            fetch_previews, post_id, refresh=refresh, attempt=attempt, give_up=give_up
        )


def give_up(post_id: int, **_kwargs: object) -> None:
    """The post's links whose pages could not be had after every try: no card."""
    digests = PostLink.objects.filter(post_id=post_id).values("digest")
    LinkPreview.objects.filter(digest__in=digests, state=LinkPreview.State.PENDING).update(
        state=LinkPreview.State.FAILED, fetched_at=timezone.now()
    )


def fetch_preview(url: str, refresh: bool = False) -> LinkPreview | None:
    """The link's preview, fetched when it has none fresh enough. ``FetchFailed`` when
    the site could not be reached (the caller may try again); a refusal is stored."""
    key = link_key(url)
    if key is None:
        return None
    try:
        preview, _created = LinkPreview.objects.get_or_create(
            digest=digest(key), defaults={"url": url}
        )
    except IntegrityError:  # another task made it a moment ago
        preview = LinkPreview.objects.get(digest=digest(key))
    now = timezone.now()
    fresh_for = REFRESH_ON_EDIT if refresh else KEPT
    if preview.fetched_at is not None and preview.fetched_at > now - fresh_for:
        return preview
    preview.attempts += 1
    try:
        found = preview_link(url)
    except FetchError as error:
        log.info("preview of a link not fetched: %s", error.code)
        preview.error = error.code
        if error.retryable or error.code in RETRIED:
            preview.save(update_fields=["attempts", "error"])
            raise FetchFailed(error.code, error.detail) from error
        if preview.state == LinkPreview.State.PENDING:  # a card once made stays until KEPT
            preview.state = LinkPreview.State.FAILED
        preview.fetched_at = now
        preview.save()
        return preview
    preview.final_url = found.url[:2000]
    preview.canonical_url = found.canonical_url[:2000]
    preview.title = found.title
    preview.site_name = found.site_name
    preview.description = found.description
    preview.image = _picture(found.image_url) if found.image_url else None
    preview.state = LinkPreview.State.READY
    preview.error = ""
    preview.fetched_at = now
    preview.save()
    return preview


def _picture(url: str) -> Media | None:
    """The page's picture, through the media pipeline; None when it cannot be had."""
    try:
        answer = fetch_page(url, wanted=PICTURE)
        upload = SimpleUploadedFile("preview", answer.body, answer.content_type)
        media = media_actions.receive(author_ref=PICTURE_AUTHOR, upload=upload, quota=False)
    except (FetchError, Unacceptable) as error:
        log.info("preview picture not taken: %s", getattr(error, "code", type(error).__name__))
        return None
    media_actions.attach([media.pk])
    return media


def shown_images(ids: list[int]) -> set[int]:
    """The preview pictures among ``ids`` that a link of a post still shows
    (``media.actions.register_holder``)."""
    held = LinkPreview.objects.filter(image_id__in=ids, fetched_at__gt=timezone.now() - KEPT * 2)
    return set(held.values_list("image_id", flat=True))
