"""Reading boards and posts: /boards, a board, its notices, its list, a post.

Through the pages' own reads (``boards.queries``, ``boards.paging``) and the
visibility rule, for the caller as the pages would see them: a board they may not
read is 403 with the page's message; a post they may not open, the same 404 as a
missing one. A member's hidden categories and muted words thin the lists here as
there, and a silently banned member finds their own posts where the list would
hold them.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from madang.api import auth, present
from madang.api.errors import Invalid, answers
from madang.api.reading import ApiReader, reader_of
from madang.api.schemas import BoardDetail, BoardOut, Notice, PostOut, PostPage
from madang.boards import paging, permissions, queries, visibility
from madang.boards.models import Board, Category, Post
from madang.boards.scraps import has_scrapped
from madang.boards.slugs import SLUG_PATTERN
from madang.boards.viewcounts import count_reported_view
from madang.boards.votes import vote_of

router = Router(tags=["boards"], auth=auth.READ)

Slug = Annotated[str, Path(pattern=rf"^{SLUG_PATTERN}$", description="게시판 주소")]
Number = Annotated[int, Path(ge=1, le=queries.MAX_POST_NUMBER, description="글 번호")]


def readable_board(slug: str, reader: ApiReader) -> Board:
    """The board, if the reader may read it: 404 for none, 403 (BoardClosed) otherwise."""
    board = queries.get_board(slug)
    permissions.check_read_permission(board, reader.viewer)
    return board


@router.get("/boards", response=answers({200: list[BoardOut]}), openapi_extra=auth.OPTIONAL_AUTH)
def list_boards(request: HttpRequest) -> list[dict[str, Any]]:
    """Every board the caller may read, in the directory's order."""
    viewer = reader_of(request).viewer
    boards = queries.listed_boards()
    return [present.board_out(board) for board in boards if permissions.can_read(board, viewer)]


@router.get(
    "/boards/{slug}",
    response=answers({200: BoardDetail}, 403, 404),
    openapi_extra=auth.OPTIONAL_AUTH,
)
def board_detail(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    """A board with its categories, and whether the caller may write in it."""
    reader = reader_of(request)
    board = readable_board(slug, reader)
    return present.board_detail(board, queries.board_categories(board), reader.viewer)


@router.get(
    "/boards/{slug}/notices",
    response=answers({200: list[Notice]}, 403, 404),
    openapi_extra=auth.OPTIONAL_AUTH,
)
def board_notices(request: HttpRequest, slug: Slug) -> list[dict[str, Any]]:
    """The notices pinned above the board's list: its own and the site-wide ones."""
    reader = reader_of(request)
    board = readable_board(slug, reader)
    notices = queries.notices_for(board)
    visibility.present([notice.post for notice in notices], reader.viewer)
    return [
        {
            "kind": notice.kind.name,
            "site_wide": notice.board_id is None,
            "post": present.post_row(notice.post, reader.viewer),
        }
        for notice in notices
    ]


@router.get(
    "/boards/{slug}/posts",
    response=answers({200: PostPage}, 403, 404),
    openapi_extra=auth.OPTIONAL_AUTH,
)
def board_posts(
    request: HttpRequest,
    slug: Slug,
    page: Annotated[int | None, Query(ge=1, le=paging.MAX_PAGE, description="쪽 번호")] = None,
    before: Annotated[
        int | None,
        Query(ge=1, le=queries.MAX_POST_NUMBER, description="이 번호보다 오래된 글부터 (커서)"),
    ] = None,
    category: Annotated[str | None, Query(max_length=40, description="카테고리 주소")] = None,
) -> dict[str, Any]:
    """The board's list, newest first: numbered pages (``page``), or from a post number
    down (``before``; each answer's ``next_before`` gives the next), which stays cheap
    however far down it goes."""
    if page is not None and before is not None:
        raise Invalid({"before": [_("page와 before 중 하나만 보내 주세요.")]})
    reader = reader_of(request)
    board = readable_board(slug, reader)
    categories = queries.board_categories(board)
    chosen = queries.find_category(categories, category)
    excluded = reader.excluded(categories, chosen)
    per_page = paging.posts_per_page()
    total = paging.count_without(board, excluded) if excluded else paging.count_for(board, chosen)
    if before is None:
        rows, next_before, last_page = _numbered(board, chosen, excluded, page or 1, total)
        rows = _shown(reader, board, rows, (page or 1) == 1, chosen, excluded)
    else:
        rows, next_before = _keyset(board, chosen, excluded, before, per_page)
        rows = [row for row in _shown(reader, board, rows, True, chosen, excluded)]
        rows = [row for row in rows if row.number < before]
        last_page = None
    return {
        "posts": [present.post_row(row, reader.viewer) for row in rows],
        "total": total,
        "per_page": per_page,
        "page": (page or 1) if before is None else None,
        "last_page": last_page,
        "next_before": next_before,
    }


def _numbered(
    board: Board, chosen: Category | None, excluded: list[Category], number: int, total: int
) -> tuple[list[Post], int | None, int]:
    last_page = paging.last_page_for(total, paging.posts_per_page())
    if number > last_page:
        return [], None, last_page
    if excluded:
        listed = paging.filtered_list_page(board, excluded, number)
    else:
        listed = paging.list_page(board, chosen, number)
    more = number < last_page and listed.rows
    return listed.rows, listed.rows[-1].number if more else None, last_page


def _keyset(
    board: Board, chosen: Category | None, excluded: list[Category], before: int, per_page: int
) -> tuple[list[Post], int | None]:
    """The posts below number ``before``: one walk down the list's index from there."""
    fetched = list(
        paging.published_posts(board, chosen)
        .filter(number__lt=before)
        .exclude(category__in=excluded)
        .select_related("category")
        .order_by("-number")[: per_page + 1]
    )
    more = len(fetched) > per_page
    fetched = fetched[:per_page]
    return fetched, fetched[-1].number if more else None


def _shown(
    reader: ApiReader,
    board: Board,
    rows: list[Post],
    first_page: bool,
    chosen: Category | None,
    excluded: list[Category],
) -> list[Post]:
    """The rows as the list page shows them to this reader (``boards.views._list_context``):
    muted titles out, their own silently banned posts in, each veiled or not."""
    if reader.filters.muted_words:
        rows = [row for row in rows if not reader.filters.mutes(row.title)]
    rows = queries.own_shadowed_posts(board, reader.viewer, rows, first_page, chosen, excluded)
    for row in rows:
        row.board = board
    return visibility.present(rows, reader.viewer)


@router.get(
    "/boards/{slug}/posts/{number}",
    response=answers({200: PostOut}, 403, 404),
    openapi_extra=auth.OPTIONAL_AUTH,
)
def post_detail(request: HttpRequest, slug: Slug, number: Number) -> dict[str, Any]:
    """A post, as its page shows it; reading it counts a view, as the page does."""
    reader = reader_of(request)
    board = readable_board(slug, reader)
    post = queries.get_post_for_viewer(board, number, reader.viewer)
    count_reported_view(request, post.pk)
    member = reader.member
    return present.post_out(
        post,
        reader.viewer,
        scrapped=has_scrapped(member, post) if member else None,
        my_vote=vote_of(member, post) if member and board.votes else 0,
    )
