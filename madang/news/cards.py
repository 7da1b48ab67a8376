"""The preview cards under a post: one for each link it holds whose preview is ready."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from madang.boards.models import Post
from madang.media import render
from madang.media.models import Media
from madang.news.models import LinkPreview, PostLink

SHOWN = 3  # cards under one post, the source's first


@dataclass(frozen=True)
class Card:
    url: str  # where the card leads: the link as the writer gave it
    title: str
    site: str  # the site's name, or its host
    description: str
    image_url: str  # a picture made by the media pipeline, never the site's own address
    image_width: int
    image_height: int


# Only http and https links get cards (bodylinks.py); a picture's link to its original is
# to the site's own media, relative unless the media come from another origin.
_WEB_LINK = re.compile(r'<a [^>]*href="https?:', re.IGNORECASE)


def has_links(post: Post) -> bool:
    """Whether the post may have cards: a source, or a link to the web in its body."""
    return bool(post.source_url) or _WEB_LINK.search(post.body_html) is not None


def cards_for(post: Post) -> list[Card]:
    links = (
        PostLink.objects.filter(post=post, preview__state=LinkPreview.State.READY)
        .exclude(kind=PostLink.Kind.CANONICAL)
        .select_related("preview", "preview__image")
        .order_by("order")[:SHOWN]
    )
    return [_card(link.url, link.preview) for link in links if link.preview is not None]


def _card(url: str, preview: LinkPreview) -> Card:
    image = preview.image
    picture, width, height = "", 0, 0
    if image is not None and image.state == Media.State.READY:
        picture = render.preview(image)
        role = next((role for role in ("w480", "poster") if role in image.files), "")
        if picture and role:
            width = int(image.files[role].get("width") or 0)
            height = int(image.files[role].get("height") or 0)
    host = urlsplit(preview.final_url or url).hostname or ""
    return Card(
        url=url,
        title=preview.title or url,
        site=preview.site_name or host.removeprefix("www."),
        description=preview.description,
        image_url=picture if width and height else "",
        image_width=width,
        image_height=height,
    )
