"""The links of a post that madang previews and compares: its source, then the links
standing alone on a line of its body (``bodylinks``), each with its key
(``normalize.link_key``) and the digest the tables store it under."""

from __future__ import annotations

import hashlib

from madang.news.bodylinks import standalone_links
from madang.news.normalize import link_key

MAX_LINKS = 3  # links of one post kept, previewed and compared: the source's first


def digest(key: str) -> str:
    """A link key as the tables hold it: fixed length, whatever the address's."""
    return hashlib.sha256(key.encode()).hexdigest()


def links_of(source_url: str, body_html: str) -> list[tuple[str, str, str]]:
    """(kind, address, key) of the post's links, the source first, each story once."""
    found: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    candidates = [("source", source_url)] if source_url else []
    if "<a " in body_html:
        candidates += [("body", url) for url in standalone_links(body_html)]
    for kind, url in candidates:
        key = link_key(url)
        if key is None or key in seen:
            continue
        seen.add(key)
        found.append((kind, url, key))
        if len(found) == MAX_LINKS:
            break
    return found
