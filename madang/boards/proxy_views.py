"""Views that the caching proxy in front reports (docs/deploy/nginx.md, "View counts").

nginx answers many post pages from its one-second cache, where the app never
sees them; it sends a copy of every post-page request here instead, with the
reader's cookies, browser and address, and the page request itself counts
nothing (``viewcounts.reported_by_proxy``). Each view is then counted once,
from the cache or not.

Only a trusted proxy may report: anyone else gets 403. Even so, a report
counts exactly what a request for the page would, under the same viewer key,
so it cannot add views that reading the page would not.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from madang.boards import queries, viewcounts
from madang.moderation.permissions import request_viewer


@require_safe
def proxied_view(request: HttpRequest, board_slug: str, number: int) -> HttpResponse:
    if not viewcounts.reported_by_proxy(request):
        raise PermissionDenied("only the caching proxy reports views")
    board = queries.get_board(board_slug)
    post = queries.get_post_for_viewer(board, number, request_viewer(request))
    viewcounts.count_reported_view(request, post.pk)
    return HttpResponse(status=204)
