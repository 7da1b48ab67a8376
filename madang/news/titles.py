# ruff: noqa: RUF001
# (the brackets, dashes and quotes of news titles are what this module reads)
"""News titles: the same story under another press's title, or another story.

``normalise_title`` keeps the words of a title and drops how it was filed: NFKC (full-width
letters and digits, ㈜, the ellipsis), the headline hanja read in Hangul (尹 → 윤,
title_words.toml), tags in brackets ([단독], [속보], (종합), 【포토】, <인터뷰>), any
bracketed words at the start or the end of the title, a press or portal name at the
end ("- 연합뉴스", "(뉴시스)", "| 네이버 뉴스"), quotes, ellipses and other
punctuation, case and extra spaces. An update's number is not dropped: "(종합2보)"
becomes the word "2보" at the end, because it is what tells an update of a story from a
copy of it, and the normalised title is all that is kept of a post's title.

``similarity`` is Dice's coefficient over the multisets of character bigrams of the
normalised titles, spaces left out (Korean titles space their words differently from one
press to the next: "해외 직구" and "해외직구"). Jaccard would decide the same: over
multisets J = D / (2 - D), the same order, so a threshold on one is a threshold on the
other; Dice reads as the share of each title found in the other.

``is_near_duplicate`` is stricter than a similarity: two titles are copies only if they
are as similar as ``THRESHOLD`` (chosen on the labelled set, docs/news.md) and nothing
says that one is a sequel of the other: the same update number, the same numbers where
both give numbers (사망 2명 and 사망 4명 are two stories, 2명 and a title without
numbers may be one), and the same marker words (반박, 해명, 철회..., and words of one
side of a pair such as 상승 and 하락; title_words.toml).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

WORDS = Path(__file__).with_name("title_words.toml")

# Chosen on the labelled set (tests/pairs.toml; docs/news.md has the figures).
THRESHOLD = 0.8
# Titles shorter than this many bigrams are too short to say they are one story.
MIN_BIGRAMS = 4

_EDITION_RE = re.compile(r"(?:종합)?\s*(\d+)\s*보")
_GROUP_RE = re.compile(r"[\[【〔<〈(]([^\[\]【】〔〕<>〈〉()]{0,30})[\]】〕>〉)]")
# Square and lenticular brackets at either end hold a tag or a press, whatever the words;
# angle brackets and parentheses there may be the story's own (<기생충>, (전년比 20%↑)).
_EDGE_GROUP_RE = re.compile(
    r"^\s*[\[【〔][^\]】〕]{0,30}[\]】〕]|[\[【〔][^\[【〔]{0,30}[\]】〕]\s*$"
)
# A press named after a bar, or after a dash or colon with spaces around it ("한-일" is
# not one).
_PRESS_END_RE = re.compile(r"(?:\s*[|ㅣ]\s*|\s+[-–—:]{1,2}\s+)([^|ㅣ\-–—:]{1,20})$")
_PRESS_LIKE_RE = re.compile(
    r"\w{1,12}(?:뉴스|일보|신문|경제|방송|타임스|타임즈|저널|데일리|투데이|닷컴|tv|news)(?:\d+)?"
)
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DECIMAL_RE = re.compile(r"(?<=\d)\.(?=\d)")
_NUMBER_RE = re.compile(r"(\d+(?:\.\d+)?)((?:천|만|억|조)*)")
_DIGIT_RE = re.compile(r"\d")
# Particles and endings that follow a stem, the longer first; at most two are taken off.
_ENDING_RE = re.compile(
    "(?:에서는|으로는|에게서|이라고|에서|으로|에게|까지|부터|보다|처럼|마다|이나|에는|에도"
    "|한다|했다|된다|됐다|하고|하며|이다|라고|면서|은|는|이|가|을|를|에|의|로|와|과|도|만"
    "|서|고|며|라|함|됨|중)$"
)
_UNITS = {"천": 10**3, "만": 10**4, "억": 10**8, "조": 10**12}
_SPACES_RE = re.compile(r"\s+")
_DECIMAL_MARK = "\ue000"  # a private-use character holds the decimal point through punctuation


@dataclass(frozen=True)
class Words:
    tags: frozenset[str]
    presses: frozenset[str]
    hanja: dict[int, str]
    numerals: re.Pattern[str]
    numeral_values: dict[str, str]
    markers: re.Pattern[str]
    alike: dict[str, str]


@cache
def words() -> Words:
    with WORDS.open("rb") as data:
        raw = tomllib.load(data)
    found = raw["markers"]
    alike = {_squeeze(word): marker for word, marker in found["alike"].items()}
    markers = sorted({*found["follow_up"], *found["polarity"], *alike}, key=len, reverse=True)
    return Words(
        tags=frozenset(_squeeze(tag) for tag in raw["tags"]),
        presses=frozenset(_squeeze(press) for press in raw["presses"]),
        hanja=str.maketrans(raw["hanja"]),
        numerals=re.compile("|".join(map(re.escape, raw["numerals"]))),
        numeral_values=dict(raw["numerals"]),
        markers=re.compile("|".join(map(re.escape, markers))),
        alike=alike,
    )


@dataclass(frozen=True)
class Title:
    """A normalised title with what the comparison reads from it."""

    text: str
    bigrams: Counter[str]
    size: int  # the number of bigrams
    edition: int  # 1 for a first report, 2 for "2보" and so on
    numbers: frozenset[str]
    markers: frozenset[str]
    words: tuple[str, ...]  # the words that are not numbers, for telling a word swapped

    @classmethod
    def of(cls, title: str) -> Title:
        """From a title as written, or as normalise_title left it (the same Title)."""
        return cls.from_normalised(normalise_title(title))

    @classmethod
    def from_normalised(cls, text: str) -> Title:
        """From what normalise_title returned (as stored with a post), without doing it
        again: a window of stored titles is read in a third of the time."""
        edition = 1
        body = text
        last = text.rsplit(" ", 1)
        if len(last) == 2 and re.fullmatch(r"\d+보", last[1]):
            body, edition = last[0], int(last[1][:-1])
        grams = bigrams(body)
        found = words().markers.findall(body.replace(" ", ""))
        return cls(
            text=text,
            bigrams=grams,
            size=sum(grams.values()),
            edition=edition,
            numbers=frozenset(map(_number, _NUMBER_RE.finditer(body))),
            markers=frozenset(words().alike.get(marker, marker) for marker in found),
            words=tuple(word for word in body.split() if not _DIGIT_RE.search(word)),
        )


def normalise_title(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).translate(words().hanja).casefold()
    edition = 1
    for found in _EDITION_RE.finditer(" ".join(_bracketed(text))):
        edition = max(edition, int(found[1]))
    text = _strip_tags(text)
    text = words().numerals.sub(lambda found: words().numeral_values[found[0]], text)
    text = _THOUSANDS_RE.sub("", text)
    text = _DECIMAL_RE.sub(_DECIMAL_MARK, text)
    text = "".join(" " if _is_punctuation(char) else char for char in text)
    text = _SPACES_RE.sub(" ", text.replace(_DECIMAL_MARK, ".")).strip()
    if edition > 1 and text:
        text = f"{text} {edition}보"
    return text


def bigrams(text: str) -> Counter[str]:
    """The character bigrams of a normalised title, spaces left out."""
    squeezed = text.replace(" ", "")
    return Counter(squeezed[i : i + 2] for i in range(len(squeezed) - 1))


def dice(a: Title, b: Title) -> float:
    if not a.size or not b.size:
        return 0.0
    if len(a.bigrams) > len(b.bigrams):
        a, b = b, a
    shared = sum(min(count, b.bigrams[gram]) for gram, count in a.bigrams.items())
    return 2 * shared / (a.size + b.size)


def similarity(a: str, b: str) -> float:
    """How much of two titles is the same, from 0 to 1 (Dice over character bigrams)."""
    return dice(Title.of(a), Title.of(b))


def is_near_duplicate(a: str, b: str) -> bool:
    return near_duplicates(Title.of(a), Title.of(b))


def near_duplicates(a: Title, b: Title) -> bool:
    """Whether two prepared titles tell the same story (see the module's docstring)."""
    if a.size < MIN_BIGRAMS or b.size < MIN_BIGRAMS:
        return False
    if a.edition != b.edition or a.markers != b.markers:
        return False
    if a.numbers and b.numbers and a.numbers != b.numbers:
        return False
    if _swapped(a, b) and _swapped(b, a):
        return False
    return dice(a, b) >= THRESHOLD


def _swapped(a: Title, b: Title) -> bool:
    """Whether ``a`` has a word that ``b`` lacks: a word of two syllables or more, not a
    marker (those are compared apart), some bigram of whose stem is nowhere in ``b``.
    The stem is the word without the particles and endings Korean puts after it
    (전국으로, 점검한다고). Both titles having such a word is a word swapped for another
    (서울 and 부산, 프로농구 and 프로배구): another place, another league, another story."""
    markers = words().markers
    for word in a.words:
        stem = _stem(word)
        if len(stem) < 2 or markers.search(word):
            continue
        if any(stem[i : i + 2] not in b.bigrams for i in range(len(stem) - 1)):
            return True
    return False


def _stem(word: str) -> str:
    for _ in range(2):
        found = _ENDING_RE.search(word)
        if found is None or found.start() < 2:
            break
        word = word[: found.start()]
    return word


def _number(found: re.Match[str]) -> str:
    """A number with its units multiplied out: 1천만 and 1000만 are both 10000000."""
    value = float(found[1])
    for unit in found[2]:
        value *= _UNITS[unit]
    return f"{value:g}" if value < 1e15 else found[0]


def _bracketed(text: str) -> list[str]:
    return _GROUP_RE.findall(text)


def _squeeze(text: str) -> str:
    return _SPACES_RE.sub("", unicodedata.normalize("NFKC", text).casefold())


def _is_tag(content: str) -> bool:
    squeezed = _squeeze(content)
    return squeezed in words().tags or bool(_EDITION_RE.fullmatch(squeezed))


def _is_press(content: str) -> bool:
    squeezed = _squeeze(content)
    return squeezed in words().presses or bool(_PRESS_LIKE_RE.fullmatch(squeezed))


def _strip_tags(text: str) -> str:
    """Tags anywhere, then bracketed words at either end and press names at the end,
    until none is left ("[단독][포토] ... (종합) - 연합뉴스")."""
    text = _GROUP_RE.sub(lambda group: " " if _is_tag(group[1]) else group[0], text)
    while True:
        before = text
        press = _PRESS_END_RE.search(text)
        if press and _is_press(press[1]):
            text = text[: press.start()]
        group = _GROUP_RE.search(text.rstrip())
        if group and group.end() == len(text.rstrip()) and _is_press(group[1]):
            text = text[: group.start()]
        text = _EDGE_GROUP_RE.sub(" ", text).strip()
        if text == before:
            return text


def _is_punctuation(char: str) -> bool:
    return char not in (" ", _DECIMAL_MARK) and unicodedata.category(char)[0] in "PSZC"
