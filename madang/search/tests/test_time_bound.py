"""A search that runs too long is stopped, on either database, and the connection goes on."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from madang.search.engine import SearchTimeout, time_bound

SLOW = {
    # Counting to a billion, one row at a time.
    "sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000)"
    " SELECT count(*) FROM c",
    "postgresql": "SELECT pg_sleep(5)",
}


@pytest.mark.django_db
def test_a_query_past_its_time_is_stopped():
    started = time.monotonic()
    with pytest.raises(SearchTimeout), time_bound("default", 0.1), connection.cursor() as cursor:
        cursor.execute(SLOW[connection.vendor])
    assert time.monotonic() - started < 2


@pytest.mark.django_db
def test_after_a_search_other_queries_have_no_bound():
    with time_bound("default", 0.5), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "0"
        else:
            quick = SLOW["sqlite"].replace("1000000000", "300000")
            started = time.monotonic()
            cursor.execute(quick)
            assert cursor.fetchone()[0] == 300000
            assert time.monotonic() - started < 5
