"""Writing as its readers will read it, for the checks of the gate.

A check that reads what was typed, rather than what is shown, is easy to walk
around: ``010&#45;2345&#45;6789`` shows as a phone number, ``&#47693;...`` as
a word, and a zero-width space between two digits shows as nothing at all.
The gate checks the text after character references are decoded and invisible
characters dropped; what is stored stays what the writer typed.
"""

from __future__ import annotations

import html
import re

from django.utils.html import strip_tags

# Characters that show as nothing between two others: zero-width space, joiners
# and non-joiner, word joiner and the invisible operators, soft hyphen, the
# Mongolian vowel separator, the combining grapheme joiner, byte order mark and
# the Hangul fillers.
INVISIBLE = frozenset(
    "\u00ad\u034f\u115f\u1160\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u2060\u2061\u2062\u2063\u2064\u3164\ufeff\uffa0"
)
_DROP = dict.fromkeys(map(ord, INVISIBLE))

# Character references that spell markup; everything else may be shown as itself.
_MARKUP = frozenset("<>&\"'")
_REFERENCE = re.compile(r"&(#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,7};?|[A-Za-z][A-Za-z0-9]{1,31};?)")


def as_read(text: str, *, markup: bool = False) -> str:
    """What a reader sees of ``text``: tags gone (for ``markup``), character
    references decoded and invisible characters dropped.

    Plain text fields (titles, comments) are shown escaped, so a reference in
    them shows as typed; it is decoded anyway, since a reader decodes
    ``&#45;`` between digits just as well.
    """
    if markup:
        text = strip_tags(text)
    return html.unescape(text).translate(_DROP)


def _decode_reference(match: re.Match[str]) -> str:
    decoded = html.unescape(match.group(0))
    if decoded == match.group(0) or any(char in _MARKUP for char in decoded):
        return match.group(0)
    return decoded


def readable_source(text: str) -> str:
    """``text`` (HTML or plain) with every reference that does not spell markup
    decoded and invisible characters dropped: the same markup, which a mask of
    personal data can now find and cover."""
    return _REFERENCE.sub(_decode_reference, text).translate(_DROP)
