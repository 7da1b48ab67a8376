"""A post's pictures and videos: which uploads its body shows, and how.

A body names uploads through the editor's attachments; only the writer's
own uploads are shown (a key copied from someone else's post shows
nothing), at most ``MAX_PER_POST``. The body is rendered with each upload's
markup as it stands; when an upload becomes ready or fails later, the posts
holding it are rendered again (``refresh``). The post keeps what its list
row needs: whether it has pictures or moving pictures, and a thumbnail.
"""

from __future__ import annotations

from dataclasses import dataclass

from madang.boards.models import Post
from madang.core import pagecache
from madang.core.sanitize import Attachment, attachments, render_body
from madang.media import actions as media_actions
from madang.media import render as media_render
from madang.media.models import Media

MAX_PER_POST = 50
PICTURE, MOVING = 1, 2


@dataclass
class Rendered:
    html: str
    media: list[Media]
    kinds: int
    thumbnail: str


def render(body: str, author_ref: str) -> Rendered:
    keys = [str(found.get("media") or "") for found in attachments(body)]
    own = media_actions.owned(author_ref, [key for key in keys if key])
    shown: list[Media] = []

    def markup(found: Attachment) -> str:
        media = own.get(str(found.get("media") or ""))
        if media is None or len(shown) >= MAX_PER_POST or media in shown:
            return ""
        shown.append(media)
        return media_render.figure(media, str(found.get("caption") or ""))

    html = render_body(body, markup)
    kinds = 0
    for media in shown:
        kinds |= MOVING if media.kind == Media.Kind.VIDEO or "video" in media.files else PICTURE
    thumbnail = next((name for name in map(media_render.thumbnail, shown) if name), "")
    return Rendered(html, shown, kinds, thumbnail)


def hold(post: Post, rendered: Rendered) -> None:
    """Link ``post`` to the uploads its body shows; uploads it no longer shows are let go."""
    before = set(post.media.values_list("pk", flat=True)) if post.pk else set()
    now = {media.pk for media in rendered.media}
    post.media.set(rendered.media)
    media_actions.attach(sorted(now))
    media_actions.release(sorted(before - now))


def release_all(post: Post) -> None:
    media_actions.release(list(post.media.values_list("pk", flat=True)))


def hold_again(post: Post) -> None:
    media_actions.attach(list(post.media.values_list("pk", flat=True)))


def refresh(media: Media) -> None:
    """Render again the posts holding ``media`` (it became ready, or failed)."""
    for post in Post.objects.filter(media=media).only(
        "pk", "board_id", "body_source", "author_ref"
    ):
        rendered = render(post.body_source, post.author_ref)
        Post.objects.filter(pk=post.pk).update(
            body_html=rendered.html, media_kinds=rendered.kinds, thumbnail=rendered.thumbnail
        )
        pagecache.touch_board(post.board_id)
