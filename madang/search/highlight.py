"""The matched words marked (``<mark>``) in a title, and a short excerpt around them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup, escape

from madang.search.query import Word
from madang.search.text import HANGUL, initials, script_of

EXCERPT = 120  # characters of an excerpt
BEFORE = 30  # of them, before the first match


def _spans(text: str, words: Sequence[Word]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for word in words:
        spans.extend(match.span() for match in re.finditer(re.escape(word.text), text, re.I))
        if word.initials:
            spans.extend(_initial_spans(text, word.text))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _initial_spans(text: str, consonants: str) -> list[tuple[int, int]]:
    """The syllables of each Hangul run whose initial consonants start with ``consonants``."""
    found = []
    for match in re.finditer(r"[\uac00-\ud7a3]+", text):
        run = match.group()
        if script_of(run[0]) == HANGUL and initials(run).startswith(consonants):
            found.append((match.start(), match.start() + len(consonants)))
    return found


def marked(text: str, words: Sequence[Word]) -> Markup:
    """``text`` escaped, with every match of ``words`` in ``<mark>``."""
    out: list[str] = []
    position = 0
    for start, end in _spans(text, words):
        out.append(escape(text[position:start]))
        out.append(Markup("<mark>%s</mark>") % text[start:end])
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out)


def excerpt(text: str, words: Sequence[Word], width: int = EXCERPT) -> Markup:
    """A piece of ``text`` around its first match (its beginning when nothing matches),
    at most ``width`` characters, marked."""
    spans = _spans(text, words)
    start = max(0, spans[0][0] - BEFORE) if spans else 0
    if start:
        space = text.find(" ", start, spans[0][0])
        start = space + 1 if space != -1 else start
    piece = text[start : start + width]
    shown = marked(piece, words)
    if start > 0:
        shown = Markup("…") + shown
    if start + width < len(text):
        shown += Markup("…")
    return shown
