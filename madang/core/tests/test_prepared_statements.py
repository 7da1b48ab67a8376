"""On PostgreSQL, the statements a page runs again and again are prepared on the
server (config.server_database): planned once per connection, not on every render."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from madang.config import PREPARE_AFTER, server_database

pytestmark = pytest.mark.postgres


def test_the_server_database_binds_on_the_server_and_prepares_what_repeats():
    options = server_database("postgres://madang@db.example:5432/madang")["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == PREPARE_AFTER


def test_a_post_page_read_again_runs_prepared_statements(board, make_post, settings):
    settings.MADANG_PAGE_CACHE = False  # each request renders, and reads its rows
    make_post(board, title="여러 번 읽히는 글")
    reader = Client()
    for _ in range(PREPARE_AFTER + 1):
        assert reader.get("/square/1").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "boards_post"' in statement for statement in prepared), prepared
