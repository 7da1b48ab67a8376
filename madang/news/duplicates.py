"""The duplicate check: is a new post's news the same story as a post of the window?

A ``Story`` is what a post brings: the keys of its link (``normalize.link_key`` and the
canonical alias its preview read) and its title, prepared (``titles.Title``). Two stories
are the same (``same_story``) when

1. they share a link key: the same article, whatever its title; else
2. they come from the same publisher (a press's site, or one press code on Naver):
   another article of the press that wrote the first is another story, a follow-up or
   an update, however alike its title; else
3. their titles are near duplicates (``titles.near_duplicates``).

``Window`` holds the stories of a board's recent posts (the window of hours is the
caller's) and finds those a new story repeats: its links by key in a dict, its titles
through an inverted index of bigrams, so that a post is compared with the few titles
that share enough of its bigrams rather than with all of them (docs/news.md gives the
figures). The search is exact: a title it skips cannot reach the threshold.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from madang.news.normalize import canonical_alias, link_key, publisher
from madang.news.titles import THRESHOLD, Title, dice, near_duplicates


@dataclass(frozen=True)
class Story:
    keys: frozenset[str]
    title: Title

    @classmethod
    def of(cls, *, title: str, url: str | None = None, canonical: str | None = None) -> Story:
        keys: set[str] = set()
        key = link_key(url) if url else None
        if url and key:
            keys.add(key)
            alias = canonical_alias(url, canonical) if canonical else None
            if alias:
                keys.add(alias)
        return cls(keys=frozenset(keys), title=Title.of(title))

    @property
    def publishers(self) -> frozenset[str]:
        return frozenset(filter(None, map(publisher, self.keys)))


def same_story(a: Story, b: Story) -> bool:
    if a.keys & b.keys:
        return True
    if a.publishers & b.publishers:
        return False
    return near_duplicates(a.title, b.title)


def needed_shared(size: int) -> int:
    """The fewest bigrams a title of ``size`` bigrams must share with another for their
    Dice coefficient to reach THRESHOLD, whatever the other's size: with s shared,
    2s / (size + other) >= t and other >= s give s >= t * size / (2 - t)."""
    return max(1, math.ceil(THRESHOLD * size / (2 - THRESHOLD) - 1e-9))


class Window:
    """A board's recent stories, for finding the ones a new story repeats.

    Titles are found by prefix filtering: a title that shares ``needed_shared`` of the new
    title's bigrams shares at least one of its rarest ``size - needed + 1`` (the others
    are too few to make up the number), so only the titles listed under those bigrams
    are compared, and compared in full.
    """

    def __init__(self, stories: Iterable[tuple[Hashable, Story]] = ()) -> None:
        self._stories: dict[Hashable, Story] = {}
        self._by_key: dict[str, set[Hashable]] = {}
        self._by_bigram: dict[str, set[Hashable]] = {}
        for ident, story in stories:
            self.add(ident, story)

    def __len__(self) -> int:
        return len(self._stories)

    def add(self, ident: Hashable, story: Story) -> None:
        self.discard(ident)
        self._stories[ident] = story
        for key in story.keys:
            self._by_key.setdefault(key, set()).add(ident)
        for gram in story.title.bigrams:
            self._by_bigram.setdefault(gram, set()).add(ident)

    def discard(self, ident: Hashable) -> None:
        story = self._stories.pop(ident, None)
        if story is None:
            return
        for key in story.keys:
            self._forget(self._by_key, key, ident)
        for gram in story.title.bigrams:
            self._forget(self._by_bigram, gram, ident)

    def repeats(self, story: Story) -> list[Hashable]:
        """The stories of the window that ``story`` is the same story as, oldest first
        (in the order they were added)."""
        found: set[Hashable] = set()
        for key in story.keys:
            found |= self._by_key.get(key, set())
        for ident in self._title_candidates(story.title) - found:
            if same_story(story, self._stories[ident]):
                found.add(ident)
        return [ident for ident in self._stories if ident in found]

    def _title_candidates(self, title: Title) -> set[Hashable]:
        if not title.size:
            return set()
        rarest = sorted(title.bigrams, key=lambda gram: len(self._by_bigram.get(gram, ())))
        prefix = _prefix_length(title.bigrams, rarest, needed_shared(title.size) - 1)
        candidates: set[Hashable] = set()
        for gram in rarest[:prefix]:
            candidates |= self._by_bigram.get(gram, set())
        return {
            ident for ident in candidates if dice(title, self._stories[ident].title) >= THRESHOLD
        }

    @staticmethod
    def _forget(index: dict[str, set[Hashable]], name: str, ident: Hashable) -> None:
        held = index.get(name)
        if held is not None:
            held.discard(ident)
            if not held:
                del index[name]


def _prefix_length(counts: Counter[str], rarest: list[str], spare: int) -> int:
    """How many of the distinct bigrams, rarest first, to look up: enough that what is
    left after them (counted with repeats) is at most ``spare`` bigrams."""
    left = sum(counts.values())
    for taken, gram in enumerate(rarest):
        if left <= spare:
            return taken
        left -= counts[gram]
    return len(rarest)
