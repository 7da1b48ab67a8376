"""The live pages: the stream process's application, and the answer where there is none.

``application`` is what ``madang live`` serves (uvicorn): the streams of
``live/stream.py``, with the reader checked here, as the post page checks them:
the session's member, the board's read permission and the visibility rule.

``no_stream`` answers ``/live/...`` when it reaches Django instead, which
happens only where nothing routes it to the stream process (``make run``, with
no nginx in front): 204, which tells a browser's EventSource to stop trying, and
the page then asks ``comments?after=`` from time to time (static/madang/live.js).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse
from django.http.cookie import parse_cookie
from django.utils.module_loading import import_string

from madang.boards import permissions, queries
from madang.live.publishing import member_topic
from madang.live.stream import LiveApp
from madang.moderation.permissions import viewer_of


def follow_post(board_slug: str, number: int, cookie: str) -> tuple[int, str | None]:
    """The id of the post whose stream this reader may follow, and a member's own topic
    (their unread count; None for a guest); Http404 for a post they may not open,
    BoardClosed for a board they may not read."""
    close_old_connections()  # a long-lived process: a connection the server ended is replaced
    user = _user(cookie)
    viewer = viewer_of(user)
    board = queries.get_board(board_slug)
    permissions.check_read_permission(board, viewer)
    post_id = queries.get_post_for_viewer(board, number, viewer).pk
    member = member_topic(viewer.author_ref) if viewer.is_member and viewer.author_ref else None
    return post_id, member


def _user(cookie: str) -> object:
    key = parse_cookie(cookie).get(settings.SESSION_COOKIE_NAME)
    request = HttpRequest()
    request.session = import_string(f"{settings.SESSION_ENGINE}.SessionStore")(key)
    return get_user(request)


application = LiveApp(follow_post)


def no_stream(request: HttpRequest, rest: str) -> HttpResponse:
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response
