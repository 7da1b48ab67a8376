"""Helpers for the browser tests (their fixtures live in madang/conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SHOTS = Path(os.environ.get("MADANG_ARTIFACTS", "test-artifacts")) / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = {"phone": (360, 780), "desktop": (1280, 900)}


def shoot(page: Any, name: str, **options: Any) -> None:
    """Full-page screenshots at phone and desktop widths, to look at.

    ``options`` go to Playwright's screenshot: ``caret="initial"`` where the rich-text
    editor holds attachments (hiding the caret styles every contenteditable element,
    the editor's attachments too, and the editor takes that for an edit of its own).
    """
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True, **options)
