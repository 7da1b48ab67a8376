"""The colour tokens of madang.css, measured with WCAG's formula: every text colour on
every background it is drawn on reads at 4.5:1 or more, in light and in dark mode
(axe's color-contrast rule checks the pages themselves, test_axe.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[3] / "static" / "madang" / "madang.css"
TEXTS = ("--ink", "--ink-soft", "--ink-faint", "--count", "--mark", "--accent-ink")
GROUNDS = ("--paper", "--paper-soft", "--notice", "--accent-soft")
# Text drawn on a coloured fill: the buttons, the selected category and page, the badges.
ON_FILLS = (
    ("--on-accent", "--accent"),
    ("--on-accent", "--accent-ink"),
    ("--on-mark", "--mark"),
    # a search's words marked in titles and in the grey excerpts
    ("--ink", "--highlight"),
    ("--ink-soft", "--highlight"),
)


def tokens(block: str) -> dict[str, str]:
    return dict(re.findall(r"(--[a-z-]+):\s*(#[0-9a-fA-F]{6})\b", block))


def schemes() -> dict[str, dict[str, str]]:
    css = CSS.read_text()
    light = tokens(css[css.index(":root {") : css.index("}", css.index(":root {"))])
    start = css.index("@media (prefers-color-scheme: dark) {\n  :root {")
    dark = {**light, **tokens(css[start : css.index("}", start)])}
    return {"light": light, "dark": dark}


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_ratio_follows_wcag():
    assert round(ratio("#ffffff", "#000000"), 2) == 21.0
    assert round(ratio("#818b96", "#ffffff"), 2) == 3.46  # the old grey, for the record


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_token_reads_at_4_5_to_1_on_every_background(scheme):
    colours = schemes()[scheme]
    pairs = [(text, ground) for text in TEXTS for ground in GROUNDS] + list(ON_FILLS)
    low = {
        f"{text} on {ground}": round(ratio(colours[text], colours[ground]), 2)
        for text, ground in pairs
        if ratio(colours[text], colours[ground]) < 4.5
    }
    assert low == {}
