"""Numbered list pages that cost the same at page 1 and at page 100,000.

A board's list is its published posts, newest first, 20 to a page. Two stored
facts replace ``COUNT(*)`` and deep ``OFFSET`` scans:

* ``Board.post_count`` and ``Category.post_count``: how many posts a scope has,
  kept by the actions in the same transaction as the change;
* ``PageAnchor`` rows: every ``ANCHOR_SPACING``-th post counted from the oldest,
  with its rank. Ranks counted from the bottom do not move when posts are added
  on top; hiding or restoring a post shifts only the anchors above it.

Page ``p`` holds the ranks ``N - 20p + 1 .. N - 20(p - 1)``. Shallow pages read
straight from the top; deep pages start at the nearest anchor below and skip
fewer than ``ANCHOR_SPACING`` rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from madang.boards import listrows
from madang.boards.listrows import listed, published_posts
from madang.boards.models import Board, Category, PageAnchor, Post

ANCHOR_SPACING = 1000
# Up to this many rows from the top, a plain OFFSET is cheaper than an anchor lookup.
DIRECT_OFFSET_LIMIT = 1000
PAGE_LINKS = 10  # page numbers shown at once under the list
MAX_PAGE = 10**9
# The anchors of a board's best list (boards/best.py): scope 0 is the whole board, any
# other the id of a category, which stays far below this.
BEST_SCOPE = 2**62


def scope_of(category: Category | None) -> int:
    return category.pk if category is not None else 0


def parse_page(raw: str | None) -> int | None:
    """The page a ``?page=`` value asks for; None when it is not a page number."""
    if raw is None or raw == "":
        return 1
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10:
        return None
    page = int(raw)
    if page < 1 or page > MAX_PAGE:
        return None
    return page


class PageBlocks:
    """The arrows around a block of page links (``links``, up to ``last_page``)."""

    links: list[int]
    last_page: int

    @property
    def previous_block(self) -> int | None:
        """The last page of the block of page links before this one."""
        first = self.links[0] if self.links else 1
        return first - 1 if first > 1 else None

    @property
    def next_block(self) -> int | None:
        last = self.links[-1] if self.links else 1
        return last + 1 if last < self.last_page else None


@dataclass
class ListPage(PageBlocks):
    rows: list[Post]
    number: int
    last_page: int
    total: int
    per_page: int
    links: list[int] = field(default_factory=list)


def posts_per_page() -> int:
    return int(settings.MADANG_POSTS_PER_PAGE)


def last_page_for(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def count_for(board: Board, category: Category | None) -> int:
    return category.post_count if category is not None else board.post_count


@dataclass(frozen=True)
class Walk:
    """One numbered list of a board: its published posts, the column that orders them
    (``number``, or ``best_number`` for the best list, boards/best.py), the scope of its
    anchors, and how many posts it has (a stored count). The posts are built only where
    they are read through the ORM (the best list): building a queryset costs a list page
    of the board more than the statements it reads its rows with (boards/listrows.py)."""

    board: Board
    posts: Callable[[], QuerySet[Post]]
    column: str
    scope: int
    total: int


def board_walk(board: Board, category: Category | None) -> Walk:
    posts = partial(published_posts, board, category)
    return Walk(board, posts, "number", scope_of(category), count_for(board, category))


def list_page(board: Board, category: Category | None, number: int) -> ListPage:
    """Page ``number`` of a board's list (the caller sends pages past the end elsewhere)."""
    return walk_page(board_walk(board, category), number)


def walk_page(walk: Walk, number: int) -> ListPage:
    """Page ``number`` of any numbered list: from the top, or from the anchor below it."""
    per_page = posts_per_page()
    total = walk.total
    last_page = last_page_for(total, per_page)
    column = walk.column

    skip_from_top = (number - 1) * per_page
    top_rank = total - skip_from_top
    bottom_rank = max(1, top_rank - per_page + 1)
    # The board's own list (not the best list) reads through statements compiled once.
    board_list = column == "number"
    category_id = walk.scope or None
    if top_rank < 1:
        rows: list[Post] = []
    elif skip_from_top <= DIRECT_OFFSET_LIMIT:
        if board_list:
            rows = listrows.rows_from_top(walk.board.pk, category_id, skip_from_top, per_page)
        else:
            posts = listed(walk.posts()).order_by(f"-{column}")
            rows = list(posts[skip_from_top : skip_from_top + per_page])
    else:
        anchor = listrows.anchor_below_rank(walk.board.pk, walk.scope, bottom_rank)
        below_rank, below_number = anchor if anchor else (0, 0)
        skip = bottom_rank - below_rank - 1
        size = top_rank - bottom_rank + 1
        if board_list:
            rows = listrows.rows_above(walk.board.pk, category_id, below_number, skip, size)
        else:
            above = listed(walk.posts()).filter(**{f"{column}__gt": below_number})
            above = above.order_by(column)
            rows = list(above[skip : skip + size])
        rows.reverse()

    return ListPage(rows, number, last_page, total, per_page, page_links(number, last_page))


def page_links(number: int, last_page: int) -> list[int]:
    block_start = (number - 1) // PAGE_LINKS * PAGE_LINKS + 1
    return list(range(block_start, min(block_start + PAGE_LINKS - 1, last_page) + 1))


def count_without(board: Board, excluded: list[Category]) -> int:
    return max(0, board.post_count - sum(category.post_count for category in excluded))


def filtered_list_page(board: Board, excluded: list[Category], number: int) -> ListPage:
    """The list without a member's hidden categories: counts still come from the counters.

    Rows are read with a plain OFFSET: personal filters are rare and their
    readers rarely go deep, so they do without anchors of their own.
    """
    per_page = posts_per_page()
    total = count_without(board, excluded)
    last_page = last_page_for(total, per_page)
    skip = (number - 1) * per_page
    rows = list(
        listed(published_posts(board).exclude(category__in=excluded)).order_by("-number")[
            skip : skip + per_page
        ]
    )
    return ListPage(rows, number, last_page, total, per_page, page_links(number, last_page))


def filtered_page_holding(post: Post, excluded: list[Category]) -> int:
    """The page of the filtered list that holds the post, from anchors alone."""
    above = post.board.post_count - rank_of(post)
    for category in excluded:
        above -= category.post_count - rank_of(post, category)
    return max(1, above // posts_per_page() + 1)


def rank_of(post: Post, category: Category | None = None) -> int:
    """The place of a published post counted from the oldest (1) within the scope."""
    return rank_in(board_walk(post.board, category), post.number)


def rank_in(walk: Walk, position: int) -> int:
    """The place in the list of the post at ``position`` (its value of the walk's column)."""
    anchor = listrows.anchor_at_or_below(walk.board.pk, walk.scope, position)
    below_rank, below_number = anchor if anchor else (0, 0)
    if below_number == position:
        return below_rank
    column = walk.column
    if column == "number":  # the board's own list: through a statement compiled once
        between = listrows.count_between(walk.board.pk, walk.scope or None, below_number, position)
    else:
        between = (
            walk.posts()
            .filter(**{f"{column}__gt": below_number, f"{column}__lte": position})
            .count()
        )
    return below_rank + between


def page_holding(post: Post, category: Category | None = None) -> int:
    board = post.board
    total = count_for(board, category)
    return page_of_rank(total, rank_of(post, category))


def page_of_rank(total: int, rank: int) -> int:
    return max(1, (total - rank) // posts_per_page() + 1)


# --- upkeep, called by the actions inside their transactions ----------------------------------


def scopes_of(post: Post) -> list[int]:
    scopes = [0]
    if post.category_id is not None:
        scopes.append(post.category_id)
    return scopes


def note_post_created(post: Post, *, counts: dict[int, int]) -> None:
    """A new post went on top. ``counts`` maps each of its scopes to the count including it.

    Nothing lies above a new post, so no rank moves; every ``ANCHOR_SPACING``-th
    post becomes an anchor straight away, which keeps the unanchored top short
    between refreshes.
    """
    for scope in scopes_of(post):
        if counts[scope] % ANCHOR_SPACING == 0:
            PageAnchor.objects.create(
                board_id=post.board_id, scope=scope, rank=counts[scope], number=post.number
            )


def note_post_restored(post: Post) -> None:
    """An older post came back to the list: the anchors above it move up one place."""
    for scope in scopes_of(post):
        PageAnchor.objects.filter(
            board_id=post.board_id, scope=scope, number__gt=post.number
        ).update(rank=F("rank") + 1)


def note_post_withdrawn(post: Post) -> None:
    """A post left the list (held, hidden or deleted)."""
    for scope in scopes_of(post):
        anchors = PageAnchor.objects.filter(board_id=post.board_id, scope=scope)
        anchors.filter(number=post.number).delete()
        anchors.filter(number__gt=post.number).update(rank=F("rank") - 1)


def note_category_change(post: Post, new_category: Category | None) -> None:
    """A published post moves from its category to another (or to none).

    The board's own ranks do not move; the old category's anchors above the
    post move down one place and the new category's move up one.
    """
    if post.category_id is not None:
        anchors = PageAnchor.objects.filter(board_id=post.board_id, scope=post.category_id)
        anchors.filter(number=post.number).delete()
        anchors.filter(number__gt=post.number).update(rank=F("rank") - 1)
        Category.objects.filter(pk=post.category_id).update(post_count=F("post_count") - 1)
    if new_category is not None:
        PageAnchor.objects.filter(
            board_id=post.board_id, scope=new_category.pk, number__gt=post.number
        ).update(rank=F("rank") + 1)
        Category.objects.filter(pk=new_category.pk).update(post_count=F("post_count") + 1)


def refresh_page_anchors(board: Board) -> None:
    """Recount the board's posts and lay its anchors anew, evenly spaced.

    Takes the board's row lock so no post joins or leaves the list meanwhile.
    """
    with transaction.atomic():
        board = Board.objects.select_for_update().get(pk=board.pk)
        categories = list(Category.objects.filter(board=board))
        # The best list's anchors are laid by boards/best.py.
        PageAnchor.objects.filter(board=board).exclude(scope=BEST_SCOPE).delete()
        for category in [None, *categories]:
            posts = published_posts(board, category)
            total = posts.count()
            anchors = [
                PageAnchor(board=board, scope=scope_of(category), rank=rank, number=number)
                for number, rank in every_nth(posts, ANCHOR_SPACING)
            ]
            PageAnchor.objects.bulk_create(anchors, batch_size=2000)
            if category is None:
                Board.objects.filter(pk=board.pk).update(post_count=total)
            else:
                Category.objects.filter(pk=category.pk).update(post_count=total)


def every_nth(posts: QuerySet[Post], n: int, column: str = "number") -> list[tuple[int, int]]:
    """(position, rank) of every n-th post from the oldest, chosen inside the database."""
    ranked = (
        posts.annotate(rank=Window(RowNumber(), order_by=F(column).asc()))
        .annotate(remainder=F("rank") % n)
        .filter(remainder=0)
        .values_list(column, "rank")
    )
    return list(ranked)
