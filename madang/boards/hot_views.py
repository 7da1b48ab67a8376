"""The hot board, /hot/: the hottest posts of every board (boards/hot.py, docs/hot.md).

Cached as the home page is, under the generations of no one board: every write
to any board renews it, and so does each run of the hot-score job. Members get
the render shared by every member with their overlay laid over it
(boards/memberpages.py), as on the board pages.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from madang.boards import hot, memberpages, paging, queries
from madang.boards.memberpages import PageFacts
from madang.boards.readers import Reader
from madang.core import pagecache, pagequery
from madang.moderation.permissions import viewer_of

HOT_READS: pagequery.Reads = {"page": memberpages.page_number}


def hot_board(request: HttpRequest) -> HttpResponse:
    if pagecache.cacheable(request):
        return pagecache.cached_page(
            request, None, lambda: _hot_board(request, Reader.of(request)), reads=HOT_READS
        )
    if request.user.is_authenticated:
        shared = memberpages.member_page(
            request,
            None,
            lambda filters: _hot_board(request, Reader.neutral_member(filters)),
            viewer_of(request.user),
            reads=HOT_READS,
        )
        if shared is not None:
            return shared
    return _hot_board(request, Reader.of(request))


def _hot_board(request: HttpRequest, reader: Reader) -> HttpResponse:
    number = paging.parse_page(request.GET.get("page"))
    if number is None:
        raise Http404("not a page number")
    boards = hot.shown_boards(queries.listed_boards(), reader.viewer)
    posts = hot.hot_posts(boards, reader.viewer, reader.filters)
    last_page = paging.last_page_for(len(posts), hot.PER_PAGE)
    if number > last_page:
        return redirect(f"/hot/?page={last_page}" if last_page > 1 else "/hot/")
    start = (number - 1) * hot.PER_PAGE
    rows = posts[start : start + hot.PER_PAGE]
    page = paging.ListPage(
        rows, number, last_page, len(posts), hot.PER_PAGE, paging.page_links(number, last_page)
    )
    extra = {"csrf_placeholder": memberpages.CSRF_PLACEHOLDER} if reader.shared else {}
    response = render(request, "boards/hot.html", {**extra, "page": page, "first_rank": start + 1})
    response.madang_facts = PageFacts(  # type: ignore[attr-defined]
        rows=tuple((post.pk, post.title) for post in rows)
    )
    return response
