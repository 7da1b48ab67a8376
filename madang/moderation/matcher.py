"""Find banned words (금칙어) in a post or comment, through the evasions ``normalize`` folds.

Build a ``Matcher`` once from the patterns and keep it; ``find`` is then linear in the text:
plain words and their 초성 forms are looked up together with one Aho-Corasick automaton on
the folded text, and each hit is checked against the rules below. Regular expressions run
on the folded text too (lower case, syllables composed, evasive separators gone, the ones
between words kept as typed), each under a time limit: one that runs out counts as no
match, and is logged.

Rules applied to a hit of a plain word:

* Exceptions: a hit that lies inside a longer ordinary word is dropped. The words are the
  pattern's own ``exceptions`` plus ``BUILTIN_EXCEPTIONS`` (real words that contain common
  banned words: 시발점, 등신대, 애자일...). 병신년 is a year (丙申年) only near a year.
* A Latin word of 3 letters or fewer must be a word of its own, or inflected: "ass" and
  "asses" are hit, "class", "assistant" and "bass" are not. Longer ones are hit inside
  words too (bullshit, motherfucker); BUILTIN_EXCEPTIONS lists the real words that
  contain them (Scunthorpe, shitake).
* Normal spacing of a compound insult (미친 놈, 정신 병자, 한남 충) is not evasion, but
  it is still the word: a Hangul word of 3+ syllables is also looked for with one space
  after a leading part of 2+ syllables, when that part is a whole word of the text. A
  one-syllable first part is not enough ("개 새끼" may be a dog's puppy, "시 발표" a poem).
* The 초성 form of a Hangul word of 2+ syllables (시발 → ㅅㅂ) counts only as a token of
  its own: not next to other consonant jamo, except laughter (ㅋ, ㅎ) or a repeat
  (ㅅㅂㅅㅂ); and never for forms that are everyday abbreviations (ㅇㅈ 인정, ㄱㅅ 감사).
  A form shared by several patterns is reported once, for the lowest id.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick
import regex

from madang.moderation.normalize import Trace, choseong, fold_pattern, fold_traced, is_syllable

logger = logging.getLogger(__name__)

REGEX_TIMEOUT = 0.05  # seconds per regular expression and text

# Ordinary words that contain a banned word, with the context they need, if any.
_YEAR = re.compile(r"丙申|\d{4}|새해|원숭이|갑자|간지")
BUILTIN_EXCEPTIONS: tuple[tuple[str, re.Pattern[str] | None], ...] = (
    *((word, None) for word in ("시발점", "시발역", "시발택시", "시발자동차")),
    ("병신년", _YEAR),  # 丙申年: 1956, 2016; otherwise "병신 년" is an insult
    *((word, None) for word in ("등신대", "등신불", "등신상")),  # 等身: life-size
    *((word, None) for word in ("전염병", "감염병")),  # contain 염병
    *((word, None) for word in ("유니섹스", "미들섹스")),
    ("애자일", None),  # agile
    *((word, None) for word in ("자위대", "자위권", "자위적")),  # 自衛: self-defence
    *((word, None) for word in ("새끼손가락", "새끼발가락", "새끼줄", "새끼손톱")),
    *((word, None) for word in ("한남동", "한남대교")),
    *((word, None) for word in ("shitake", "shitzu", "mishit", "scunthorpe")),
)
# 초성 forms in everyday use for ordinary words: never read them as a banned word.
COMMON_CHOSEONG = frozenset(
    {
        "ㅇㅈ",
        "ㄱㅅ",
        "ㅇㅋ",
        "ㄴㄴ",
        "ㅇㅇ",
        "ㅈㅅ",
        "ㄱㄱ",
        "ㅊㅋ",
        "ㅎㅇ",
        "ㅂㅂ",
        "ㅃㅃ",
        "ㅁㄹ",
        "ㄷㄷ",
        "ㅅㄱ",
        "ㄹㅇ",
        "ㄱㅊ",
        "ㅊㅊ",
        "ㅇㄷ",
        "ㅎㅎ",
        "ㅋㅋ",
        "ㅁㅊ",
        "ㅇㅂ",
        "ㄴㄱ",
        "ㅇㅁㅇ",
        "ㅎㄷㄷ",
        "ㄱㅇㄷ",
        "ㅇㄱㄹㅇ",
        "ㅈㄱㄴ",
        "ㅇㅎ",
        "ㄱㄴ",
        "ㄷㄱ",
    }
)
_LATIN_SUFFIXES = frozenset({"s", "es", "ed", "er", "ers", "ing", "in", "y"})
_LAUGHTER = "ㅋㅎ"


@dataclass(frozen=True)
class Pattern:
    id: int
    text: str  # a plain word, or a regular expression when is_regex
    is_regex: bool = False
    exceptions: tuple[str, ...] = ()  # longer ordinary words containing it, e.g. ("시발점",)


@dataclass(frozen=True)
class Match:
    pattern_id: int
    start: int  # span in the ORIGINAL text
    end: int
    text: str  # original text of the span


@dataclass(frozen=True)
class _Exception:
    word: str  # folded
    offsets: tuple[int, ...]  # where the banned word sits inside it
    context: re.Pattern[str] | None = None  # must be found around it in the original text


@dataclass(frozen=True)
class _Entry:
    """One way a key of the automaton can stand for a pattern."""

    pattern_id: int
    key: str
    kind: str = "word"  # "word", "choseong" (ㅅㅂ for 시발) or "spaced" (미친 놈)
    exceptions: tuple[_Exception, ...] = ()


@dataclass(frozen=True)
class _Hit:
    """A text being checked: the original, the folded form and the way back."""

    original: str
    folded: str
    trace: Trace

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.trace.span(start, end)


def _code_units(text: str) -> str:
    """Each character as its 4 UTF-32 bytes, written as 4 characters below 256.

    pyahocorasick finds the next state by scanning a node's children one by one, and the
    root of thousands of Hangul words has thousands of children. Spelled as bytes, no
    node has more than 256 and most have a few (5.6 ms → 0.25 ms for 5,000 words on
    10,000 characters), and the spelling is done by the codec, in C.
    """
    return text.encode("utf-32-be", "surrogatepass").decode("latin-1")


def _is_latin(char: str) -> bool:
    return "a" <= char <= "z"


def _is_consonant_jamo(char: str) -> bool:
    return "\u3131" <= char <= "\u314e"


def _offsets(key: str, word: str) -> tuple[int, ...]:
    """Every place where key sits inside word."""
    found = []
    at = word.find(key)
    while at >= 0:
        found.append(at)
        at = word.find(key, at + 1)
    return tuple(found)


def _exceptions_for(
    key: str, words: Iterable[tuple[str, re.Pattern[str] | None]]
) -> tuple[_Exception, ...]:
    return tuple(
        _Exception(word, _offsets(key, word), context)
        for word, context in words
        if key in word and word != key
    )


def _word_entries(patterns: Iterable[Pattern]) -> dict[str, list[_Entry]]:
    """The keys of the automaton, each with the ways it stands for a pattern."""
    builtins = [(fold_pattern(word), context) for word, context in BUILTIN_EXCEPTIONS]
    entries: dict[str, list[_Entry]] = {}
    choseong_owner: dict[str, int] = {}
    for pattern in patterns:
        key = fold_pattern(pattern.text)
        if not key:
            logger.warning("banned word %s folds to nothing; ignored", pattern.id)
            continue
        own = [(fold_pattern(word), None) for word in pattern.exceptions]
        exceptions = _exceptions_for(key, [*own, *builtins])
        entries.setdefault(key, []).append(_Entry(pattern.id, key, "word", exceptions))
        if len(key) < 2 or not all(map(is_syllable, key)):
            continue
        for split in range(2, len(key)):  # 미친 놈: a whole word of 2+ syllables, a space
            spaced = f"{key[:split]} {key[split:]}"
            entries.setdefault(spaced, []).append(_Entry(pattern.id, spaced, "spaced"))
        initials = choseong(key)
        if initials not in COMMON_CHOSEONG:
            owner = choseong_owner.get(initials, pattern.id)
            choseong_owner[initials] = min(owner, pattern.id)
    for initials, pattern_id in choseong_owner.items():
        entries.setdefault(initials, []).append(_Entry(pattern_id, initials, "choseong"))
    return entries


class Matcher:
    def __init__(
        self, patterns: Iterable[Pattern], *, regex_timeout: float = REGEX_TIMEOUT
    ) -> None:
        self._regex_timeout = regex_timeout
        self._regexes: list[tuple[int, regex.Pattern[str], tuple[_Exception, ...]]] = []
        words = []
        for pattern in patterns:
            if pattern.is_regex:
                self._add_regex(pattern)
            else:
                words.append(pattern)
        entries = _word_entries(words)
        self._automaton = ahocorasick.Automaton()
        for key, key_entries in entries.items():
            self._automaton.add_word(_code_units(key), (len(key), tuple(key_entries)))
        self._automaton.make_automaton()
        self._has_words = bool(entries)

    def _add_regex(self, pattern: Pattern) -> None:
        try:
            compiled = regex.compile(pattern.text, regex.IGNORECASE)
        except regex.error as error:
            logger.warning("banned regex %s does not compile (%s); ignored", pattern.id, error)
            return
        own = [(fold_pattern(word), None) for word in pattern.exceptions]
        exceptions = tuple(_Exception(word, tuple(range(len(word)))) for word, _ in own)
        self._regexes.append((pattern.id, compiled, exceptions))

    def find(self, text: str) -> list[Match]:
        """All matches, sorted by position, each (pattern, span) once."""
        hit = _Hit(text, *fold_traced(text))
        spans: set[tuple[int, int, int]] = set()
        if self._has_words:
            for last, (length, entries) in self._automaton.iter(_code_units(hit.folded)):
                if (last + 1) % 4:
                    continue  # the bytes of a key across two characters
                end = (last + 1) // 4
                start = end - length
                for entry in entries:
                    if self._accepts(entry, hit, start, end):
                        spans.add((*hit.span(start, end), entry.pattern_id))
        for pattern_id, compiled, exceptions in self._regexes:
            for start, end in self._search(pattern_id, compiled, hit.folded):
                if not _excepted(exceptions, hit, start, end):
                    spans.add((*hit.span(start, end), pattern_id))
        return [Match(pid, start, end, text[start:end]) for start, end, pid in sorted(spans)]

    def first(self, text: str) -> Match | None:
        matches = self.find(text)
        return matches[0] if matches else None

    def _accepts(self, entry: _Entry, hit: _Hit, start: int, end: int) -> bool:
        if entry.kind == "choseong":
            return _standalone_choseong(hit.folded, entry.key, start, end)
        if entry.kind == "spaced":
            return start == 0 or not hit.folded[start - 1].isalpha()
        if _is_latin(entry.key[0]) and not _latin_word(hit.folded, entry.key, start, end):
            return False
        return not _excepted(entry.exceptions, hit, start, end)

    def _search(
        self, pattern_id: int, compiled: regex.Pattern[str], folded: str
    ) -> list[tuple[int, int]]:
        """Spans of a regular expression; none at all when it runs out of time."""
        found: list[tuple[int, int]] = []
        deadline = time.monotonic() + self._regex_timeout
        pos = 0
        try:
            while pos <= len(folded):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                m = compiled.search(folded, pos, timeout=remaining)
                if m is None:
                    break
                if m.end() > m.start():
                    found.append(m.span())
                pos = max(m.end(), m.start() + 1)
        except TimeoutError:
            logger.warning(
                "banned regex %s timed out on %d chars; no match", pattern_id, len(folded)
            )
            return []
        return found


def _excepted(exceptions: Iterable[_Exception], hit: _Hit, start: int, end: int) -> bool:
    """Whether folded[start:end] lies inside one of the exception words."""
    for exception in exceptions:
        for offset in exception.offsets:
            at = start - offset
            if at < 0 or at + len(exception.word) < end:
                continue
            if not hit.folded.startswith(exception.word, at):
                continue
            if exception.context is None:
                return True
            first, last = hit.span(at, at + len(exception.word))
            if exception.context.search(hit.original[max(0, first - 16) : last + 16]):
                return True
    return False


def _latin_word(folded: str, key: str, start: int, end: int) -> bool:
    if len(key) > 3:
        return True
    if start > 0 and _is_latin(folded[start - 1]):
        return False
    if end == len(folded) or not _is_latin(folded[end]):
        return True
    stop = end
    while stop < len(folded) and _is_latin(folded[stop]):
        stop += 1
    return folded[end:stop] in _LATIN_SUFFIXES


def _standalone_choseong(folded: str, key: str, start: int, end: int) -> bool:
    before = folded[start - 1] if start else ""
    after = folded[end] if end < len(folded) else ""
    left_ok = (
        not _is_consonant_jamo(before) or before in _LAUGHTER or folded.endswith(key, 0, start)
    )
    right_ok = not _is_consonant_jamo(after) or after in _LAUGHTER or folded.startswith(key, end)
    return left_ok and right_ok
