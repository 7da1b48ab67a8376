"""The API against its own OpenAPI document: requests generated from the schema
(schemathesis, with Hypothesis) to every operation, on a site with a few boards, posts
and comments. No answer may be a server error, or differ from what the schema says:
its status, content type, headers and body.

Bounded for CI: a fixed number of examples per operation, derandomized, so that a
run takes the same path each time and stays within a minute or two.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from madang.api.endpoints import api
from madang.boards.actions import pin_notice
from madang.boards.models import Access

EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """The site as a WSGI application, in the test's transaction: like Django's test client,
    it must not close the connection that holds the test's data after each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def site(board, make_board, make_post, make_comment, make_member, notice_kind, settings):
    """Two boards (one for members only), posts with comments and a notice; no rate
    limits, which have tests of their own."""
    settings.MADANG_API_ADDRESS_LIMIT = 0
    settings.MADANG_API_TOKEN_LIMIT = 0
    settings.MADANG_SEARCH_GUEST_LIMIT = 0
    members_only = make_board("inner", name="회원 게시판", read_access=Access.MEMBERS)
    other = make_member()
    for number in range(1, 6):
        post = make_post(board, title=f"마당 소식 {number}", category=board.categories.first())
        make_comment(post, body=f"{number}번 글의 댓글", author=other)
    make_post(members_only, title="회원만 보는 글")
    pin_notice(post=post, kind=notice_kind, board=board)


# The document /api/v1/openapi.json serves, read from the API itself at collection.
@pytest.fixture
def writing_token(member, token_for) -> str:
    """A member's token that may write: every operation is tried, writes too."""
    return token_for(member)


schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_schema_says(case, wsgi_app, site, writing_token):
    # Plain answers: schemathesis reads the app's bytes as they come, and the app
    # compresses for a client that accepts it (core/compression.py, tested there).
    headers = {"Authorization": f"Bearer {writing_token}", "Accept-Encoding": "identity"}
    case.call_and_validate(app=wsgi_app, headers=headers, checks=CHECKS)
