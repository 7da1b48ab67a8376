"""The API's refusals as JSON: ``{"detail": "<Korean message>"}``, with a fitting status.

The writing gate's refusals keep their message and status, except that text the
gate will not take (banned words, personal data: 400 on the pages, where the form
comes back) is 422 here. A database that is away or takes no writes is 503 with
Retry-After, as on the pages (``core/errors.py``); any other error stays a 500.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from madang.api.ratelimit import RateLimited
from madang.api.schemas import Error
from madang.boards.permissions import BoardClosed
from madang.comments.actions import CommentRefused
from madang.core.errors import database_fault
from madang.search.engine import SearchTimeout
from madang.writing.gate import Refusal

SEARCH_RETRY = 10  # seconds, after a search that ran out of time (as on the search page)


class Invalid(Exception):
    """Fields the API cannot take, by field name, each with its messages (422)."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def install(api: NinjaAPI) -> None:
    # ninja types a handler's error as the class or an instance; it is always an instance.
    def answer(
        request: HttpRequest, status: int, detail: str, retry_after: int | None = None, **more: Any
    ) -> HttpResponse:
        body: dict[str, Any] = {"detail": detail, **more}
        if retry_after is not None:
            body["retry_after"] = retry_after
        response = api.create_response(request, body, status=status)
        if retry_after is not None:
            response["Retry-After"] = str(retry_after)
        return response

    def refusal(request: HttpRequest, error: Any) -> HttpResponse:
        found = [
            {"kind": finding.kind, "label": str(finding.label), "masked": finding.masked}
            for finding in error.findings
        ]
        status = 422 if error.status == 400 else error.status
        extra: dict[str, Any] = {"personal_data": found} if found else {}
        if error.duplicates:
            extra["duplicates"] = [
                {
                    "board": earlier.post.board.slug,
                    "number": earlier.post.number,
                    "title": earlier.post.title,
                    "url": earlier.post.get_absolute_url(),
                    "same_link": earlier.same_link,
                }
                for earlier in error.duplicates
            ]
            extra["may_post_anyway"] = error.may_post_anyway
        return answer(request, status, error.message, error.retry_after, **extra)

    def unauthenticated(request: HttpRequest, error: Any) -> HttpResponse:
        message = str(error)
        if message == "Unauthorized":  # ninja's own, when no way in answered
            message = _("로그인하거나 토큰을 보내 주세요.")
        response = answer(request, 401, message)
        response["WWW-Authenticate"] = "Bearer"
        return response

    def invalid(request: HttpRequest, error: Any) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for item in error.errors:
            where = ".".join(str(part) for part in item.get("loc", ()))
            errors.setdefault(where, []).append(str(item.get("msg", "")))
        return answer(request, 422, _("보낸 값이 올바르지 않습니다."), errors=errors)

    def other(request: HttpRequest, error: Any) -> HttpResponse:
        fault = database_fault(error)
        if fault is None:
            raise error  # a 500, with Django's log entry
        message = _("지금은 데이터베이스를 쓸 수 없습니다. 잠시 뒤에 다시 시도해 주세요.")
        return answer(request, 503, message, fault.retry_after)

    api.add_exception_handler(Refusal, refusal)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(
        Invalid,
        lambda request, error: answer(
            request, 422, _("보낸 값이 올바르지 않습니다."), errors=error.errors
        ),
    )
    api.add_exception_handler(
        RateLimited, lambda request, error: answer(request, 429, str(error), error.retry_after)
    )
    api.add_exception_handler(
        HttpError, lambda request, error: answer(request, error.status_code, str(error))
    )
    api.add_exception_handler(
        Http404, lambda request, error: answer(request, 404, _("찾을 수 없습니다."))
    )
    api.add_exception_handler(BoardClosed, lambda request, error: answer(request, 403, str(error)))
    api.add_exception_handler(
        PermissionDenied, lambda request, error: answer(request, 403, _("권한이 없습니다."))
    )
    api.add_exception_handler(
        CommentRefused, lambda request, error: answer(request, 409, str(error))
    )
    api.add_exception_handler(
        SearchTimeout,
        lambda request, error: answer(
            request, 503, _("검색이 너무 오래 걸립니다. 잠시 뒤에 다시 해 주세요."), SEARCH_RETRY
        ),
    )
    api.add_exception_handler(Exception, other)


def answers(ok: dict[int, Any], *errors: int) -> dict[int, Any]:
    """An operation's answers for the schema: its own, the errors it may give (400: a body
    that is not JSON), and those every operation may give (a bad token, the rate limits,
    the database away, bad parameters)."""
    every = (401, 422, 429, 503)
    return {**ok, **{status: Error for status in (*every, *errors)}}
