"""How dates and counts look on the boards, as Korean community sites show them."""

from __future__ import annotations

import html
import re
import time
from datetime import datetime
from typing import Any

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext


def local(moment: datetime) -> datetime:
    """The moment in the site's zone (Asia/Seoul): the zone of the settings, which no
    request changes; reading it costs no look-up of the request's state."""
    return moment.astimezone(timezone.get_default_timezone())


# A list shows twenty dates and a post page a hundred or more: each is formatted by
# hand from the moment's fields, which costs a tenth of what strftime and a second
# conversion of "now" for each date did (docs/performance.md).


def list_date(moment: datetime, now: datetime | None = None) -> str:
    """``HH:MM`` for today, ``MM.DD`` for earlier this year, ``YY.MM.DD`` before that.

    "Today" and "this year" are the site's (Seoul's), not the server's or UTC's.
    """
    return _day(local(moment), local(now or timezone.now()))


def _day(when: datetime, today: datetime) -> str:
    if when.day == today.day and when.month == today.month and when.year == today.year:
        return f"{when.hour:02d}:{when.minute:02d}"
    if when.year == today.year:
        return f"{when.month:02d}.{when.day:02d}"
    return f"{when.year % 100:02d}.{when.month:02d}.{when.day:02d}"


def comment_time(moment: datetime, now: datetime | None = None) -> str:
    """A comment's time: ``HH:MM`` today, with the list's date in front otherwise."""
    when = local(moment)
    day = _day(when, local(now or timezone.now()))
    clock = f"{when.hour:02d}:{when.minute:02d}"
    return clock if day == clock else f"{day} {clock}"


def full_datetime(moment: datetime) -> str:
    """``YYYY.MM.DD HH:MM`` in the site's zone, as in a post's header."""
    return local(moment).strftime("%Y.%m.%d %H:%M")


def machine_time(moment: datetime) -> str:
    """The moment for ``<time datetime>``: ISO 8601 in the site's zone, to the second
    (HTML allows at most three digits of a second, and Django's ``c`` writes six)."""
    return local(moment).isoformat(timespec="seconds")


def thousands(value: int | None) -> str:
    """``2443444`` → ``2,443,444``, whatever the reader's language."""
    return f"{int(value or 0):,}"


def shown_title(post: Any) -> str:
    """A post's title as the page may show it: a placeholder where the visibility rule
    veiled it (``boards.visibility.present`` marks each post it passes). A post that
    did not pass through it is veiled whenever it is blinded: unsure means veiled."""
    if getattr(post, "veiled", post.blinded):
        return gettext("가려진 글입니다")
    return str(post.title)


def media_url(name: str) -> str:
    """The address of a stored upload's file (under MADANG_MEDIA_URL, or its storage's)."""
    return default_storage.url(name)


# A signed address is valid for an hour (docs/deploy/scale-out.md): a piece of a page kept
# with one in it (core/fragments.py) is keyed by the window it was signed in.
SIGNED_URL_WINDOW = 600  # seconds


def media_window() -> int:
    """0 where upload addresses are permanent; where the store signs them, the current
    ten-minute window, so that a kept piece showing one is made anew long before the
    address expires."""
    if not getattr(default_storage, "querystring_auth", False):
        return 0
    return int(time.time() // SIGNED_URL_WINDOW)


def is_veiled(post: Any) -> bool:
    """Whether ``shown_title`` hides the post (and so its thumbnail too)."""
    return bool(getattr(post, "veiled", post.blinded))


# Where a block ends in a post's HTML: a line break, a paragraph, an item, a heading.
_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6]|blockquote|pre|figure|figcaption)>", re.I)


def summary(body_html: str, length: int = 150) -> str:
    """The start of a post as plain text, for its page's meta description: blocks end with
    a space (stripping tags alone would join the last word of one paragraph to the next)."""
    text = " ".join(html.unescape(strip_tags(_BLOCK_END.sub(" ", body_html))).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
