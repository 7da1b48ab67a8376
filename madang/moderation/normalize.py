"""Folding of posts and banned words (금칙어), so that an evasion reads as the word it hides.

``fold`` turns text into letters and the separators between words, and keeps for each folded
character the span of original text it came from, so that a match is reported on the text
as typed. Banned words go through the same folding (``fold_pattern``).

The stages, in order:

1. Each character on its own (a lazily filled table, see ``_CharTable``): invisible
   characters (format controls such as zero-width spaces, soft hyphens and bidi controls,
   combining marks and variation selectors, the Hangul fillers) are dropped; NFKC folds
   full-width and other compatibility forms; marks are stripped from non-Hangul letters;
   case is folded; Cyrillic and Greek look-alikes become Latin; conjoining jamo become
   compatibility jamo, except trailing consonants, which keep their role for stage 2.
2. Jamo composition by the Unicode algorithm (L + V [+ T]): conjoining sequences and
   compatibility jamo typed one by one (ㅅㅣㅂㅏㄹ) become syllables; a digit or Latin
   letter shaped like a vowel after a consonant stands for it (ㅅ1발, ㄱH새끼).
3. Leetspeak inside Latin words (sh1t, a$$).
4. Separators (spaces, punctuation, digits, symbols) between letters: removed where the
   gap looks like evasion, otherwise kept as a word boundary. See ``_GAP_RE``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

S_BASE, L_BASE, V_BASE, T_BASE = 0xAC00, 0x1100, 0x1161, 0x11A7
L_COUNT, V_COUNT, T_COUNT = 19, 21, 28
N_COUNT = V_COUNT * T_COUNT
S_COUNT = L_COUNT * N_COUNT

# Compatibility jamo, in the order of the conjoining ones; JONGSEONG[0] means "no final".
CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
JUNGSEONG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
JONGSEONG = "\0ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
_LEAD = {c: i for i, c in enumerate(CHOSEONG)}
_VOWEL = {c: i for i, c in enumerate(JUNGSEONG)}
_TAIL = {c: i for i, c in enumerate(JONGSEONG) if i}
# A cluster left alone is spelled out: ㅄ is the usual 초성 shorthand of 병신.
_CLUSTER = {"ㄳ": "ㄱㅅ", "ㄵ": "ㄴㅈ", "ㄶ": "ㄴㅎ", "ㄺ": "ㄹㄱ", "ㄻ": "ㄹㅁ", "ㄼ": "ㄹㅂ"}
_CLUSTER |= {"ㄽ": "ㄹㅅ", "ㄾ": "ㄹㅌ", "ㄿ": "ㄹㅍ", "ㅀ": "ㄹㅎ", "ㅄ": "ㅂㅅ"}
# Characters typed for a vowel after a consonant (외계어): ㅅ1발, ㄱH새끼, ㄱr끔, ㄴト.
# Matched after case folding; not after ㅋ or ㅎ, where "ㅋㅋ1등" would become "ㅋ키등".
_LOOKALIKE_VOWEL = {"1": "ㅣ", "l": "ㅣ", "i": "ㅣ", "|": "ㅣ", "!": "ㅣ", "h": "ㅐ", "r": "ㅏ"}
_LOOKALIKE_VOWEL["ト"] = "ㅏ"

# Letters that look like Latin ones, after case folding (a small hand-made table).
CONFUSABLES = str.maketrans(
    "авекмнопрстуххѕіїјԁӏһүьαβγεηικνορτυχω" + "ıłøđħɑɡɩ",
    "abekmhonpctyxxsiijdlhybabyenikvoptuxw" + "ilodhagi",
)
# Hangul fillers are letters (Lo) to Unicode but invisible on screen.
_FILLERS = {"\u115f", "\u1160", "\u3164", "\uffa0"}
_INVISIBLE_CATEGORIES = {"Cf", "Mn", "Me", "Cc", "Co", "Cs"}  # not Cn: newer emoji
_BLANKS = {"\u2800"}  # braille blank: drawn as a space, not classed as one
_DROP, _EXPAND = "\x00", "\x01"  # stage 1 markers: no character, several characters
_MARKS_RE = re.compile("[\x00\x01]+")
_TABLE_LIMIT = 200_000  # the char table is a memo of a pure function: bound it anyway

_LEET = str.maketrans("013457@$!|", "oieastasii")


@dataclass(frozen=True)
class Normalized:
    text: str  # the folded text that patterns are matched against
    origin: tuple[int, ...]  # origin[i] = index in the original text of folded char i
    origin_end: tuple[int, ...] = ()  # index just past the last original char of folded char i

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded text[start:end] (end > start)."""
        return self.origin[start], self.origin_end[end - 1]


def is_syllable(char: str) -> bool:
    return 0xAC00 <= ord(char) <= 0xD7A3


def choseong(word: str) -> str:
    """The initial consonants of the Hangul syllables of word (시발 → ㅅㅂ); the rest as is."""
    return "".join(CHOSEONG[(ord(c) - S_BASE) // N_COUNT] if is_syllable(c) else c for c in word)


def _conjoining_to_compat(char: str) -> str:
    cp = ord(char)
    if L_BASE <= cp < L_BASE + L_COUNT:
        return CHOSEONG[cp - L_BASE]
    if V_BASE <= cp < V_BASE + V_COUNT:
        return JUNGSEONG[cp - V_BASE]
    return char  # trailing consonants keep their role; archaic jamo stay as they are


def _fold_char(char: str) -> str:
    """Stage 1 for one character: "" when it is invisible, else its folded form."""
    if is_syllable(char) or ("\u3131" <= char <= "\u318e" and char not in _FILLERS):
        return char
    if char.isspace() or char in _BLANKS:
        return " "
    out = []
    for c in unicodedata.normalize("NFKC", char):
        # NFD would split a syllable (㈜ → (주)) into jamo: only letters lose their marks.
        for piece in (c if is_syllable(c) else unicodedata.normalize("NFD", c)).casefold():
            if piece in _FILLERS or unicodedata.category(piece) in _INVISIBLE_CATEGORIES:
                continue
            out.append(" " if piece.isspace() else _conjoining_to_compat(piece))
    return "".join(out).translate(CONFUSABLES)


class _CharTable(dict[int, str]):
    """str.translate table of stage 1 that fills itself: every value is one character."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        value = folded if len(folded) == 1 else _EXPAND if folded else _DROP
        if len(self) < _TABLE_LIMIT:
            self[code] = value
        return value


_CHAR_TABLE = _CharTable()

# An edit replaces text[a:b] by a string; each new char came from input chars [x, y).
_Edit = tuple[int, int, str, list[tuple[int, int]]]


class _Stage:
    """The edits one stage made to its text, kept to trace a folded char back."""

    __slots__ = ("edits", "out_starts")

    def __init__(self, edits: list[_Edit], out_starts: list[int]) -> None:
        self.edits = edits
        self.out_starts = out_starts  # where each edit's replacement begins in the output

    def char_span(self, pos: int) -> tuple[int, int]:
        """The input chars that output char pos came from."""
        k = bisect_right(self.out_starts, pos) - 1
        if k < 0:
            return pos, pos + 1
        _, b, replacement, spans = self.edits[k]
        offset = pos - self.out_starts[k]
        if offset < len(replacement):
            return spans[offset]
        return b + offset - len(replacement), b + offset - len(replacement) + 1


class Trace:
    """The way back from folded text to the original, worked out only where it is asked."""

    def __init__(self, length: int) -> None:
        self.length = length  # of the original text
        self.stages: list[_Stage] = []

    def apply(self, text: str, edits: list[_Edit]) -> str:
        """Splice sorted, disjoint edits into text, and remember them."""
        if not edits:
            return text
        out: list[str] = []
        out_starts: list[int] = []
        pos = size = 0
        for a, b, replacement, _ in edits:
            out += (text[pos:a], replacement)
            size += a - pos
            out_starts.append(size)
            size += len(replacement)
            pos = b
        out.append(text[pos:])
        self.stages.append(_Stage(edits, out_starts))
        return "".join(out)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded text[start:end] (end > start)."""
        first, last = start, end - 1
        for stage in reversed(self.stages):
            first, last = stage.char_span(first)[0], stage.char_span(last)[1] - 1
        return first, last + 1

    def origins(self) -> tuple[list[int], list[int]]:
        """Where every folded char starts and ends in the original."""
        starts: Sequence[int] = range(self.length)
        ends: Sequence[int] = range(1, self.length + 1)
        for stage in self.stages:
            new_starts: list[int] = []
            new_ends: list[int] = []
            pos = 0
            for a, b, _, spans in stage.edits:
                new_starts += starts[pos:a]
                new_ends += ends[pos:a]
                new_starts += (starts[x] for x, _ in spans)
                new_ends += (ends[y - 1] for _, y in spans)
                pos = b
            new_starts += starts[pos:]
            new_ends += ends[pos:]
            starts, ends = new_starts, new_ends
        return list(starts), list(ends)


# Characters that stage 1 leaves alone but for ASCII case: most posts hold nothing else,
# and str.lower() is much faster than a translate table on Hangul (tested in test_normalize).
_PLAIN_RE = re.compile("[^\t\n\r\x20-\x7e가-힣\u3131-\u3163\u3165-\u318e\U0001f300-\U0001faff]")


def _fold_chars(text: str, trace: Trace) -> str:
    if not _PLAIN_RE.search(text):
        return text.lower().replace("\n", " ").replace("\t", " ").replace("\r", " ")
    translated = text.translate(_CHAR_TABLE)
    if _DROP not in translated and _EXPAND not in translated:
        return translated
    edits: list[_Edit] = []
    for m in _MARKS_RE.finditer(translated):
        expanded = [(i, _fold_char(text[i])) for i in range(*m.span()) if translated[i] == _EXPAND]
        spans = [(i, i + 1) for i, chars in expanded for _ in chars]
        edits.append((m.start(), m.end(), "".join(chars for _, chars in expanded), spans))
    return trace.apply(translated, edits)


_CONS, _VOW, _TRAIL = "\u3131-\u314e", "\u314f-\u3163", "\u11a8-\u11c2"
_LOOK_LEAD = "ㄱ-ㅊㅌㅍ"  # consonants a look-alike vowel may follow (not ㅋ, ㅎ)
_LOOK_CHAR = rf"[{re.escape(''.join(_LOOKALIKE_VOWEL))}](?![a-z])"
# A stretch of jamo in which something composes. Every expression here starts with a
# character class, which lets the regex engine skip ahead to candidates on its own.
_JAMO_RE = re.compile(
    rf"[{_CONS}{_TRAIL}](?:(?<=[{_TRAIL}ㄳㄵㄶㄺ-ㅀㅄ])|(?<=[{_CONS}])(?=[{_VOW}])"
    rf"|(?<=[{_LOOK_LEAD}{_TRAIL}])(?={_LOOK_CHAR}))"
    rf"(?:[{_CONS}{_VOW}{_TRAIL}]|(?<=[{_LOOK_LEAD}{_TRAIL}]){_LOOK_CHAR})*"
)


def _vowel(units: list[tuple[str, int, int]], k: int, lead: str) -> int | None:
    """Index of the vowel of units[k] after lead (a look-alike only after a consonant)."""
    if k >= len(units):
        return None
    char = units[k][0]
    if char in _VOWEL:
        return _VOWEL[char]
    if char in _LOOKALIKE_VOWEL and lead in _LEAD and lead not in "ㅋㅎ":
        return _VOWEL[_LOOKALIKE_VOWEL[char]]
    return None


def _is_trail(text: str, k: int) -> bool:
    return k < len(text) and "\u11a8" <= text[k] <= "\u11c2"  # a conjoining final


def _compose_run(run: str) -> tuple[str, list[tuple[int, int]]]:
    """Compose one stretch of jamo; each output char with the span of run it covers."""
    units = [(char, i, i + 1) for i, char in enumerate(run)]
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        char, start, end = units[i]
        after = units[i + 1][0] if i + 1 < len(units) else ""
        if is_syllable(char) and (ord(char) - S_BASE) % T_COUNT == 0 and _is_trail(after, 0):
            out.append(chr(ord(char) + ord(after) - T_BASE))  # LV + conjoining T
            spans.append((start, units[i + 1][2]))
            i += 2
            continue
        if _is_trail(char, 0):
            char = JONGSEONG[ord(char) - T_BASE]  # no syllable to end: a keyboard letter
        if char in _CLUSTER:  # not the end of a syllable, so two letters: ㅄ, ㄳㅏ (ㄱ, 사)
            units[i : i + 1] = [(part, start, end) for part in _CLUSTER[char]]
            continue
        lead, vowel = _LEAD.get(char), _vowel(units, i + 1, char)
        j = i + 1
        if lead is not None and vowel is not None:
            j, tail = i + 2, 0
            final = units[j][0] if j < len(units) else ""
            if _is_trail(final, 0):
                j, tail = j + 1, ord(final) - T_BASE
            elif final in _TAIL and _vowel(units, j + 1, final) is None:
                j, tail = j + 1, _TAIL[final]  # a final unless it starts the next syllable
            char = chr(S_BASE + (lead * V_COUNT + vowel) * T_COUNT + tail)
        out.append(char)
        spans.append((start, units[j - 1][2]))
        i = j
    return "".join(out), spans


def _compose_jamo(text: str, trace: Trace) -> str:
    edits: list[_Edit] = []
    for m in _JAMO_RE.finditer(text):
        a = m.start()
        if _is_trail(text, a) and a and is_syllable(text[a - 1]):
            a -= 1  # a conjoining final after a syllable that has none (checked in the run)
        composed, spans = _compose_run(text[a : m.end()])
        edits.append((a, m.end(), composed, [(a + x, a + y) for x, y in spans]))
    return trace.apply(text, edits)


_LEET_RE = re.compile(r"[a-z$@](?:(?<=[a-z])[013457@$!|]|(?<=[$@])[a-z])")
_LEET_RUN_RE = re.compile(r"[013457@$!|]+")


def _leet(text: str) -> str:
    """sh1t → shit, a$$ → ass: only inside Latin words, so "mp3" and "2024년" stay as they are."""
    if not _LEET_RE.search(text):
        return text

    def swap(m: re.Match[str]) -> str:
        before = m.start() > 0 and "a" <= text[m.start() - 1] <= "z"
        after = m.end() < len(text) and "a" <= text[m.end()] <= "z"
        money = all(c in "$@" for c in m.group())
        if (before and after) or (money and (before or after)):
            return m.group().translate(_LEET)
        return m.group()

    return _LEET_RUN_RE.sub(swap, text)  # one for one: the trace needs no edits


# Separators between letters. A "token" is a run of letters; a "gap" is the run of
# separators (spaces, punctuation, digits, symbols) between two tokens.
#
# Evasion puts separators between the syllables of one word, while ordinary text puts
# spaces between words. The rule, measured on tests/banned_cases.py:
#   * a gap between two single-letter tokens is removed, whatever it holds:
#     시 발, 시 . 발, f u c k, ㅅ ㅂ — a word spelled one letter at a time;
#   * a gap without any space is removed when a token beside it is a single letter:
#     시.발, 시1발, 시~~발, 개_새끼, 미친.놈 — punctuation or digits glued inside a word;
#   * any other gap is a word boundary and stays as it is, so "아시 발견" keeps its space
#     and does not read as 시발, nor "몇시?발표" (neither side is a single letter).
# Gaps at either end are removed. The expression starts with the first separator of a
# gap, so that the engine skips the letters on its own; a gap that starts with a space
# can only go by the first rule, which lets the common case (a space between two longer
# words) fail in a few steps: finding the gaps is half the time of a fold.
_L, _G = r"[^\W\d_]", r"[\W\d_]"
_NWG = r"(?:[^\w ]|[\d_])"  # a separator other than a space (spaces are ' ' by now)
_BOTH_SINGLE = rf"(?<=(?<!{_L}){_L}{_G}){_G}*(?={_L}(?!{_L}))"
_GLUED = rf"(?<=(?<!{_L}){_L}{_NWG}){_NWG}*(?={_L})|(?<={_L}{_NWG}){_NWG}*(?={_L}(?!{_L}))"
_GAP_RE = re.compile(
    rf"{_G}(?:(?<= )(?<=(?<!{_L}){_L} ){_G}*(?={_L}(?!{_L}))"  # a space: single letters only
    rf"|(?<! )(?:{_BOTH_SINGLE}|{_GLUED}))"
)
_LETTER_RE = re.compile(_L)


def _resolve_gaps(text: str, trace: Trace) -> tuple[str, bool]:
    """Remove the gaps that look like evasion, and those at either end."""
    letter = _LETTER_RE.search(text)
    first = letter.start() if letter else len(text)
    last = len(text)
    while last > first and not _LETTER_RE.match(text, last - 1):
        last -= 1
    edits: list[_Edit] = [(0, first, "", [])] if first else []
    edits += ((m.start(), m.end(), "", []) for m in _GAP_RE.finditer(text, first, last))
    joined = len(edits) > bool(first)
    if last < len(text):
        edits.append((last, len(text), "", []))
    return trace.apply(text, edits), joined


def fold_traced(text: str) -> tuple[str, Trace]:
    """The folded text, and the trace back to the original (see ``Trace.span``)."""
    trace = Trace(len(text))
    folded = _leet(_compose_jamo(_fold_chars(text, trace), trace))
    for _ in range(4):  # joining can bring jamo together (ㅅ.ㅣ): compose, then look again
        folded, joined = _resolve_gaps(folded, trace)
        composed = _compose_jamo(folded, trace) if joined else folded
        if composed is folded:
            break
        folded = composed
    return folded, trace


def fold(text: str) -> Normalized:
    folded, trace = fold_traced(text)
    starts, ends = trace.origins()
    return Normalized(folded, tuple(starts), tuple(ends))


def fold_pattern(word: str) -> str:
    """The same folding for a banned word itself."""
    return fold_traced(word)[0]
