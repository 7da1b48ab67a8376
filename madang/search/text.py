"""Text as the index reads it, and the terms it keeps (docs/search.md).

Korean is written without spaces inside compounds and with particles glued to
words (소프트뱅크가, 정부는), so splitting on spaces finds neither 뱅크 in
소프트뱅크 nor 정부 in 정부는. The index keeps, for each run of Hangul (and of
Chinese characters and kana), every pair of neighbouring characters (bigrams):
any word of two or more syllables is then a set of pairs that must all be
there. Runs of other letters and of digits are kept whole and lowercased;
a word that mixes scripts (AI반도체, 10조엔) is split into its runs, and the
whole word is kept too. A second stream holds the initial consonants (초성)
of each Hangul run, so that ㄹㅇ finds 라인.

The same ``normalize`` serves the text that is indexed, the copy kept for the
exact recheck, and the words of a query, so that all three agree.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

# A term longer than this is cut to it, in the index and in queries alike.
MAX_TERM = 40
# Of a body, the index reads this many characters (the recheck reads as many).
MAX_BODY = 100_000

HANGUL = "hangul"
JAMO = "jamo"
CJK = "cjk"
LETTERS = "letters"
DIGITS = "digits"
# Scripts read in pairs of characters; the others as whole runs.
PAIRED = frozenset({HANGUL, JAMO, CJK})

CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
CONSONANTS = frozenset(CHOSEONG)

_WORD = re.compile(r"[^\W_]+")
_TAG = re.compile(r"<[^>]*>")
# Tags that end a block of text: what they separate must not run together.
_BREAK = re.compile(
    r"<(?:br|/?(?:p|div|li|ul|ol|h[1-6]|blockquote|pre|figure|figcaption|tr|td|th|table))\b[^>]*>",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")

# Characters that show as nothing (zero-width space and joiners, soft hyphen, the
# byte order mark, the Hangul fillers): dropped, so that they cannot split a word.
_INVISIBLE = "\u00ad\u034f\u115f\u1160\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u3164\ufeff\uffa0"
_FOLD: dict[int, int | None] = {ord(char): None for char in _INVISIBLE}
# Full-width Latin letters, digits and signs (U+FF01 to U+FF5E) read as their ASCII selves.
_FOLD.update({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)})
_FOLD[0x3000] = ord(" ")  # the ideographic space
_FOLD[0] = ord(" ")  # NUL never reaches a query or a row


def normalize(text: str) -> str:
    """Composed (NFC: decomposed jamo become syllables), full-width forms folded,
    invisible characters dropped, lowercased."""
    return unicodedata.normalize("NFC", text).translate(_FOLD).lower()


def html_text(body_html: str) -> str:
    """The text a reader reads of a sanitized body: blocks kept apart, references decoded."""
    text = _TAG.sub("", _BREAK.sub(" ", body_html))
    return _SPACES.sub(" ", html.unescape(text)).strip()


def script_of(char: str) -> str:
    code = ord(char)
    if 0xAC00 <= code <= 0xD7A3:
        return HANGUL
    if 0x3131 <= code <= 0x318E or 0x1100 <= code <= 0x11FF:
        return JAMO
    if (
        0x3040 <= code <= 0x30FF
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or code >= 0x20000
    ):
        return CJK
    if char.isdigit() or char.isnumeric():
        return DIGITS
    return LETTERS


def script_runs(word: str) -> list[tuple[str, str]]:
    """The runs of one script in a word: AI반도체 is (letters, ai), (hangul, 반도체)."""
    runs: list[tuple[str, str]] = []
    start = 0
    current = script_of(word[0]) if word else ""
    for index in range(1, len(word)):
        script = script_of(word[index])
        if script != current:
            runs.append((current, word[start:index]))
            start, current = index, script
    if word:
        runs.append((current, word[start:]))
    return runs


def words(text: str) -> list[str]:
    """The words of normalized text: runs of letters and digits of any script."""
    return _WORD.findall(text)


def bigrams(run: str) -> Iterator[str]:
    for index in range(len(run) - 1):
        yield run[index : index + 2]


def initials(run: str) -> str:
    """The initial consonants of a run of Hangul syllables: 라인 -> ㄹㅇ."""
    return "".join(CHOSEONG[(ord(char) - 0xAC00) // 588] for char in run)


def is_initials(word: str) -> bool:
    """A word made of initial consonants only (ㄹㅇ, ㅅㅍㅌ): a 초성 query."""
    return all(char in CONSONANTS for char in word)


@dataclass
class Terms:
    """What the index keeps of one field: its terms and its initial-consonant terms."""

    terms: set[str] = field(default_factory=set)
    initials: set[str] = field(default_factory=set)


def field_terms(text: str) -> Terms:
    """The index terms of one normalized field (a title, a body, a comment)."""
    found = Terms()
    for word in words(text):
        runs = script_runs(word)
        if len(runs) > 1:
            found.terms.add(word[:MAX_TERM])  # the mixed word whole: AI반도체
        for script, run in runs:
            if script in PAIRED:
                found.terms.update(bigrams(run))
                if script == HANGUL and len(run) > 1:
                    found.initials.add(initials(run)[:MAX_TERM])
            else:
                found.terms.add(run[:MAX_TERM])
    return found


@dataclass(frozen=True)
class Document:
    """A post or a comment as the index keeps it: normalized text for the recheck,
    and the terms of each field."""

    title: str
    body: str
    title_terms: Terms
    body_terms: Terms


def document(title: str, body: str) -> Document:
    title = normalize(title)
    body = normalize(body[:MAX_BODY])
    return Document(title, body, field_terms(title), field_terms(body))


def joined(terms: Iterable[str]) -> str:
    return " ".join(sorted(terms))
