"""Across boards: the hot board and search, through the same reads as /hot/ and /search.

Search follows the search pages' rules for guests (``MADANG_SEARCH_GUESTS``, and
so many searches a minute from one address, counted with the page's counter, so
that the page and the API share one allowance).
"""

from __future__ import annotations

from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError

from madang.accounts import throttle
from madang.api import auth, present
from madang.api.boards import readable_board
from madang.api.errors import answers
from madang.api.ratelimit import RateLimited
from madang.api.reading import ApiReader, reader_of
from madang.api.schemas import HotPage, SearchPage
from madang.boards import hot, paging, permissions, queries
from madang.boards.slugs import SLUG_PATTERN
from madang.core.client import client_address
from madang.search import searching
from madang.search.query import MAX_QUERY, parse

router = Router(tags=["across boards"], auth=auth.READ)

PageNumber = Annotated[int, Query(ge=1, le=paging.MAX_PAGE, description="쪽 번호")]


@router.get("/hot", response=answers({200: HotPage}), openapi_extra=auth.OPTIONAL_AUTH)
def hot_posts(request: HttpRequest, page: PageNumber = 1) -> dict[str, Any]:
    """The hot board: the hottest posts of the boards the caller may read, 20 a page."""
    reader = reader_of(request)
    boards = hot.shown_boards(queries.listed_boards(), reader.viewer)
    posts = hot.hot_posts(boards, reader.viewer, reader.filters)
    last_page = paging.last_page_for(len(posts), hot.PER_PAGE)
    start = (page - 1) * hot.PER_PAGE
    shown = posts[start : start + hot.PER_PAGE]
    return {
        "posts": [present.post_row(post, reader.viewer) for post in shown],
        "page": page,
        "last_page": last_page,
        "total": len(posts),
    }


# The search page's counter of guests' searches (search/views.py): one allowance for both.
SEARCH_LIMIT_NAME = "search-address"


def _check_guest(request: HttpRequest, reader: ApiReader) -> None:
    if reader.member is not None:
        return
    if not settings.MADANG_SEARCH_GUESTS:
        raise HttpError(403, _("검색은 회원만 할 수 있습니다."))
    limit = throttle.Limit(SEARCH_LIMIT_NAME, int(settings.MADANG_SEARCH_GUEST_LIMIT), 60)
    if not limit.count:
        return
    address = client_address(request)
    try:
        over = throttle.is_over(limit, address)
    except throttle.ThrottleUnavailable:
        return  # a search is a read, and bounded in time: let it through
    if over:
        raise RateLimited(throttle.retry_after(limit, address))
    throttle.record(limit, address)


@router.get(
    "/search", response=answers({200: SearchPage}, 403, 404), openapi_extra=auth.OPTIONAL_AUTH
)
def search(
    request: HttpRequest,
    q: Annotated[str, Query(description="찾을 말")],
    where: Annotated[
        str, Query(alias="in", description="title_body, title, body, comments 중 하나")
    ] = searching.FIELDS[0],
    order: Annotated[
        str, Query(description="new (최신순) 또는 relevance (정확도순)")
    ] = searching.NEW,
    board: Annotated[
        str | None, Query(pattern=rf"^{SLUG_PATTERN}$", description="한 게시판에서만")
    ] = None,
    category: Annotated[
        str | None, Query(max_length=40, description="그 게시판의 카테고리")
    ] = None,
    page: PageNumber = 1,
) -> dict[str, Any]:
    """Posts (or comments) that hold the words, newest first or by relevance, as the
    search pages find them for the caller."""
    reader = reader_of(request)
    typed = " ".join(q[:MAX_QUERY].split())
    if typed:
        _check_guest(request, reader)
    field = where if where in searching.FIELDS else searching.FIELDS[0]
    ordering = order if order in searching.ORDERS else searching.NEW
    scope = _scope(reader, board, category)
    results = searching.search(
        viewer=reader.viewer,
        query=parse(typed),
        scope=scope,
        field=field,
        order=ordering,
        page=page,
    )
    return {
        "hits": [
            {
                "post": present.post_row(hit.post, reader.viewer),
                "title_html": str(hit.title),
                "excerpt_html": str(hit.excerpt),
                "comment_id": hit.comment.pk if hit.comment is not None else None,
            }
            for hit in results.hits
        ],
        "page": results.number,
        "last_page": results.last_page,
        "counted": results.counted,
        "more": results.more,
        "capped": results.capped,
    }


def _scope(reader: ApiReader, slug: str | None, category_slug: str | None) -> searching.Scope:
    """Every board the reader may read, or one board (and one of its categories)."""
    if slug is None:
        boards = [b for b in queries.listed_boards() if permissions.can_read(b, reader.viewer)]
        return searching.Scope(
            boards,
            hidden_categories=reader.filters.excluded_category_ids,
            muted_words=reader.filters.muted_words,
        )
    board = readable_board(slug, reader)
    categories = queries.board_categories(board)
    category = queries.find_category(categories, category_slug)
    hidden = reader.excluded(categories, category)
    return searching.Scope(
        [board],
        category_id=category.pk if category else None,
        hidden_categories=frozenset(item.pk for item in hidden),
        muted_words=reader.filters.muted_words,
    )
