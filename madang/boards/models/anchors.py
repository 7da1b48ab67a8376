"""Where a deep page of a board's list starts (docs/boards.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from madang.boards.models.core import Board


class PageAnchor(models.Model):
    """A known (rank, number) pair that lets a deep page start near its rows.

    ``rank`` counts published posts from the oldest (1) upwards within a scope:
    the whole board (scope 0) or one category (scope = category id). New posts
    go on top and leave every rank below them alone; hiding or restoring a post
    shifts the ranks of the anchors above it by one, in the same transaction.
    """

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="+", verbose_name=_("게시판")
    )
    scope = models.PositiveBigIntegerField(_("범위"), default=0)
    rank = models.PositiveIntegerField(_("순위"))
    number = models.PositiveBigIntegerField(_("글 번호"))

    class Meta:
        # Ranks are distinct by construction, but not declared unique: shifting every
        # anchor above a post by one would trip a row-by-row uniqueness check.
        indexes = [
            models.Index(fields=["board", "scope", "rank"], name="page_anchor_by_rank"),
            models.Index(fields=["board", "scope", "number"], name="page_anchor_by_number"),
        ]
        verbose_name = pgettext_lazy("model", "쪽 기준점")
        verbose_name_plural = pgettext_lazy("plural", "쪽 기준점")

    def __str__(self) -> str:
        return f"{self.board_id}/{self.scope}: rank {self.rank} = number {self.number}"
