"""A post's body as a feed carries it: the page's HTML, made to stand outside the site.

``Post.body_html`` is already sanitized (``core/sanitize.py``), with the site's
own markup for pictures and videos (``media/render.py``). A feed reader shows
it on another origin, without the site's script and style, so it goes through
nh3 once more with an allow-list of its own:

- every address is made absolute against the site (links, pictures and each
  candidate of their ``srcset``, videos and their posters);
- a video gets its controls: an animation plays by the site's script on the
  page, and has none there;
- what only works on the site is dropped: the YouTube player's frame (the link
  to the video stays, written just before it), the canvas that holds an
  unfinished upload's place, classes, data attributes and lazy loading.

A post that reports blinded shows the page's placeholder instead of its body.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urljoin, urlsplit

import nh3
from django.utils.translation import gettext as _

from madang.core import sanitize

TAGS = sanitize.ALLOWED_TAGS | {"figcaption", "img", "video"}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "srcset", "sizes", "width", "height", "alt"},
    "video": {"src", "poster", "width", "height", "muted", "loop", "playsinline"},
}
SCHEMES = sanitize.ALLOWED_URL_SCHEMES


def _absolute_srcset(base: str, value: str) -> str | None:
    """Each candidate of a ``srcset`` (``address width``) with its address made absolute;
    None (no attribute) when one is not an http(s) address."""
    candidates = []
    for candidate in value.split(","):
        parts = candidate.split()
        if not parts:
            continue
        address = urljoin(base, parts[0])
        if urlsplit(address).scheme not in ("http", "https"):
            return None
        candidates.append(" ".join([address, *parts[1:]]))
    return ", ".join(candidates) or None


def outside_html(html: str, base: str) -> str:
    """``html`` for a reader away from the site; ``base`` is the site's absolute root
    (``https://example.org/``), which relative addresses are resolved against."""

    def attribute(tag: str, name: str, value: str) -> str | None:
        if name == "srcset":
            return _absolute_srcset(base, value)
        return value

    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=attribute,
        url_schemes=SCHEMES,
        url_relative=("rewrite_with_base", base),
        link_rel=sanitize.LINK_REL,
        set_tag_attribute_values={"video": {"controls": ""}},
        strip_comments=True,
    )


def shown_body(body_html: str, source_url: str, veiled: bool, base: str) -> str:
    """The body as a post page shows it to a guest: the placeholder where the visibility
    rule veils it, and the source link under it where the writer gave one."""
    shown = f"<p>{escape(_('검토가 끝날 때까지 가려 둔 글입니다.'))}</p>" if veiled else body_html
    if source_url:
        shown += f"<p>{escape(_('출처'))} {sanitize.link(source_url)}</p>"
    return outside_html(shown, base)
