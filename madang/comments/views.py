from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from madang.boards import queries
from madang.comments.queries import comment_window

MAX_ID = 2**63 - 1


def _comment_id(raw: str | None) -> int | None:
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19 or int(raw) > MAX_ID:
        raise Http404("not a comment id")
    return int(raw)


def comment_lines(request: HttpRequest, board_slug: str, number: int) -> HttpResponse:
    """Older comments (``?before=``) or newer ones (``?after=``), as a fragment for htmx."""
    board = queries.get_board(board_slug)
    post = queries.get_post_for_viewer(board, number)
    before = _comment_id(request.GET.get("before"))
    after = _comment_id(request.GET.get("after"))
    if (before is None) == (after is None):
        raise Http404("give exactly one of before and after")
    window = comment_window(post, per_page=board.comments_per_page, before=before, after=after)
    template = "comments/older.html" if before is not None else "comments/newer.html"
    context = {
        "post": post,
        "board": board,
        "comments": window,
        "after_id": window.last_id or after,
    }
    return render(request, template, context)
