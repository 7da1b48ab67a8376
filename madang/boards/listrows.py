"""What a board's list is made of, and its rows and anchors as every page reads them.

Every list page, and every post page with the list under it, reads a page of rows
and looks up an anchor (boards/paging.py); a post page reads its post. Building
and compiling those querysets cost as much as running them, so they are read
through statements compiled once per process (core/statements.py): the same SQL,
the same rows, as ``listed(published_posts(...))`` and ``select_related``.
"""

from __future__ import annotations

from typing import Any

from django.db import router
from django.db.models import QuerySet

from madang.boards.models import Board, Category, PageAnchor, Post
from madang.core.formatting import is_veiled
from madang.core.statements import Statement

# What a list's rows never show: a page of twenty rows without them reads a tenth of the
# bytes (a post's body, kept twice, is most of its row) and builds its rows faster.
NOT_LISTED = ("body_source", "body_html", "source_url", "submission_key")


def published_posts(board: Board | int, category: Category | int | None = None) -> QuerySet[Post]:
    posts = Post.objects.filter(board=board, status=Post.Status.PUBLISHED)
    if category is not None:
        posts = posts.filter(category=category)
    return posts


def listed(posts: QuerySet[Post]) -> QuerySet[Post]:
    """A list's rows: with their category, without the columns no row shows."""
    return posts.select_related("category").defer(*NOT_LISTED)


# A row as one tuple: the post's listed columns, then its category's (a left join, as
# ``select_related`` makes it).
_POST_FIELDS = [field for field in Post._meta.concrete_fields if field.name not in NOT_LISTED]
_CATEGORY_FIELDS = list(Category._meta.concrete_fields)
_CATEGORY_COLUMNS = [f"category__{field.name}" for field in _CATEGORY_FIELDS]
_COLUMNS = [field.name for field in _POST_FIELDS] + _CATEGORY_COLUMNS
_WHOLE_POST = list(Post._meta.concrete_fields)  # a post page's post: every column


def _from_top(board_id: int, category_id: int | None = None) -> Any:
    posts = published_posts(board_id, category_id)
    return posts.order_by("-number").values_list(*_COLUMNS)


def _above(board_id: int, number: int, category_id: int | None = None) -> Any:
    posts = published_posts(board_id, category_id).filter(number__gt=number)
    return posts.order_by("number").values_list(*_COLUMNS)


def _post(board_id: int, number: int) -> Any:
    posts = Post.objects.filter(board_id=board_id, number=number)
    columns = [field.name for field in _WHOLE_POST] + _CATEGORY_COLUMNS
    return posts.exclude(status=Post.Status.DELETED).values_list(*columns)


def _numbers_above(board_id: int, number: int, category_id: int | None = None) -> Any:
    posts = published_posts(board_id, category_id).filter(number__gt=number)
    return posts.order_by("number").values_list("number")


def _between(board_id: int, above: int, up_to: int, category_id: int | None = None) -> Any:
    posts = published_posts(board_id, category_id).filter(number__gt=above, number__lte=up_to)
    return posts.order_by().values_list("pk")


_FROM_TOP = Statement(Post, _from_top)
_NUMBERS_ABOVE = Statement(Post, _numbers_above)
_BETWEEN = Statement(Post, _between)
_ABOVE = Statement(Post, _above)
_POST = Statement(Post, _post)


def _nearest_anchor(column: str, lookup: str) -> Statement:
    """The anchor nearest below a rank or a number: (rank, number)."""
    return Statement(
        PageAnchor,
        lambda board_id, scope, value: (
            PageAnchor.objects.filter(
                board_id=board_id, scope=scope, **{f"{column}__{lookup}": value}
            )
            .order_by(f"-{column}")
            .values_list("rank", "number")
        ),
    )


_ANCHOR_BELOW_RANK = _nearest_anchor("rank", "lt")
_ANCHOR_AT_OR_BELOW = _nearest_anchor("number", "lte")


def rows_from_top(board_id: int, category_id: int | None, skip: int, count: int) -> list[Post]:
    """The list's rows ``skip`` to ``skip + count`` from the newest."""
    scope = () if category_id is None else (category_id,)
    return _posts(_FROM_TOP.rows(board_id, *scope, limit=count, offset=skip))


# Below an anchor, past this many rows, the rows skipped are counted in the index alone.
# An OFFSET over whole rows reads each skipped post from the table only to drop it: a
# deep page read up to a thousand posts for twenty, most of them from disk on a board of
# millions (a page near the top is read all the time, and its posts are in memory). The
# index holds the numbers the list is ordered by, so the page's edge costs an index-only
# scan, and its twenty rows are read from there: a third less of PostgreSQL's time for a
# random deep page, a quarter less for an old post (docs/performance.md), for one
# statement more.
SKIP_BY_INDEX = 100


def rows_above(
    board_id: int, category_id: int | None, number: int, skip: int, count: int
) -> list[Post]:
    """``count`` rows above the post numbered ``number``, after skipping ``skip``, oldest
    first."""
    scope = () if category_id is None else (category_id,)
    if skip < SKIP_BY_INDEX:
        return _posts(_ABOVE.rows(board_id, number, *scope, limit=count, offset=skip))
    edge = _NUMBERS_ABOVE.rows(board_id, number, *scope, limit=1, offset=skip)
    if not edge:
        return []
    # Numbers are whole: above the one before the edge is from the edge on.
    return _posts(_ABOVE.rows(board_id, edge[0][0] - 1, *scope, limit=count))


def count_between(board_id: int, category_id: int | None, above: int, up_to: int) -> int:
    """How many of the list's posts are numbered above ``above`` and up to ``up_to``."""
    scope = () if category_id is None else (category_id,)
    return _BETWEEN.count(board_id, above, up_to, *scope)


def anchor_below_rank(board_id: int, scope: int, rank: int) -> tuple[int, int] | None:
    """(rank, number) of the nearest anchor below ``rank``."""
    found = _ANCHOR_BELOW_RANK.rows(board_id, scope, rank, limit=1)
    return found[0] if found else None


def anchor_at_or_below(board_id: int, scope: int, number: int) -> tuple[int, int] | None:
    """(rank, number) of the nearest anchor at or below the post numbered ``number``."""
    found = _ANCHOR_AT_OR_BELOW.rows(board_id, scope, number, limit=1)
    return found[0] if found else None


def post_with_category(board_id: int, number: int) -> Post | None:
    """The board's post numbered ``number``, unless deleted, with its category (the
    queryset ``Post.objects.select_related("category")`` would give)."""
    found = _posts(_POST.rows(board_id, number, limit=1), _WHOLE_POST)
    return found[0] if found else None


def _posts(found: list[tuple[Any, ...]], fields: list[Any] = _POST_FIELDS) -> list[Post]:
    """Rows as the queryset ``listed`` gives them: posts with their category, or none."""
    using = router.db_for_read(Post)
    post_names = [field.attname for field in fields]
    category_names = [field.attname for field in _CATEGORY_FIELDS]
    split = len(post_names)
    posts = []
    for row in found:
        post = Post.from_db(using, post_names, row[:split])
        category = row[split:]
        post._state.fields_cache["category"] = (
            Category.from_db(using, category_names, category) if category[0] is not None else None
        )
        posts.append(post)
    return posts


# A list's rows are kept rendered in each process (boards/_row.html, core/fragments.py) on its
# first pages: those are read all the time, as lists and under every post, and each write
# to the board shifts or recounts a few of their rows, not all. Deeper pages are read by
# crawlers and the curious, each rarely; their rows would push the others out.
KEPT_ROW_PAGES = 50


def keeps_rows(page_number: int) -> bool:
    return page_number <= KEPT_ROW_PAGES


def row_kept_as(post: Post) -> tuple[object, ...]:
    """All a row reads of its post (boards/_row.html): a row is kept by these, and a change
    to any of them makes a new row. The category comes with the row (``listed``)."""
    category = post.category
    return (
        *(post.pk, post.number, post.title, is_veiled(post), post.comment_count),
        *(post.created_at, post.view_count, post.up_count, post.thumbnail, post.media_kinds),
        (category.pk, category.slug, category.name) if category is not None else None,
    )
