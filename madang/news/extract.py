"""What a page says of itself, for its preview card: ``extract_preview(html, base_url)``.

Each field is taken from the first source that has it, in the order sites fill
them: Open Graph (what publishers write for sharing), then Twitter cards, then
the standard tags (``<meta name=description>``, ``<title>``, ``<link
rel=canonical>``). oEmbed, where a page offers it (``<link rel=alternate
type=application/json+oembed>``), fills what is still missing after that:
``oembed_fields`` reads its JSON, fetched by ``preview.preview_link`` through
the same safe fetcher.

Everything here is text another site wrote. Texts are unescaped (once more than
the parser does: Korean news sites often escape their meta tags twice), their
whitespace collapsed and their lengths capped; addresses are made absolute and
kept only when they are http or https. The card's template escapes them again
when it shows them.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, SoupStrainer
from bs4.element import Tag

TITLE_LENGTH = 300
SITE_LENGTH = 100
DESCRIPTION_LENGTH = 500
URL_LENGTH = 2000
OEMBED_TYPES = ("application/json+oembed", "text/json+oembed")
# Only these elements are kept from the parse: a news page is mostly body, and the
# preview reads its head (and an SVG, to know that a title inside it is not the page's).
_ELEMENTS = SoupStrainer(["meta", "link", "title", "base", "svg"])
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class Preview:
    url: str  # the address the page was read from (after redirects)
    title: str = ""
    site_name: str = ""
    description: str = ""
    image_url: str = ""  # absolute, http or https: the site's picture, to be proxied
    canonical_url: str = ""  # as the page declares it (absolute, http or https), or ""
    oembed_url: str = ""  # where the page offers oEmbed JSON, or ""

    @property
    def wants_oembed(self) -> bool:
        return bool(self.oembed_url) and not (self.title and self.image_url)


def extract_preview(html_text: str, base_url: str) -> Preview:
    """The preview of a page, from its HTML and the address it was read from.

    The head is read alone first: a news page is mostly body, and its head holds
    what the card shows. The whole page is read when the head leaves a field empty,
    since some sites write their tags in the body."""
    end = _HEAD_END.search(html_text)
    if end is not None:
        preview = _extract(html_text[: end.end()], base_url)
        fields = (preview.title, preview.site_name, preview.description, preview.image_url)
        if all(fields) and preview.canonical_url:
            return preview
    return _extract(html_text, base_url)


def _extract(html_text: str, base_url: str) -> Preview:
    soup = BeautifulSoup(html_text, "html.parser", parse_only=_ELEMENTS)
    base = _document_base(soup, base_url)
    meta = _meta_values(soup)
    links = [tag for tag in soup.find_all("link") if isinstance(tag, Tag)]

    def first(*keys: str) -> str:
        return next((meta[key] for key in keys if meta.get(key)), "")

    title_tag = next(
        (tag for tag in soup.find_all("title") if tag.find_parent("svg") is None), None
    )
    images = [meta.get(key, "") for key in _IMAGE_KEYS] + _hrefs(links, "image_src")
    canonicals = [*_hrefs(links, "canonical"), meta.get("og:url", "")]
    oembeds = [
        str(tag.get("href") or "")
        for tag in links
        if "alternate" in _rels(tag) and str(tag.get("type") or "").lower() in OEMBED_TYPES
    ]
    return Preview(
        url=base_url,
        title=clean_text(
            first("og:title", "twitter:title") or (title_tag.get_text() if title_tag else ""),
            TITLE_LENGTH,
        ),
        site_name=clean_text(first("og:site_name", "application-name"), SITE_LENGTH),
        description=clean_text(
            first("og:description", "twitter:description", "description"), DESCRIPTION_LENGTH
        ),
        image_url=_first_url(images, base),
        canonical_url=_first_url(canonicals, base),
        oembed_url=_first_url(oembeds, base),
    )


_IMAGE_KEYS = (
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:image:src",
)


def oembed_fields(preview: Preview, body: bytes) -> Preview:
    """The preview with what oEmbed JSON adds where the page left a field empty:
    the title, the provider's name, a thumbnail (or the picture of a photo)."""
    try:
        data: Any = json.loads(body)
    except ValueError:
        return preview
    if not isinstance(data, dict):
        return preview

    def text(key: str) -> str:
        value = data.get(key)
        return value if isinstance(value, str) else ""

    picture = text("thumbnail_url") or (text("url") if text("type") == "photo" else "")
    return replace(
        preview,
        title=preview.title or clean_text(text("title"), TITLE_LENGTH),
        site_name=preview.site_name or clean_text(text("provider_name"), SITE_LENGTH),
        image_url=preview.image_url or _first_url([picture], preview.oembed_url),
    )


def clean_text(value: str, length: int) -> str:
    """One line of plain text: entities decoded, control and invisible formatting
    characters dropped, whitespace collapsed, at most ``length`` characters."""
    value = html.unescape(value)
    value = "".join(
        " " if character.isspace() else character
        for character in value
        if character.isspace() or unicodedata.category(character) not in ("Cc", "Cf")
    )
    value = " ".join(value.split())
    if len(value) > length:
        value = value[: length - 1].rstrip() + "…"
    return value


def clean_url(value: str, base: str) -> str:
    """An absolute http or https address, or "" (browsers drop tabs and line breaks
    inside addresses, and so do we)."""
    value = "".join(value.split("\t")).replace("\n", "").replace("\r", "").strip()
    if not value:
        return ""
    try:
        url = urljoin(base, html.unescape(value))
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    if len(url) > URL_LENGTH or any(ord(character) < 32 for character in url):
        return ""
    return url


def _first_url(candidates: Iterable[str], base: str) -> str:
    return next((url for url in (clean_url(value, base) for value in candidates) if url), "")


def _meta_values(soup: BeautifulSoup) -> dict[str, str]:
    """The first non-empty content of each meta key, keys in lower case. Open Graph
    is ``property``, but many sites write it as ``name``, and some as ``itemprop``."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        if not isinstance(tag, Tag):
            continue
        key = str(tag.get("property") or tag.get("name") or tag.get("itemprop") or "")
        content = str(tag.get("content") or tag.get("value") or "")
        key = key.strip().lower()
        if key and content.strip() and key not in found:
            found[key] = content
    return found


def _rels(tag: Tag) -> list[str]:
    rel = tag.get("rel")
    values = rel.split() if isinstance(rel, str) else list(rel or [])
    return [value.lower() for value in values]


def _hrefs(links: list[Tag], rel: str) -> list[str]:
    return [str(tag.get("href") or "") for tag in links if rel in _rels(tag)]


def _document_base(soup: BeautifulSoup, base_url: str) -> str:
    """What relative addresses are relative to: ``<base href>`` if the page has one."""
    tag = soup.find("base", href=True)
    if isinstance(tag, Tag):
        declared = clean_url(str(tag.get("href") or ""), base_url)
        if declared:
            return declared
    return base_url
