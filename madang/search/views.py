"""Search pages: ``/search?q=`` across boards, ``/<board>/?q=`` in one (docs/search.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from madang.accounts import throttle
from madang.boards import memberpages, paging, permissions, queries
from madang.boards.memberpages import PageFacts
from madang.boards.models import Category
from madang.boards.permissions import BoardClosed
from madang.boards.readers import Reader
from madang.core import pagecache, pagequery
from madang.core.client import client_address
from madang.core.errors import too_many_requests
from madang.moderation.permissions import viewer_of
from madang.search import searching
from madang.search.engine import SearchTimeout
from madang.search.query import MAX_QUERY, Query, parse

ORDER_LABELS = {searching.NEW: _("최신순"), searching.RELEVANCE: _("정확도순")}
TIMEOUT_RETRY = 10  # seconds, in Retry-After after a search that ran out of time


def _typed(value: str) -> str | None:
    """What was typed, as the page reads it: spaces tidied, cut to MAX_QUERY."""
    return " ".join(value[:MAX_QUERY].split()) or None


def _choice(choices: tuple[str, ...]) -> Callable[[str], str | None]:
    def read(value: str) -> str | None:
        return value if value in choices and value != choices[0] else None

    return read


def _page_number(value: str) -> str | None:
    number = paging.parse_page(value) or 1
    return None if number == 1 else str(number)


# The parameters a search page reads; a guest's page is cached under these alone.
READS: pagequery.Reads = {
    "q": _typed,
    "in": _choice(searching.FIELDS),
    "order": _choice(searching.ORDERS),
    "page": _page_number,
    "category": pagequery.text,
}


@dataclass(frozen=True)
class Asked:
    typed: str
    query: Query
    field: str
    order: str
    page: int

    @classmethod
    def of(cls, request: HttpRequest) -> Asked:
        typed = _typed(request.GET.get("q", "")) or ""
        field = request.GET.get("in", "")
        order = request.GET.get("order", "")
        return cls(
            typed=typed,
            query=parse(typed),
            field=field if field in searching.FIELDS else searching.FIELDS[0],
            order=order if order in searching.ORDERS else searching.NEW,
            page=paging.parse_page(request.GET.get("page")) or 1,
        )

    def params(self, **changes: str) -> str:
        """This search's query string, as ``name=value&`` pairs to put a page after."""
        values = {"q": self.typed, "in": self.field, "order": self.order, **changes}
        pairs = [
            (name, value)
            for name, value in values.items()
            if value
            and not (name == "in" and value == searching.FIELDS[0])
            and not (name == "order" and value == searching.NEW)
        ]
        return urlencode(pairs) + "&"


def search_limit() -> throttle.Limit:
    return throttle.Limit("search-address", int(settings.MADANG_SEARCH_GUEST_LIMIT), 60)


def _refused(request: HttpRequest) -> HttpResponse | None:
    """Guests' searching, as the settings allow it: members only, or so many a minute
    from one address (429 with Retry-After). A counter store that cannot be reached
    lets the search through: a search is a read, and bounded in time."""
    if request.user.is_authenticated or not request.GET.get("q", "").strip():
        return None  # a member, or the empty search page: nothing is searched
    if not settings.MADANG_SEARCH_GUESTS:
        context = {"message": _("검색은 회원만 할 수 있습니다.")}
        return render(request, "search/refused.html", context, status=403)
    limit = search_limit()
    if not limit.count:
        return None
    address = client_address(request)
    try:
        over = throttle.is_over(limit, address)
    except throttle.ThrottleUnavailable:
        return None
    if over:
        message = _("검색을 너무 자주 하셨습니다. 잠시 후 다시 해 주세요.")
        return too_many_requests(request, str(message), throttle.retry_after(limit, address))
    throttle.record(limit, address)
    return None


def site_search(request: HttpRequest) -> HttpResponse:
    refused = _refused(request)
    if refused is not None:
        return refused
    if pagecache.cacheable(request):
        return pagecache.cached_page(
            request, None, lambda: _site_search(request, Reader.of(request)), reads=READS
        )
    if request.user.is_authenticated and queries.every_board_shareable():
        shared = _shared(request, None, lambda reader: _site_search(request, reader))
        if shared is not None:
            return shared
    return _site_search(request, Reader.of(request))


def _site_search(request: HttpRequest, reader: Reader) -> HttpResponse:
    asked = Asked.of(request)
    boards = [
        board for board in queries.listed_boards() if permissions.can_read(board, reader.viewer)
    ]
    scope = searching.Scope(
        boards,
        hidden_categories=reader.filters.excluded_category_ids,
        muted_words=reader.filters.muted_words,
    )
    return _answer(request, "search/results.html", reader, asked, scope, {"board": None})


def board_search(request: HttpRequest, board_slug: str) -> HttpResponse:
    """``/<board>/?q=``: the board list's page for a search (boards.views.board_list)."""
    refused = _refused(request)
    if refused is not None:
        return refused
    board_id = queries.board_id_for(board_slug)
    if board_id is not None and pagecache.cacheable(request):
        return pagecache.cached_page(
            request,
            board_id,
            lambda: _board_search(request, board_slug, Reader.of(request)),
            reads=READS,
        )
    if (
        board_id is not None
        and request.user.is_authenticated
        and permissions.shareable(queries.board_for_writing(board_slug))
    ):
        shared = _shared(
            request, board_id, lambda reader: _board_search(request, board_slug, reader)
        )
        if shared is not None:
            return shared
    return _board_search(request, board_slug, Reader.of(request))


def _shared(
    request: HttpRequest, board_id: int | None, render_for: Callable[[Reader], HttpResponse]
) -> HttpResponse | None:
    """A member's search page from the render every member shares (boards/memberpages.py):
    the search runs once per query and page until the next write, whoever asks; each
    member's muted words take rows out of it, and hidden categories have renders of their
    own. None where theirs must be their own."""
    return memberpages.member_page(
        request,
        board_id,
        lambda filters: render_for(Reader.neutral_member(filters)),
        viewer_of(request.user),
        reads=READS,
    )


def _board_search(request: HttpRequest, board_slug: str, reader: Reader) -> HttpResponse:
    board = queries.get_board(board_slug)
    try:
        permissions.check_read_permission(board, reader.viewer)
    except BoardClosed as closed:
        context = {"board": board, "message": str(closed)}
        return render(request, "boards/closed.html", context, status=403)
    categories = queries.board_categories(board)
    category = queries.find_category(categories, request.GET.get("category"))
    asked = Asked.of(request)
    hidden = reader.excluded(categories, category)
    scope = searching.Scope(
        [board],
        category_id=category.pk if category else None,
        hidden_categories=frozenset(item.pk for item in hidden),
        muted_words=reader.filters.muted_words,
    )
    extra = {
        "board": board,
        "categories": categories,
        "category": category,
        "offers_posting": permissions.offers_posting(board, reader.viewer),
    }
    return _answer(request, "search/board.html", reader, asked, scope, extra)


def _answer(
    request: HttpRequest,
    template: str,
    reader: Reader,
    asked: Asked,
    scope: searching.Scope,
    extra: dict[str, object],
) -> HttpResponse:
    results = None
    timed_out = False
    if asked.query:
        try:
            results = searching.search(
                viewer=reader.viewer,
                query=asked.query,
                scope=scope,
                field=asked.field,
                order=asked.order,
                page=asked.page,
            )
        except SearchTimeout:
            timed_out = True
    if results is not None and results.number > results.last_page:
        return redirect(f"{request.path}?{_with_category(asked, extra)}page={results.last_page}")
    context = {
        **extra,
        **({"csrf_placeholder": memberpages.CSRF_PLACEHOLDER} if reader.shared else {}),
        "asked": asked,
        "results": results,
        "timed_out": timed_out,
        "order_labels": ORDER_LABELS,
        "query_string": _with_category(asked, extra),
        "query_fields": parse_qsl(_with_category(asked, extra)),  # the page box's (search/_pages)
        "order_queries": {
            order: _with_category(asked, extra, order=order) for order in ORDER_LABELS
        },
        "max_results": searching.max_results(),
    }
    response = render(request, template, context, status=503 if timed_out else 200)
    if timed_out:
        response["Retry-After"] = str(TIMEOUT_RETRY)
    across = extra.get("board") is None  # rows of many boards are known by id, not number
    hits = results.hits if results is not None else []
    response.madang_facts = PageFacts(  # type: ignore[attr-defined]
        rows=tuple((hit.post.pk if across else hit.post.number, hit.post.title) for hit in hits)
    )
    return response


def _with_category(asked: Asked, extra: dict[str, object], **changes: str) -> str:
    category = extra.get("category")
    if isinstance(category, Category):
        changes["category"] = category.slug
    return asked.params(**changes)
