"""Each read costs a fixed number of queries, however many rows it shows (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def busy(board, make_post, make_comment, make_member, settings):
    """Twenty-five posts with three comments each; rate limits off (their counters are
    Redis or a table, depending on the run, and are tested on their own)."""
    settings.MADANG_API_ADDRESS_LIMIT = 0
    settings.MADANG_API_TOKEN_LIMIT = 0
    other = make_member()
    posts = [
        make_post(board, title=f"글 {n}", category=board.categories.first()) for n in range(25)
    ]
    for comment in range(3):
        make_comment(posts[0], body=f"댓글 {comment}", author=other)
    return posts


def _queries(api, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert api.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("path", "guest_queries"),
    [
        ("/boards", 1),
        ("/boards/square/posts", 3),  # the board, its categories, the page's rows
        ("/boards/square/posts?before=20", 3),
        ("/boards/square/posts/1", 2),  # the board, the post
        ("/boards/square/posts/1/comments", 3),  # + the comments: places and rows in one
    ],
)
def test_a_guests_read_costs_a_fixed_number_of_queries(busy, guest, path, guest_queries):
    assert _queries(guest, path) == guest_queries


def test_a_members_list_costs_the_same_on_any_page(busy, member, as_member):
    api = as_member(member)
    api.get("/boards")  # the token's day of use is noted once a day
    # A guest's three, the token with its member, the member's filters, their own
    # silently banned posts to put back in the page.
    assert _queries(api, "/boards/square/posts") == 6
    assert _queries(api, "/boards/square/posts?page=2") == 6
