"""Duplicate detection on the labelled set: precision and recall of each decision.

A regression check, not a timing: the pairs of pairs.toml are decided by the link keys
alone, by the titles alone, and by both (``same_story``, what posting uses), and the
figures must stay at least what they were measured at (docs/news.md, "Same story, or
another"). Precision comes first: a follow-up or an update taken for a copy would keep
a reader from posting news, so no such pair may pass. Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from madang.news.duplicates import Story, same_story
from madang.news.titles import near_duplicates

PAIRS = Path(__file__).with_name("pairs.toml")
SEQUELS = {"follow-up", "update"}

# Measured on the labelled set (docs/news.md); a result below them is a regression.
FLOORS = {
    # decision: (precision, recall) over all pairs
    "links": (1.0, 0.52),
    "titles": (0.90, 0.70),
    "both": (1.0, 0.88),
}


@dataclass(frozen=True)
class Pair:
    kind: str
    same: bool
    held_out: bool
    a: Story
    b: Story


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    wrong: tuple[str, ...]

    def line(self, name: str, count: int) -> str:
        return (
            f"{name:<7} precision {self.precision:.3f}  recall {self.recall:.3f}  ({count} pairs)"
        )


def load() -> list[Pair]:
    with PAIRS.open("rb") as data:
        raw = tomllib.load(data)["pair"]
    return [
        Pair(
            kind=pair["kind"],
            same=pair["same"],
            held_out=pair.get("held_out", False),
            a=Story.of(**pair["a"]),
            b=Story.of(**pair["b"]),
        )
        for pair in raw
    ]


DECISIONS: dict[str, Callable[[Story, Story], bool]] = {
    "links": lambda a, b: bool(a.keys & b.keys),
    "titles": lambda a, b: near_duplicates(a.title, b.title),
    "both": same_story,
}


def score(pairs: list[Pair], decide: Callable[[Story, Story], bool]) -> Score:
    hits = misses = false = 0
    wrong = []
    for pair in pairs:
        said = decide(pair.a, pair.b)
        hits += said and pair.same
        misses += not said and pair.same
        false += said and not pair.same
        if said != pair.same:
            wrong.append(f"{pair.kind}: {pair.a.title.text} | {pair.b.title.text}")
    precision = hits / (hits + false) if hits + false else 1.0
    return Score(precision, hits / (hits + misses), tuple(wrong))


def test_the_labelled_set_is_large_and_varied() -> None:
    pairs = load()
    kinds = {pair.kind for pair in pairs}
    assert len(pairs) >= 150
    assert {"other-press", "portal-press", "retitled", "same-topic", "follow-up"} <= kinds
    assert sum(pair.same for pair in pairs) >= 50
    assert sum(not pair.same for pair in pairs) >= 50
    assert sum(pair.held_out for pair in pairs) >= 20


def test_precision_and_recall_stay_at_least_what_was_measured() -> None:
    pairs = load()
    held_out = [pair for pair in pairs if pair.held_out]
    print()
    for name, decide in DECISIONS.items():
        overall = score(pairs, decide)
        print(overall.line(name, len(pairs)))
        print(score(held_out, decide).line(" held out", len(held_out)))
        precision_floor, recall_floor = FLOORS[name]
        assert overall.precision >= precision_floor, overall.wrong
        assert overall.recall >= recall_floor, overall.wrong


def test_no_follow_up_or_update_passes_for_a_copy() -> None:
    sequels = [pair for pair in load() if pair.kind in SEQUELS]
    assert len(sequels) >= 40
    taken = [pair for pair in sequels if same_story(pair.a, pair.b)]
    assert not taken, [f"{p.a.title.text} | {p.b.title.text}" for p in taken]


def test_no_follow_up_passes_for_a_copy_by_its_title_alone() -> None:
    # Updates are left out here: "[속보] X" and "X(종합)" are one story from two presses and
    # two stories from one, which only the links tell (the publisher rule of same_story).
    follow_ups = [pair for pair in load() if pair.kind == "follow-up"]
    taken = [pair for pair in follow_ups if near_duplicates(pair.a.title, pair.b.title)]
    assert not taken, [f"{p.a.title.text} | {p.b.title.text}" for p in taken]


def test_link_keys_never_join_two_stories() -> None:
    joined = [pair for pair in load() if not pair.same and pair.a.keys & pair.b.keys]
    assert not joined
