"""Who reads a board page, and the little that changes for them."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from madang.accounts.models import Member
from madang.boards import visibility
from madang.boards.models import Category
from madang.boards.preferences import NO_FILTERS, Filters, filters_for
from madang.boards.visibility import Viewer
from madang.moderation.permissions import viewer_of


@dataclass
class Reader:
    """``member`` is None for guests and for the neutral member of a shared render
    (``shared``), who has read, scrapped and written nothing; ``viewer`` is what the
    visibility rule and the board permissions know of them."""

    member: Member | None
    filters: Filters
    viewer: Viewer
    shared: bool = False

    @classmethod
    def of(cls, request: HttpRequest) -> Reader:
        user = request.user
        if not user.is_authenticated:
            return cls(None, NO_FILTERS, visibility.GUEST)
        assert isinstance(user, Member)
        return cls(user, filters_for(user), viewer_of(user))

    @classmethod
    def neutral_member(cls, filters: Filters) -> Reader:
        return cls(None, filters, visibility.NEUTRAL_MEMBER, shared=True)

    @property
    def viewer_ref(self) -> str | None:
        return self.viewer.author_ref

    def excluded(self, categories: list[Category], chosen: Category | None) -> list[Category]:
        if chosen is not None:
            return []  # a category the reader picked is shown even if they hide it elsewhere
        return [c for c in categories if c.pk in self.filters.excluded_category_ids]
