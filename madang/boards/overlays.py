"""Forgetting a member's overlay: the little of them that changes their pages.

``boards.memberpages`` builds the overlay (reading filters, read notices,
moderated boards, boards holding their silently banned posts, unread
notifications) and keeps it sealed under their author reference. Every change
to any of it forgets it here, in a module of its own, so that the writes below
the pages need not import the pages' machinery.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from madang.accounts import sealed
from madang.accounts.pseudonym import author_ref_for

KIND = "overlay"  # the sealed cache entry's kind (``accounts.sealed``)


def forget(*, member_id: int | None = None, author_ref: str | None = None) -> None:
    """The member's overlay is built anew on their next page. Moderation knows
    writers by their author reference alone, which is what names the overlay."""
    ref = author_ref if author_ref is not None else author_ref_for(member_id)  # type: ignore[arg-type]
    sealed.forget(KIND, ref)


# The header's bell of unread notifications. A shared render holds BELL_PLACEHOLDER
# where each member's bell goes, and the overlay keeps their count. The notifications
# app sits above boards, so it hands down how to count and how the bell reads
# (``hand_down_bell``, from its ``AppConfig.ready``). A writer cannot make the
# placeholder (the post body allows no such element, core/sanitize.py), and the header
# comes before any writing: the overlay replaces its first occurrence only.
BELL_PLACEHOLDER = "<madang-bell></madang-bell>"


@dataclass(frozen=True)
class Bell:
    unread: Callable[[str], int]  # a member's author reference: their unread notifications
    markup: Callable[[int], str]  # the bell showing that many


_bell = Bell(unread=lambda author_ref: 0, markup=lambda count: "")


def hand_down_bell(bell: Bell) -> None:
    global _bell
    _bell = bell


def bell() -> Bell:
    return _bell


def ring_bell(content: bytes, unread: int) -> bytes:
    """A shared render with the member's bell in place of the placeholder (its first
    occurrence: the header comes first, so the search ends early)."""
    placeholder = BELL_PLACEHOLDER.encode()
    at = content.find(placeholder)
    if at < 0:
        return content
    bell = _bell.markup(unread).encode()
    return content[:at] + bell + content[at + len(placeholder) :]
