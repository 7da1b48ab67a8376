"""What a reader typed, as words the index can look up (docs/search.md).

Whatever is typed becomes words: runs of letters and digits, normalized as the
index normalizes text (``search.text``). Quotes, operators of any search
syntax (AND, OR, NOT, NEAR, ``*``, ``^``, ``:``, parentheses), ``%``, ``_``,
backslashes and control characters are separators or plain words: nothing the
reader types reaches the database as syntax. Each word is a set of index terms
that must all be there (or one of two such sets, for initial consonants), and
the word itself, which the matched rows must contain (the recheck).
"""

from __future__ import annotations

from dataclasses import dataclass

from madang.search.text import (
    DIGITS,
    JAMO,
    LETTERS,
    MAX_TERM,
    PAIRED,
    is_initials,
    normalize,
    script_runs,
    words,
)

MAX_QUERY = 200  # characters read of what was typed
MAX_WORDS = 8


@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool = False  # any term that starts with it: line* finds lines, 10* finds 10조엔
    initials: bool = False  # a term of the initial-consonant stream


@dataclass(frozen=True)
class Word:
    """One word of a query: ``text`` is what a matched field must contain; the index
    finds the rows that hold every term of one of the ``alternatives``."""

    text: str
    alternatives: tuple[tuple[Term, ...], ...]
    # The index match proves the field contains ``text``: no recheck needed.
    exact: bool
    # Initial consonants (ㄹㅇ): they match a word's initials, so no substring recheck.
    initials: bool = False

    @property
    def short(self) -> bool:
        """One character: the index holds no term for it (a bounded scan finds it)."""
        return not self.alternatives


@dataclass(frozen=True)
class Query:
    words: tuple[Word, ...]

    def __bool__(self) -> bool:
        return bool(self.words)

    @property
    def indexed(self) -> tuple[Word, ...]:
        return tuple(word for word in self.words if not word.short)

    @property
    def texts(self) -> list[str]:
        return [word.text for word in self.words]


def parse(typed: str) -> Query:
    """The words of what was typed, each once, in the order typed (at most MAX_WORDS)."""
    found: list[Word] = []
    seen: set[str] = set()
    for text in words(normalize(typed[:MAX_QUERY])):
        text = text[:MAX_TERM]
        if text in seen:
            continue
        seen.add(text)
        found.append(_word(text))
        if len(found) == MAX_WORDS:
            break
    return Query(tuple(found))


def covering_pairs(run: str) -> list[str]:
    """Enough neighbouring pairs to cover a run: 소프트뱅크 -> 소프, 트뱅, 뱅크.
    The recheck reads the whole word, so the pairs in between add nothing."""
    starts = list(range(0, len(run) - 1, 2))
    if len(run) > 1 and starts[-1] != len(run) - 2:
        starts.append(len(run) - 2)
    return [run[start : start + 2] for start in starts]


def _word(text: str) -> Word:
    runs = script_runs(text)
    if len(runs) == 1:
        script, run = runs[0]
        if len(run) < 2:
            return Word(text, (), exact=False)
        if script in PAIRED:
            pairs = tuple(Term(pair) for pair in covering_pairs(run))
            if script == JAMO and is_initials(run):
                # ㄹㅇ: written as such (ㄹㅇ 공감), or the initials of 라인.
                return Word(
                    text, (pairs, (Term(run, prefix=True, initials=True),)), True, initials=True
                )
            return Word(text, (pairs,), exact=len(run) == 2)
        return Word(text, ((Term(run, prefix=True),),), exact=True)
    # Mixed scripts (AI반도체, 10조엔): each run as the index keeps it; a run of letters
    # or digits that ends the word may go on in the text (반도체ai -> 반도체aix).
    terms: list[Term] = []
    for position, (script, run) in enumerate(runs):
        if script in PAIRED:
            terms.extend(Term(pair) for pair in covering_pairs(run))
        elif script in (LETTERS, DIGITS) and len(run) > 1:
            terms.append(Term(run, prefix=position == len(runs) - 1))
    if not terms:  # 5g, a1: short runs only; the index keeps the mixed word whole
        terms = [Term(text, prefix=True)]
    return Word(text, (tuple(terms),), exact=False)
