"""The one way user HTML reaches a page: the nh3 allow-list, then links and video embeds.

Bodies are stored as written (``Post.body_source``) and rendered once, on save,
into ``Post.body_html`` by ``render_body``: nh3 (the Ammonia sanitizer) keeps
only the tags and attributes below; then bare web addresses become links and a
YouTube address becomes a player from youtube-nocookie.com. The embeds are
built here from a checked video id, never taken from the writer's markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import nh3

ALLOWED_TAGS = {
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "figure",
    "h1",
    "h2",
    "h3",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "figure": {"data-trix-attachment"}}
# The editor's attachments (``<figure data-trix-attachment="{...}">``) become the
# site's own markup for the upload they name, built by the caller from its row;
# whatever else the figure held (the editor's preview, a caption) is dropped.
ATTACHMENT = "data-trix-attachment"
Attachment = dict[str, object]
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer ugc"
MAX_EMBEDS = 10

# RFC 3986 characters only, so Korean right after an address ("...com에서") is not swallowed.
_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_TRAILING = ".,;:!?)]}'"
_VIDEO_ID = re.compile(r"\A[A-Za-z0-9_-]{11}\Z")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}


def sanitize_html(source: str) -> str:
    """Allow-listed HTML: no scripts, handlers, styles, or URLs outside http(s) and mailto."""
    return nh3.clean(
        source,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def youtube_video(url: str) -> tuple[str, int] | None:
    """The video id and start second of a YouTube address, or None for anything else."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    query = parse_qs(parts.query)
    if host == "youtu.be":
        video = parts.path.strip("/")
    elif host in _YOUTUBE_HOSTS:
        path = parts.path.rstrip("/")
        if path == "/watch":
            video = query.get("v", [""])[0]
        elif path.startswith(("/shorts/", "/live/", "/embed/")):
            video = path.split("/")[2]
        else:
            return None
    else:
        return None
    if not _VIDEO_ID.match(video):
        return None
    return video, _start_seconds(query.get("t", query.get("start", [""]))[0])


def _start_seconds(value: str) -> int:
    if value.isdigit():
        return int(value)
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", value)
    if not match or not value:
        return 0
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def video_embed(video: str, start: int) -> str:
    src = f"https://www.youtube-nocookie.com/embed/{video}"
    if start:
        src += f"?start={start}"
    return (
        f'<span class="video"><iframe src="{src}" title="YouTube" loading="lazy" '
        'allow="accelerometer; encrypted-media; gyroscope; picture-in-picture; web-share" '
        'referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe></span>'
    )


def _split_url(found: str) -> tuple[str, str]:
    url = found.rstrip(_TRAILING)
    return url, found[len(url) :]


def link(url: str) -> str:
    href = escape(url, quote=True)
    return f'<a href="{href}" rel="{LINK_REL}">{escape(url, quote=False)}</a>'


def _attachment(attrs: list[tuple[str, str | None]]) -> Attachment:
    try:
        found = json.loads(dict(attrs).get(ATTACHMENT) or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


class _BodyRenderer(HTMLParser):
    """Re-emits sanitized HTML, turning bare addresses into links and YouTube ones into
    players, and the editor's attachments into what ``attachment`` makes of them."""

    def __init__(self, attachment: Callable[[Attachment], str] | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.attachment = attachment
        self.in_figure = 0
        self.out: list[str] = []
        self.in_link = 0
        self.in_code = 0
        self.link_href = ""
        self.link_text: list[str] = []
        self.embeds = 0

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        rendered = "".join(f' {name}="{escape(value or "", quote=True)}"' for name, value in attrs)
        return f"<{tag}{rendered}>"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "figure":
            if not self.in_figure and self.attachment is not None:
                self.out.append(self.attachment(_attachment(attrs)))
            self.in_figure += 1
            return
        if self.in_figure:
            return
        if tag == "a":
            self.in_link += 1
            self.link_href = dict(attrs).get("href") or ""
            self.link_text = []
        elif tag in ("pre", "code"):
            self.in_code += 1
        self.out.append(self._tag(tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.in_figure:
            self.out.append(self._tag(tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self.in_figure = max(0, self.in_figure - 1)
            return
        if self.in_figure:
            return
        self.out.append(f"</{tag}>")
        if tag == "a" and self.in_link:
            self.in_link -= 1
            text = "".join(self.link_text).strip()
            if text == self.link_href:
                self._maybe_embed(self.link_href)
        elif tag in ("pre", "code") and self.in_code:
            self.in_code -= 1

    def handle_data(self, data: str) -> None:
        if self.in_figure:
            return
        if self.in_link:
            self.link_text.append(data)
            self.out.append(escape(data, quote=False))
            return
        if self.in_code:
            self.out.append(escape(data, quote=False))
            return
        position = 0
        for match in _URL.finditer(data):
            url, rest = _split_url(match.group(0))
            self.out.append(escape(data[position : match.start()], quote=False))
            self.out.append(link(url))
            self._maybe_embed(url)
            self.out.append(escape(rest, quote=False))
            position = match.end()
        self.out.append(escape(data[position:], quote=False))

    def _maybe_embed(self, url: str) -> None:
        video = youtube_video(url)
        if video is not None and self.embeds < MAX_EMBEDS:
            self.embeds += 1
            self.out.append(video_embed(*video))


class _AttachmentFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Attachment] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "figure":
            self.found.append(_attachment(attrs))


def attachments(source: str) -> list[Attachment]:
    """The editor's attachments in a body, in order (their attributes as the editor
    sent them: untrusted)."""
    finder = _AttachmentFinder()
    finder.feed(sanitize_html(source))
    finder.close()
    return finder.found


def render_body(source: str, attachment: Callable[[Attachment], str] | None = None) -> str:
    """The HTML a post's body is shown as; ``attachment`` gives each of the editor's
    attachments its markup ("" drops it; without it, every attachment is dropped)."""
    renderer = _BodyRenderer(attachment)
    renderer.feed(sanitize_html(source))
    renderer.close()
    return "".join(renderer.out)


def render_plain_text(text: str) -> str:
    """A comment: escaped text, line breaks kept, addresses made into links."""
    parts: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        url, rest = _split_url(match.group(0))
        parts.append(escape(text[position : match.start()], quote=False))
        parts.append(link(url))
        parts.append(escape(rest, quote=False))
        position = match.end()
    parts.append(escape(text[position:], quote=False))
    return "".join(parts).replace("\r\n", "\n").replace("\n", "<br>")
