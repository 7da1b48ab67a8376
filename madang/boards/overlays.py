"""Forgetting a member's overlay: the little of them that changes their pages.

``boards.memberpages`` builds the overlay (reading filters, read notices,
moderated boards, boards holding their silently banned posts) and keeps it
sealed under their author reference. Every change to any of it forgets it
here, in a module of its own, so that the writes below the pages need not
import the pages' machinery.
"""

from __future__ import annotations

from madang.accounts import sealed
from madang.accounts.pseudonym import author_ref_for

KIND = "overlay"  # the sealed cache entry's kind (``accounts.sealed``)


def forget(*, member_id: int | None = None, author_ref: str | None = None) -> None:
    """The member's overlay is built anew on their next page. Moderation knows
    writers by their author reference alone, which is what names the overlay."""
    ref = author_ref if author_ref is not None else author_ref_for(member_id)  # type: ignore[arg-type]
    sealed.forget(KIND, ref)
