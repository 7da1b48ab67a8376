"""The feeds' addresses, for the feeds themselves and for the pages that point to them
(``<link rel="alternate">`` in a board list's head)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode

from madang.boards import permissions, visibility
from madang.boards.models import Board, Category


def with_category(path: str, category: Category | None) -> str:
    """``path`` narrowed to one category, as the board list names it (``?category=``)."""
    return f"{path}?{urlencode({'category': category.slug})}" if category else path


def board_feed_path(board: Board, category: Category | None = None) -> str:
    return with_category(reverse("feed", args=[board.slug]), category)


def advertised_feed(board: Board, category: Category | None = None) -> str | None:
    """The board's feed for its list page to point to; None where guests may not read
    the board, whose feed answers 404 (feeds are read as guests read)."""
    if not permissions.can_read(board, visibility.GUEST):
        return None
    return board_feed_path(board, category)
