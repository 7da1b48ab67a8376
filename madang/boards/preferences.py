"""A member's reading filters: hidden categories and muted title words.

The filters name their member by their member key (``accounts.memberkeys``), never
their id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from madang.accounts.memberkeys import member_key, member_keys
from madang.accounts.models import Member
from madang.boards import overlays
from madang.boards.models import Category, ReadingPreferences

MAX_MUTED_WORDS = 100


@dataclass(frozen=True)
class Filters:
    excluded_category_ids: frozenset[int] = field(default_factory=frozenset)
    muted_words: tuple[str, ...] = ()

    def mutes(self, title: str) -> bool:
        """Whether a muted word hides this title (hidden categories are left out by the query)."""
        lowered = title.lower()
        return any(word in lowered for word in self.muted_words)


NO_FILTERS = Filters()


def preferences_of(member: Member) -> ReadingPreferences | None:
    return (
        ReadingPreferences.objects.filter(member_key__in=member_keys(member.pk))
        .order_by("-id")
        .first()
    )


def filters_for(member: Member) -> Filters:
    prefs = preferences_of(member)
    if prefs is None:
        return NO_FILTERS
    excluded = frozenset(prefs.excluded_categories.values_list("pk", flat=True))
    return Filters(excluded, tuple(prefs.muted_word_list))


def save_preferences(
    *, member: Member, excluded_categories: list[Category], muted_words: str
) -> ReadingPreferences:
    newest = member_key(member.pk)
    prefs = preferences_of(member)
    if prefs is None:
        prefs, _ = ReadingPreferences.objects.get_or_create(member_key=newest)
    words = [line.strip() for line in muted_words.splitlines() if line.strip()]
    prefs.muted_words = "\n".join(words[:MAX_MUTED_WORDS])
    prefs.member_key = newest  # moved to the newest data key's, during a rotation
    prefs.save(update_fields=["muted_words", "member_key"])
    prefs.excluded_categories.set(excluded_categories)
    overlays.forget(member_id=member.pk)
    return prefs


def drop_preferences_of(*, member_id: int) -> None:
    ReadingPreferences.objects.filter(member_key__in=member_keys(member_id)).delete()
