"""The unread count pushed to a member's live streams: only where a stream can carry it."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from madang.writing import submit


def test_without_redis_a_notification_costs_no_count_for_the_stream(
    board, make_post, make_member, settings, django_capture_on_commit_callbacks
):
    settings.REDIS_URL = ""  # the embedded default: no stream carries a member's count
    post = make_post(board, author=make_member("writer"))
    with django_capture_on_commit_callbacks() as after_commit:
        submit.write_comment(member=make_member("visitor"), post=post, body="반가워요")
    with CaptureQueriesContext(connection) as queries:
        for callback in after_commit:
            callback()
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts == []
