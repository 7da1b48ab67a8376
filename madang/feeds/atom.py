"""Atom 1.0 documents (RFC 4287), written by Django's ``Atom1Feed``.

Django's writer is an XML generator, so every title, name and body is escaped
by it, never pasted into markup. Two things it lacks are added here: an
entry's ``<content type="html">`` (it writes the description as a summary
only) and a category's ``label``; and a feed without entries takes its
``<updated>`` from the caller instead of from the clock, so that the same data
always gives the same bytes (the feed's ETag is a hash of them, ``caching.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.xmlutils import SimplerXMLGenerator

CONTENT_TYPE = "application/atom+xml; charset=utf-8"


@dataclass(frozen=True)
class Category:
    """``term`` names it for programs (a slug), ``label`` for people; ``scheme`` is the
    address of what it belongs to (the board whose categories these are)."""

    term: str
    label: str
    scheme: str


@dataclass(frozen=True)
class Entry:
    """One post as a feed shows it: every URL absolute, every date aware."""

    id: str
    title: str
    link: str
    published: datetime
    updated: datetime
    author: str
    content_html: str
    categories: tuple[Category, ...] = ()


@dataclass(frozen=True)
class Head:
    """What the feed says of itself. ``quiet_since`` is its ``<updated>`` while it has
    no entries (a board's creation, say): a moment from the data, not the clock."""

    id: str
    title: str
    self_url: str
    alternate_url: str
    author: str
    language: str
    quiet_since: datetime
    subtitle: str = ""
    entries: list[Entry] = field(default_factory=list)


def _in_site_zone(moment: datetime) -> datetime:
    """The moment in the site's zone (Asia/Seoul), to the second: Django's writer then
    gives it as ``2024-05-01T09:30:00+09:00``."""
    return timezone.localtime(moment).replace(microsecond=0)


class _Writer(Atom1Feed):
    def __init__(self, head: Head) -> None:
        super().__init__(
            title=head.title,
            link=head.alternate_url,
            description="",  # Atom has no description: the subtitle says it
            feed_url=head.self_url,
            feed_guid=head.id,
            language=head.language,
            author_name=head.author,
            subtitle=head.subtitle or None,
        )
        self.quiet_since = head.quiet_since

    def latest_post_date(self) -> datetime:
        dates = [item["updateddate"] for item in self.items]
        return max(dates, default=_in_site_zone(self.quiet_since))

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for category in item["labelled_categories"]:
            attributes = {"term": category.term, "label": category.label, "scheme": category.scheme}
            handler.addQuickElement("category", "", attributes)
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


def render(head: Head) -> bytes:
    """The feed document, UTF-8."""
    writer = _Writer(head)
    for entry in head.entries:
        writer.add_item(
            title=entry.title,
            link=entry.link,
            description=None,  # type: ignore[arg-type]  # no summary: the content is whole
            unique_id=entry.id,
            pubdate=_in_site_zone(entry.published),
            updateddate=_in_site_zone(entry.updated),
            author_name=entry.author,
            labelled_categories=entry.categories,
            content_html=entry.content_html,
        )
    return writer.writeString("utf-8").encode()
