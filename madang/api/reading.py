"""The reader of an API request, built as the pages build theirs (``boards/readers.py``):
the Viewer the visibility rule and the board permissions know, and the member's own
filters (hidden categories, muted words), which the API's lists apply as the pages do."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from madang.accounts.models import Member
from madang.api.auth import caller_of
from madang.boards import visibility
from madang.boards.models import Category
from madang.boards.preferences import NO_FILTERS, Filters, filters_for
from madang.boards.visibility import Viewer
from madang.moderation.permissions import viewer_of


@dataclass
class ApiReader:
    member: Member | None
    viewer: Viewer
    filters: Filters

    def excluded(self, categories: list[Category], chosen: Category | None) -> list[Category]:
        """The member's hidden categories of this board; none when they chose a category."""
        if chosen is not None:
            return []
        return [c for c in categories if c.pk in self.filters.excluded_category_ids]


def reader_of(request: HttpRequest) -> ApiReader:
    member = caller_of(request).member
    if member is None:
        return ApiReader(None, visibility.GUEST, NO_FILTERS)
    return ApiReader(member, viewer_of(member), filters_for(member))
