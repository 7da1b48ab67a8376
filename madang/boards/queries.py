"""Reads that the board pages share."""

from __future__ import annotations

import time
from copy import copy

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from madang.accounts.models import Member
from madang.boards import listrows, paging, permissions, visibility
from madang.boards.models import Board, Category, Notice, Post
from madang.boards.preferences import NO_FILTERS, Filters
from madang.boards.visibility import Viewer
from madang.core import pagecache

# PostgreSQL bigint; larger numbers cannot name a post and must not reach the database.
MAX_POST_NUMBER = 2**63 - 1


def listed_boards() -> list[Board]:
    return list(Board.objects.order_by("order", "id"))


def latest_posts_by_board(
    boards: list[Board], viewer: Viewer, filters: Filters = NO_FILTERS, per_board: int = 5
) -> dict[int, list[Post]]:
    """The newest posts of each board that this reader would see in its list, in one
    query: their hidden categories and muted words apply here as there."""
    extra = per_board * 2 if filters.muted_words else per_board
    ranked = (
        Post.objects.filter(visibility.listed(viewer), board__in=boards)
        .exclude(category_id__in=filters.excluded_category_ids)
        .annotate(
            place=Window(RowNumber(), partition_by=F("board_id"), order_by=F("number").desc())
        )
        .filter(place__lte=extra)
        .only("id", "board_id", "number", "title", "comment_count", "created_at", "blinded")
        .order_by("board_id", "-number")
    )
    latest: dict[int, list[Post]] = {board.pk: [] for board in boards}
    by_id = {board.pk: board for board in boards}
    for post in ranked:
        shown = latest[post.board_id]
        if len(shown) < per_board and not filters.mutes(post.title):
            post.board = by_id[post.board_id]
            shown.append(post)
    for posts in latest.values():
        visibility.present(posts, viewer)
    return latest


def get_board(slug: str) -> Board:
    try:
        return Board.objects.get(slug=slug)
    except Board.DoesNotExist:
        raise Http404("no such board") from None


def board_categories(board: Board) -> list[Category]:
    return list(Category.objects.filter(board=board).order_by("order", "id"))


def find_category(categories: list[Category], slug: str | None) -> Category | None:
    """The category a ``?category=`` value names; 404 for a name the board does not have."""
    if not slug:
        return None
    for category in categories:
        if category.slug == slug:
            return category
    raise Http404("no such category")


def notices_for(board: Board) -> list[Notice]:
    """The board's own notices and the site-wide ones, in their pinned order."""
    return list(
        Notice.objects.filter(Q(board=board) | Q(board__isnull=True))
        .filter(post__status=Post.Status.PUBLISHED)
        .select_related("kind", "post__board", "post__category")
        .order_by("kind__order", "order", "-created_at")
    )


def board_for_writing(slug: str) -> Board:
    """The board for a write, kept in the process while the site's generation stands
    (``pagecache.stamp``).

    Admin edits of a board bump that generation (boards/apps.py), so its
    settings are current; its counters (last_number, post_count) may be behind,
    and writes read them under a lock, never from here. A copy is returned:
    threads share the kept one.
    """
    try:
        generation = pagecache.stamp(pagecache.GLOBAL)
    except Exception:  # the cache is away: its generation cannot tell a kept board current
        return get_board(slug)
    found = _boards_for_writing.get(slug)
    if found is None or found[0] != generation:
        if len(_boards_for_writing) > 1000:
            _boards_for_writing.clear()
        found = (generation, get_board(slug))
        _boards_for_writing[slug] = found
    return copy(found[1])


_boards_for_writing: dict[str, tuple[str, Board]] = {}


_board_ids: dict[str, tuple[float, int | None]] = {}


def board_id_for(slug: str) -> int | None:
    """Board ids by slug, remembered for a minute (boards are rarely added or renamed)."""
    now = time.monotonic()
    found = _board_ids.get(slug)
    if found and found[0] > now:
        return found[1]
    board_id = Board.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if len(_board_ids) > 10_000:
        _board_ids.clear()
    _board_ids[slug] = (now + 60, board_id)
    return board_id


_shareable: dict[str, bool] = {}


def every_board_shareable() -> bool:
    """Whether one render of a page of many boards (a search of them all) can serve every
    member (``permissions.all_shareable``), kept while the boards' settings stand: admin
    edits renew the generation it is kept under, as for ``board_for_writing``."""
    try:
        generation = pagecache.stamp(pagecache.GLOBAL)
    except Exception:  # the cache is away
        return permissions.all_shareable(listed_boards())
    found = _shareable.get(generation)
    if found is None:
        _shareable.clear()
        found = _shareable[generation] = permissions.all_shareable(listed_boards())
    return found


def forget_boards_for_writing() -> None:
    """Drop the boards this process keeps: for writes, their ids by slug, and whether
    every member may read them all."""
    _boards_for_writing.clear()
    _board_ids.clear()
    _shareable.clear()


def get_post_for_viewer(board: Board, number: int, viewer: Viewer) -> Post:
    """A post the reader may open (``visibility.may_open_post``); the same 404 for a
    post they may not see as for a missing one."""
    if number < 1 or number > MAX_POST_NUMBER:
        raise Http404("no such post")
    found = _for_viewer(listrows.post_with_category(board.pk, number), board, viewer)
    visibility.present([found], viewer)
    return found


def post_to_comment_on(board: Board, number: int, viewer: Viewer) -> Post:
    """``get_post_for_viewer`` for a comment's write: the columns a comment needs and
    nothing else (the rest load on use), in plain SQL, which costs the database
    and the ORM a third of the query above on the busiest write there is."""
    if number < 1 or number > MAX_POST_NUMBER:
        raise Http404("no such post")
    found = Post.objects.raw(
        "SELECT id, board_id, number, status, author_ref, comments_locked, comment_count"
        " FROM boards_post WHERE board_id = %s AND number = %s AND status <> %s",
        [board.pk, number, Post.Status.DELETED],
    )
    return _for_viewer(next(iter(found), None), board, viewer)


def _for_viewer(post: Post | None, board: Board, viewer: Viewer) -> Post:
    if post is None or not visibility.may_open_post(post, viewer):
        raise Http404("no such post")
    if not permissions.can_read(board, viewer):  # its comments, scraps and reports too
        raise Http404("no such post")
    post.board = board
    return post


def own_shadowed_posts(
    board: Board,
    viewer: Viewer,
    rows: list[Post],
    first_page: bool,
    category: Category | None = None,
    excluded: list[Category] | None = None,
) -> list[Post]:
    """A silently banned member's own posts, put back into the page of the list they
    would hold if they were published, whatever the list's category filter."""
    if not viewer.is_member or viewer.is_shared or (not rows and not first_page):
        return rows
    mine = paging.listed(
        Post.objects.filter(board=board, author_ref=viewer.author_ref, status=Post.Status.SHADOWED)
    )
    if category is not None:
        mine = mine.filter(category=category)
    if excluded:
        mine = mine.exclude(category__in=excluded)
    if rows:
        mine = mine.filter(number__gte=rows[-1].number)
        if not first_page:
            mine = mine.filter(number__lte=rows[0].number)
    extra = list(mine)
    if not extra:
        return rows
    return sorted([*rows, *extra], key=lambda post: post.number, reverse=True)


def posts_of(member: Member) -> QuerySet[Post]:
    """The member's own posts (/me/), as the visibility rule shows writers their
    writing (``visibility.own_writing``): all but what they deleted, and what a
    silent ban shadowed exactly as if it were published."""
    return (
        visibility.own_writing(Post.objects.all(), visibility.as_writer(member.pk))
        .select_related("board", "category")
        .order_by("-created_at", "-id")
    )


def shown_own_posts(member: Member, posts: list[Post]) -> list[Post]:
    """The member's own posts as they are shown to them (titles and status notes)."""
    viewer = visibility.as_writer(member.pk)
    return visibility.present(visibility.present_own(posts), viewer)
