"""The links that stand alone on a line of a post's body: those get preview cards.

A link pasted on a line of its own is a reference the writer wants read, like a
link pasted alone into a messenger; a link inside a sentence is part of the
sentence, and a card for it would interrupt it. The body read here is the
stored ``Post.body_html``: sanitized by ``core/sanitize.py``, with bare
addresses already made into links. The editor writes lines as ``<div>``
blocks broken by ``<br>``, so a line ends at a ``<br>`` and at the start or end
of any block.

A line counts when its only content is one http or https link, whatever its
text; anything else on the line (words, a picture, a second link, the player
a YouTube address becomes) makes it a line with a link, not a link alone.
Links inside ``<pre>`` or ``<code>`` are quoted code, not references.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

MAX_LINKS = 5
_BREAKS = {"br", "hr"}
_BLOCKS = {
    "article",
    "blockquote",
    "div",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
}
_CONTENT = {"img", "iframe", "video", "audio", "picture", "object", "embed", "svg"}


def standalone_links(body_html: str, *, limit: int = MAX_LINKS) -> list[str]:
    """The addresses of the links alone on their lines, in order, each once, at most
    ``limit`` of them."""
    finder = _LineWalker()
    finder.feed(body_html)
    finder.close()
    finder.end_line()
    found: list[str] = []
    for url in finder.found:
        if url not in found:
            found.append(url)
    return found[:limit]


class _LineWalker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.links: list[str] = []  # the hrefs of the links on the current line
        self.crowded = False  # something besides one link is on the line
        self.in_link = 0
        self.in_code = 0

    def end_line(self) -> None:
        if len(self.links) == 1 and not self.crowded and _is_web_address(self.links[0]):
            self.found.append(self.links[0])
        self.links = []
        self.crowded = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS or tag in _BLOCKS:
            self.end_line()
        if tag in ("pre", "code"):
            self.in_code += 1
        if tag in _CONTENT or (tag == "span" and ("class", "video") in attrs):
            self.crowded = True
        elif tag == "a":
            self.in_link += 1
            if self.in_code or self.in_link > 1:
                self.crowded = True
            else:
                self.links.append((dict(attrs).get("href") or "").strip())

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _BREAKS and tag not in _CONTENT:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.in_link = max(0, self.in_link - 1)
        elif tag in ("pre", "code"):
            self.in_code = max(0, self.in_code - 1)
        if tag in _BLOCKS:
            self.end_line()

    def handle_data(self, data: str) -> None:
        if data.strip() and not self.in_link:
            self.crowded = True


def _is_web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
