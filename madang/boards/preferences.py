"""A member's reading filters: hidden categories and muted title words."""

from __future__ import annotations

from dataclasses import dataclass, field

from madang.accounts.models import Member
from madang.boards.models import Category, Post, ReadingPreferences

MAX_MUTED_WORDS = 100


@dataclass(frozen=True)
class Filters:
    excluded_category_ids: frozenset[int] = field(default_factory=frozenset)
    muted_words: tuple[str, ...] = ()

    def hides(self, post: Post) -> bool:
        if post.category_id in self.excluded_category_ids:
            return True
        title = post.title.lower()
        return any(word in title for word in self.muted_words)


NO_FILTERS = Filters()


def filters_for(member: Member) -> Filters:
    prefs = ReadingPreferences.objects.filter(member=member).first()
    if prefs is None:
        return NO_FILTERS
    excluded = frozenset(prefs.excluded_categories.values_list("pk", flat=True))
    return Filters(excluded, tuple(prefs.muted_word_list))


def save_preferences(
    *, member: Member, excluded_categories: list[Category], muted_words: str
) -> ReadingPreferences:
    prefs, _ = ReadingPreferences.objects.get_or_create(member=member)
    words = [line.strip() for line in muted_words.splitlines() if line.strip()]
    prefs.muted_words = "\n".join(words[:MAX_MUTED_WORDS])
    prefs.save(update_fields=["muted_words"])
    prefs.excluded_categories.set(excluded_categories)
    return prefs
