"""Keeping a post's links and its title in the duplicate check's tables, on every save.

Like the search index, these follow the post's ``post_save`` signal inside the
writing action's transaction (``NewsConfig.ready``): neither the actions nor the
gate call this app. A new post, or an edit of its text, writes its links
(``PostLink``: the source and the links standing alone in the body, with the
canonical addresses their previews gave) and its normalised title
(``RecentTitle``); the previews they lack are fetched by a task after the commit
(``previews.fetch_previews``). An edit asks for the post's previews again when
they are older than ``REFRESH_ON_EDIT``: the card follows the article when the
writer fixes or re-links it, without refetching on every small edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from madang.boards.models import Duplicates, Post
from madang.core import queue
from madang.news.links import digest, links_of
from madang.news.models import LinkPreview, PostLink, RecentTitle
from madang.news.normalize import canonical_alias
from madang.news.titles import normalise_title

REFRESH_ON_EDIT = timedelta(hours=1)
# What a save changes here: its text and links, or whether it stands.
POST_TEXT = frozenset({"title", "body_html", "source_url", "status"})


def post_saved(
    sender: type[Post],
    instance: Post,
    created: bool = False,
    update_fields: Iterable[str] | None = None,
    **kwargs: Any,
) -> None:
    if update_fields is not None and not POST_TEXT & set(update_fields):
        return
    edited = not created and update_fields is not None and "edited_at" in set(update_fields)
    keep_post(instance, refresh=edited, new=created)


def keep_post(
    post: Post, refresh: bool = False, queue_fetch: bool = True, new: bool = False
) -> None:
    """Write the post's links and title anew (``new``: a post just written, which has
    none yet); queue the fetch of previews it lacks (unless the fetch itself calls)."""
    wanted = links_of(post.source_url, post.body_html)
    digests = [digest(key) for _kind, _url, key in wanted]
    previews = (
        {preview.digest: preview for preview in LinkPreview.objects.filter(digest__in=digests)}
        if digests
        else {}
    )
    if not new:
        PostLink.objects.filter(post=post).delete()
    rows = [
        PostLink(
            post=post,
            board_id=post.board_id,
            digest=link_digest,
            kind=kind,
            url=url,
            order=order,
            preview=previews.get(link_digest),
            created_at=post.created_at,
        )
        for order, ((kind, url, _key), link_digest) in enumerate(zip(wanted, digests, strict=True))
    ]
    keys = {key for _kind, _url, key in wanted}
    rows += aliases(post, [row.preview for row in rows if row.preview is not None], keys)
    if rows:
        PostLink.objects.bulk_create(rows)
    keep_title(post, keys, new=new)
    stale = timezone.now() - REFRESH_ON_EDIT
    if (
        queue_fetch
        and settings.MADANG_LINK_PREVIEWS
        and any(
            row.preview is None
            or row.preview.state == LinkPreview.State.PENDING
            or (refresh and (row.preview.fetched_at is None or row.preview.fetched_at < stale))
            for row in rows
        )
    ):
        from madang.news.previews import fetch_previews

        queue.enqueue(fetch_previews, post.pk, refresh=refresh)


def aliases(post: Post, previews: list[LinkPreview], keys: set[str]) -> list[PostLink]:
    """Rows for the canonical addresses the previews gave (``normalize.canonical_alias``),
    where they differ from the links themselves: the same story through a portal and
    through the press. ``keys`` (the post's keys) gains them."""
    rows = []
    for preview in previews:
        if preview.state != LinkPreview.State.READY or not preview.canonical_url:
            continue
        alias = canonical_alias(preview.final_url or preview.url, preview.canonical_url)
        if alias is None or alias in keys:
            continue
        keys.add(alias)
        rows.append(
            PostLink(
                post=post,
                board_id=post.board_id,
                digest=digest(alias),
                kind=PostLink.Kind.CANONICAL,
                url=preview.canonical_url,
                order=len(keys),
                preview=preview,
                created_at=post.created_at,
            )
        )
    return rows


def keep_title(post: Post, keys: set[str], new: bool = False) -> None:
    """The post's story in its board's window: written anew (a new row, a new id), so that
    every process's window (``windows``) takes the change on its next check."""
    if not new:
        RecentTitle.objects.filter(post=post).delete()
    if post.board.duplicates == Duplicates.OFF or post.status == Post.Status.DELETED:
        return
    RecentTitle.objects.create(
        post=post,
        board_id=post.board_id,
        title=normalise_title(post.title)[:300],
        keys=" ".join(sorted(keys)),
        created_at=post.created_at,
    )


def forget_old_titles(now: Any = None) -> int:
    """Drop titles past the longest window a board may set (a daily job)."""
    now = now or timezone.now()
    deleted, _ = RecentTitle.objects.filter(created_at__lt=now - timedelta(days=15)).delete()
    return deleted
