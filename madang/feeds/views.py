"""The feeds: /feeds/<board>.atom (``?category=<slug>`` for one category) and
/feeds/hot.atom (docs/feeds.md).

A feed is read as a guest reads the pages, whoever asks: a board guests may
not read is the same 404 as a board that does not exist, and so is a category
the board does not have.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from madang.boards import permissions, queries, visibility
from madang.core import pagequery
from madang.feeds import atom, documents
from madang.feeds.caching import cached_feed
from madang.feeds.documents import Site

BOARD_READS: pagequery.Reads = {"category": pagequery.text}
# A category slug as boards store them (SlugField, 40 characters at most).
_CATEGORY = re.compile(r"[-a-zA-Z0-9_]{1,40}")


def _site(request: HttpRequest) -> Site:
    root = request.build_absolute_uri("/")
    return Site(root=root, authority=urlsplit(root).hostname or "localhost")


@require_safe
def board_feed(request: HttpRequest, board_slug: str) -> HttpResponse:
    board_id = queries.board_id_for(board_slug)
    chosen = request.GET.get("category") or ""
    # Anything that cannot be a slug is answered before it reaches the cache's key.
    if board_id is None or (chosen and not _CATEGORY.fullmatch(chosen)):
        raise Http404("no such feed")
    return cached_feed(
        request, board_id, lambda: _board_feed(request, board_slug), reads=BOARD_READS
    )


def _board_feed(request: HttpRequest, board_slug: str) -> bytes:
    board = queries.get_board(board_slug)
    if not permissions.can_read(board, visibility.GUEST):
        raise Http404("no such feed")
    category = queries.find_category(queries.board_categories(board), request.GET.get("category"))
    return atom.render(documents.board_feed(_site(request), board, category))


@require_safe
def hot_feed(request: HttpRequest) -> HttpResponse:
    return cached_feed(request, None, lambda: atom.render(documents.hot_feed(_site(request))))
