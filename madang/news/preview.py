"""A link's preview, start to end: fetch the page, read its text, extract, ask oEmbed.

This is what the background task calls for each link (``preview_link``); it
raises the fetch's ``FetchRefused`` or ``FetchFailed`` when the page itself
cannot be had. oEmbed is a second fetch, made only when the page left the title
or the picture empty and offers it, through the same checks and limits; its
failure costs the preview nothing but what oEmbed would have added.
"""

from __future__ import annotations

import logging

from madang.news.decode import decode_html
from madang.news.errors import FetchError
from madang.news.extract import Preview, extract_preview, oembed_fields
from madang.news.fetch import OEMBED, fetch_page

log = logging.getLogger(__name__)


def preview_link(url: str) -> Preview:
    """The preview of the page at ``url`` (its ``url`` is where redirects led)."""
    page = fetch_page(url)
    preview = extract_preview(decode_html(page.body, page.charset), page.url)
    if not preview.wants_oembed:
        return preview
    try:
        answer = fetch_page(preview.oembed_url, wanted=OEMBED)
    except FetchError as error:
        log.info("oEmbed for a preview not fetched: %s", error.code)
        return preview
    return oembed_fields(preview, answer.body)
